import { KustomerSandbox, SEEDED_QUEUE_IDS, SEEDED_TAG_IDS, SEEDED_USER_IDS } from '../../sandbox';
import { call, createConversation, createCustomer, MISSING_ID } from './helpers';

describe('sandbox conversations', () => {
	let sb: KustomerSandbox;
	let customer: string;

	beforeAll(async () => {
		sb = await KustomerSandbox.start();
	});
	afterAll(() => sb.close());
	beforeEach(async () => {
		sb.reset();
		customer = await createCustomer(sb, { name: 'Conversation Owner' });
	});

	const counts = (id = customer) => sb.store.customers.get(id)?.attributes.conversationCounts;

	it('creates under a customer with the envelope, defaults and read-only attributes', async () => {
		const r = await call(sb, 'POST', `/v1/customers/${customer}/conversations`, {
			body: { name: 'Late delivery', priority: 2, externalId: 'conv-1', custom: { orderStr: 'A-1' } },
		});
		expect(r.status).toBe(201);
		const data = r.json.data;
		expect(data).toMatchObject({ type: 'conversation', links: { self: `/v1/conversations/${data.id}` } });
		expect(data.id).toMatch(/^[0-9a-f]{24}$/);
		expect(data.attributes).toMatchObject({
			name: 'Late delivery',
			status: 'open',
			priority: 2,
			direction: 'in',
			externalId: 'conv-1',
			channels: [],
			messageCount: 0,
			noteCount: 0,
			tags: [],
			assignedUsers: [],
			custom: { orderStr: 'A-1' },
			rev: 1,
		});
		for (const key of ['createdAt', 'updatedAt', 'modifiedAt']) expect(Date.parse(data.attributes[key])).not.toBeNaN();
		expect(data.relationships.customer).toEqual({ links: { self: `/v1/customers/${customer}` }, data: { type: 'customer', id: customer } });
		expect(data.relationships.messages).toEqual({ links: { self: `/v1/conversations/${data.id}/messages` } });
		expect(data.relationships.createdBy.data.type).toBe('user');
		expect(sb.counters.created.conversation).toBe(1);
		expect(counts()).toEqual({ all: 1, open: 1, snoozed: 0, done: 0 });
	});

	it('creates with POST /v1/conversations (customer required) and answers 404 for unknown customers', async () => {
		const r = await call(sb, 'POST', '/v1/conversations', { body: { customer, status: 'done', queue: { id: SEEDED_QUEUE_IDS[1] } } });
		expect(r.status).toBe(201);
		expect(r.json.data.relationships.queue.data).toEqual({ type: 'queue', id: SEEDED_QUEUE_IDS[1] });
		expect(counts()).toEqual({ all: 1, open: 0, snoozed: 0, done: 1 });
		const missing = await call(sb, 'POST', '/v1/conversations', { body: { customer: MISSING_ID } });
		expect(missing.status).toBe(404);
		expect(missing.json.errors[0]).toMatchObject({ status: 404, code: 'not_found' });
		expect((await call(sb, 'POST', `/v1/customers/${MISSING_ID}/conversations`, { body: {} })).status).toBe(404);
		const noCustomer = await call(sb, 'POST', '/v1/conversations', { body: { name: 'orphan' } });
		expect(noCustomer.status).toBe(400);
		expect(noCustomer.json.errors[0].source).toEqual({ pointer: '/customer' });
		expect(sb.counters.created.conversation).toBe(1);
	});

	it('validates against the spec with pointers: priority 1-5, no snoozed on create, tag limits', async () => {
		const priority = await call(sb, 'POST', `/v1/customers/${customer}/conversations`, { body: { priority: 7 } });
		expect(priority.status).toBe(400);
		expect(priority.json.errors).toEqual([expect.objectContaining({ code: 'invalid', source: { pointer: '/priority' } })]);
		const snoozed = await call(sb, 'POST', '/v1/conversations', { body: { customer, status: 'snoozed' } });
		expect(snoozed.status).toBe(400);
		expect(snoozed.json.errors[0].source).toEqual({ pointer: '/status' });
		expect(snoozed.json.errors[0].title).toContain('"open", "done"');
		const tooMany = await call(sb, 'POST', '/v1/conversations', { body: { customer, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) } });
		expect(tooMany.json.errors[0].source).toEqual({ pointer: '/tags' });
		// the update bodies are a oneOf; the error still names the member, not "must match exactly one schema"
		const id = await createConversation(sb, customer);
		for (const method of ['PATCH', 'PUT']) {
			const bad = await call(sb, method, `/v1/conversations/${id}`, { body: { priority: 7 } });
			expect(bad.status).toBe(400);
			expect(bad.json.errors).toEqual([expect.objectContaining({ source: { pointer: '/priority' } })]);
		}
		expect(sb.requests.filter((r) => r.status === 400).every((r) => r.valid === false)).toBe(true);
		expect(sb.store.conversations.size).toBe(1);
	});

	it('gets by id, by a comma-separated id list and by externalId; 404 otherwise', async () => {
		const a = await createConversation(sb, customer, { externalId: 'ext/1 a' });
		const b = await createConversation(sb, customer);
		expect((await call(sb, 'GET', `/v1/conversations/${a}`)).json.data.id).toBe(a);
		const both = await call(sb, 'GET', `/v1/conversations/${a},${b}`);
		expect(both.json.data.map((d: any) => d.id)).toEqual([a, b]);
		const byExt = await call(sb, 'GET', `/v1/conversations/externalId=${encodeURIComponent('ext/1 a')}`);
		expect(byExt.status).toBe(200);
		expect(byExt.json.data.id).toBe(a);
		expect((await call(sb, 'GET', `/v1/conversations/${MISSING_ID}`)).status).toBe(404);
		expect((await call(sb, 'GET', '/v1/conversations/externalId=nope')).status).toBe(404);
		const dup = await call(sb, 'POST', `/v1/customers/${customer}/conversations`, { body: { externalId: 'ext/1 a' } });
		expect(dup.status).toBe(409);
	});

	it('lists all conversations and a customer\'s, paged with links.next and sort=desc', async () => {
		const other = await createCustomer(sb, { name: 'Other' });
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push(await createConversation(sb, i < 3 ? customer : other, { name: `c${i}` }));
		const first = await call(sb, 'GET', '/v1/conversations?page=1&pageSize=2');
		expect(first.json.meta).toMatchObject({ page: 1, pageSize: 2, total: 5 });
		expect(first.json.data.map((d: any) => d.id)).toEqual(ids.slice(0, 2));
		expect(first.json.links).toMatchObject({ prev: null, next: '/v1/conversations?page=2&pageSize=2' });
		const last = await call(sb, 'GET', '/v1/conversations?page=3&pageSize=2');
		expect(last.json.links.next).toBeNull();
		const desc = await call(sb, 'GET', '/v1/conversations?sort=desc&pageSize=2');
		expect(desc.json.data[0].id).toBe(ids[4]);
		expect(desc.json.links.next).toBe('/v1/conversations?sort=desc&page=2&pageSize=2');
		const mine = await call(sb, 'GET', `/v1/customers/${customer}/conversations?pageSize=2`);
		expect(mine.json.meta.total).toBe(3);
		expect(mine.json.links.next).toBe(`/v1/customers/${customer}/conversations?page=2&pageSize=2`);
		expect((await call(sb, 'GET', `/v1/customers/${MISSING_ID}/conversations`)).status).toBe(404);
		const none = await call(sb, 'GET', `/v1/customers/${customer}/conversations?fromDate=2999-01-01T00:00:00.000Z`);
		expect(none.json.data).toEqual([]);
	});

	it('PATCH merges (custom key by key, null deletes), bumps rev and checks it; PUT ?replace=true replaces', async () => {
		const id = await createConversation(sb, customer, { name: 'Before', priority: 4, custom: { aStr: 'a', bNum: 1 } });
		const created = sb.store.conversations.get(id)!.attributes;
		const patched = await call(sb, 'PATCH', `/v1/conversations/${id}`, { body: { name: 'After', custom: { bNum: null, cBool: true }, rev: 1 } });
		expect(patched.status).toBe(200);
		expect(patched.json.data.attributes).toMatchObject({ name: 'After', priority: 4, custom: { aStr: 'a', cBool: true }, rev: 2 });
		expect(patched.json.data.attributes.custom).not.toHaveProperty('bNum');
		expect(Date.parse(patched.json.data.attributes.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
		const stale = await call(sb, 'PATCH', `/v1/conversations/${id}`, { body: { name: 'x', rev: 1 } });
		expect(stale.status).toBe(409);
		const merged = await call(sb, 'PUT', `/v1/conversations/${id}`, { body: { priority: 1 } });
		expect(merged.json.data.attributes).toMatchObject({ name: 'After', priority: 1, rev: 3 });
		const replaced = await call(sb, 'PUT', `/v1/conversations/${id}?replace=true`, { body: { name: 'Only' } });
		expect(replaced.json.data.attributes).toMatchObject({ name: 'Only', priority: 3, custom: {}, status: 'open', rev: 4, createdAt: created.createdAt });
		expect(sb.counters.updated.conversation).toBe(3);
		expect((await call(sb, 'PATCH', `/v1/conversations/${MISSING_ID}`, { body: { name: 'x' } })).status).toBe(404);
	});

	it('snoozes and closes via update, keeping the customer\'s conversationCounts in step', async () => {
		const a = await createConversation(sb, customer);
		const b = await createConversation(sb, customer);
		expect(counts()).toEqual({ all: 2, open: 2, snoozed: 0, done: 0 });
		const snooze = { status: 'scheduled', time: '2030-01-01T09:00:00.000Z' };
		const r = await call(sb, 'PATCH', `/v1/conversations/${a}`, { body: { status: 'snoozed', snooze } });
		expect(r.json.data.attributes).toMatchObject({ status: 'snoozed', snooze });
		await call(sb, 'PUT', `/v1/conversations/${b}`, { body: { status: 'done' } });
		expect(counts()).toEqual({ all: 2, open: 0, snoozed: 1, done: 1 });
		const bad = await call(sb, 'PATCH', `/v1/conversations/${a}`, { body: { status: 'closed' } });
		expect(bad.json.errors[0].source).toEqual({ pointer: '/status' });
		expect((await call(sb, 'DELETE', `/v1/conversations/${a}`)).status).toBe(204);
		expect(counts()).toEqual({ all: 1, open: 0, snoozed: 0, done: 1 });
		expect((await call(sb, 'GET', `/v1/conversations/${a}`)).status).toBe(404);
		expect((await call(sb, 'DELETE', `/v1/conversations/${a}`)).status).toBe(404);
		expect(sb.counters.deleted.conversation).toBe(1);
	});

	it('moves a conversation to another customer with {customer}', async () => {
		const other = await createCustomer(sb, { name: 'New Owner' });
		const id = await createConversation(sb, customer);
		const r = await call(sb, 'PUT', `/v1/conversations/${id}`, { body: { customer: other } });
		expect(r.status).toBe(200);
		expect(r.json.data.relationships.customer.data.id).toBe(other);
		expect(counts()).toEqual({ all: 0, open: 0, snoozed: 0, done: 0 });
		expect(counts(other)).toEqual({ all: 1, open: 1, snoozed: 0, done: 0 });
		expect((await call(sb, 'PUT', `/v1/conversations/${id}`, { body: { customer: MISSING_ID } })).status).toBe(404);
	});

	it('assigns users, teams and a queue, and accepts an empty update (errata 4 and 5)', async () => {
		const id = await createConversation(sb, customer);
		const r = await call(sb, 'PATCH', `/v1/conversations/${id}`, { body: { assignedUsers: [SEEDED_USER_IDS[1]], queue: { id: SEEDED_QUEUE_IDS[2] } } });
		expect(r.status).toBe(200);
		expect(r.json.data.attributes.assignedUsers).toEqual([SEEDED_USER_IDS[1]]);
		expect(r.json.data.relationships.queue.data.id).toBe(SEEDED_QUEUE_IDS[2]);
		expect((await call(sb, 'PATCH', `/v1/conversations/${id}`, { body: {} })).status).toBe(200);
		expect((await call(sb, 'PATCH', `/v1/conversations/${id}`, { body: { assignedUsers: ['not-an-id'] } })).json.errors[0].source).toEqual({
			pointer: '/assignedUsers/0',
		});
	});

	it('adds tags by name or id (creating unknown ones) and removes them, answering the conversation', async () => {
		const id = await createConversation(sb, customer, { tags: ['vip'] });
		expect(sb.store.conversations.get(id)?.attributes.tags).toEqual([SEEDED_TAG_IDS[0]]);
		const added = await call(sb, 'POST', `/v1/conversations/${id}/tags`, { body: ['brand-new', SEEDED_TAG_IDS[1], 'vip'] });
		expect(added.status).toBe(200);
		const tags: string[] = added.json.data.attributes.tags;
		expect(tags).toHaveLength(3);
		expect(tags.slice(0, 2)).toEqual([SEEDED_TAG_IDS[0], expect.stringMatching(/^[0-9a-f]{24}$/)]);
		expect(sb.store.tags.get(tags[1])?.attributes.name).toBe('brand-new');
		expect(added.json.data.attributes.rev).toBe(2);
		const listed = await call(sb, 'GET', '/v1/tags');
		expect(listed.json.data.map((t: any) => t.attributes.name)).toContain('brand-new');
		const removed = await call(sb, 'DELETE', `/v1/conversations/${id}/tags`, { body: ['vip', 'never-existed', tags[1]] });
		expect(removed.json.data.attributes.tags).toEqual([SEEDED_TAG_IDS[1]]);
		expect(sb.store.tags.size).toBe(6);
		const tooMany = await call(sb, 'POST', `/v1/conversations/${id}/tags`, { body: Array.from({ length: 21 }, (_, i) => `t${i}`) });
		expect(tooMany.status).toBe(400);
		const badName = await call(sb, 'POST', `/v1/conversations/${id}/tags`, { body: ['ok', 'no!'] });
		expect(badName.json.errors[0].source).toEqual({ pointer: '/1' });
		expect((await call(sb, 'POST', `/v1/conversations/${MISSING_ID}/tags`, { body: ['x'] })).status).toBe(404);
	});
});
