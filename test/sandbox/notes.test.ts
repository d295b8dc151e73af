import { KustomerSandbox, SEEDED_TEAM_IDS, SEEDED_USER_IDS } from '../../sandbox';
import { call, createConversation, createCustomer, MISSING_ID } from './helpers';

describe('sandbox notes', () => {
	let sb: KustomerSandbox;
	let customer: string;
	let conversation: string;

	beforeAll(async () => {
		sb = await KustomerSandbox.start();
	});
	afterAll(() => sb.close());
	beforeEach(async () => {
		sb.reset();
		customer = await createCustomer(sb, { name: 'Noted' });
		conversation = await createConversation(sb, customer);
	});

	const noteCount = (id = conversation) => sb.store.conversations.get(id)?.attributes.noteCount;

	async function addNote(body: Record<string, unknown>, conv = conversation): Promise<string> {
		const r = await call(sb, 'POST', `/v1/conversations/${conv}/notes`, { body });
		if (r.status !== 201) throw new Error(`${r.status} ${r.text}`);
		return r.json.data.id;
	}

	it('creates a note with conversation, customer and mention relationships, bumping noteCount', async () => {
		const body = { body: 'Hey __Alice Agent__, can you look?', userMentions: [{ user: SEEDED_USER_IDS[1] }, { team: SEEDED_TEAM_IDS[0] }] };
		const r = await call(sb, 'POST', `/v1/conversations/${conversation}/notes`, { body });
		expect(r.status).toBe(201);
		const data = r.json.data;
		expect(data).toMatchObject({ type: 'note', links: { self: `/v1/notes/${data.id}` }, attributes: body });
		expect(data.relationships.conversation.data).toEqual({ type: 'conversation', id: conversation });
		expect(data.relationships.customer.data).toEqual({ type: 'customer', id: customer });
		expect(data.relationships.userMentions.data).toEqual([
			{ type: 'user', id: SEEDED_USER_IDS[1] },
			{ type: 'team', id: SEEDED_TEAM_IDS[0] },
		]);
		expect(noteCount()).toBe(1);
		expect(sb.counters.created.note).toBe(1);
	});

	it('answers 404 for unknown conversations and 400 with a pointer for bodies the spec refuses', async () => {
		expect((await call(sb, 'POST', `/v1/conversations/${MISSING_ID}/notes`, { body: { body: 'x' } })).status).toBe(404);
		const long = await call(sb, 'POST', `/v1/conversations/${conversation}/notes`, { body: { body: 'x'.repeat(10241) } });
		expect(long.status).toBe(400);
		expect(long.json.errors[0]).toMatchObject({ code: 'invalid', source: { pointer: '/body' } });
		expect(long.json.errors[0].title).toContain('10240');
		expect((await call(sb, 'POST', `/v1/conversations/${conversation}/notes`, { body: { body: 'x'.repeat(10240) } })).status).toBe(201);
		const missing = await call(sb, 'POST', `/v1/conversations/${conversation}/notes`, { body: { userMentions: [] } });
		expect(missing.json.errors[0].source).toEqual({ pointer: '/body' });
		const extra = await call(sb, 'POST', `/v1/conversations/${conversation}/notes`, { body: { body: 'x', internal: true } });
		expect(extra.json.errors[0].source).toEqual({ pointer: '/internal' });
		expect(noteCount()).toBe(1);
	});

	it('lists per conversation, per customer and org-wide with links.next; 404 for unknown parents', async () => {
		const other = await createConversation(sb, customer);
		for (let i = 0; i < 3; i++) await addNote({ body: `n${i}` });
		await addNote({ body: 'elsewhere' }, other);
		const page = await call(sb, 'GET', `/v1/conversations/${conversation}/notes?pageSize=2`);
		expect(page.json.data.map((n: any) => n.attributes.body)).toEqual(['n0', 'n1']);
		expect(page.json.links.next).toBe(`/v1/conversations/${conversation}/notes?page=2&pageSize=2`);
		expect((await call(sb, 'GET', page.json.links.next)).json.links.next).toBeNull();
		expect((await call(sb, 'GET', `/v1/customers/${customer}/notes`)).json.data).toHaveLength(4);
		expect((await call(sb, 'GET', '/v1/notes?page=2&pageSize=3')).json.data.map((n: any) => n.attributes.body)).toEqual(['elsewhere']);
		expect((await call(sb, 'GET', `/v1/conversations/${MISSING_ID}/notes`)).status).toBe(404);
		expect((await call(sb, 'GET', `/v1/customers/${MISSING_ID}/notes`)).status).toBe(404);
	});

	it('gets, patches, replaces and deletes by id; noteCount follows moves and deletes', async () => {
		const id = await addNote({ body: 'first', externalId: 'n-1', userMentions: [{ user: SEEDED_USER_IDS[2] }] });
		expect((await call(sb, 'GET', `/v1/notes/${id}`)).json.data.attributes.body).toBe('first');
		const patched = await call(sb, 'PATCH', `/v1/notes/${id}`, { body: { body: 'edited' } });
		expect(patched.json.data.attributes).toMatchObject({ body: 'edited', externalId: 'n-1', userMentions: [{ user: SEEDED_USER_IDS[2] }] });
		const putNoConversation = await call(sb, 'PUT', `/v1/notes/${id}`, { body: { body: 'x' } });
		expect(putNoConversation.json.errors[0].source).toEqual({ pointer: '/conversation' });
		const other = await createConversation(sb, customer);
		const replaced = await call(sb, 'PUT', `/v1/notes/${id}?replace=true`, { body: { conversation: other, body: 'moved' } });
		expect(replaced.json.data.attributes).toEqual(expect.objectContaining({ body: 'moved', userMentions: [] }));
		expect(replaced.json.data.attributes).not.toHaveProperty('externalId');
		expect(replaced.json.data.relationships.conversation.data.id).toBe(other);
		expect([noteCount(), noteCount(other)]).toEqual([0, 1]);
		expect((await call(sb, 'PATCH', `/v1/notes/${id}`, { body: { body: 'x'.repeat(10241) } })).status).toBe(400);
		expect((await call(sb, 'DELETE', `/v1/notes/${id}`)).status).toBe(204);
		expect(noteCount(other)).toBe(0);
		expect((await call(sb, 'GET', `/v1/notes/${id}`)).status).toBe(404);
		expect((await call(sb, 'PATCH', `/v1/notes/${id}`, { body: { body: 'x' } })).status).toBe(404);
		expect((await call(sb, 'DELETE', `/v1/notes/${id}`)).status).toBe(404);
		expect(sb.counters).toMatchObject({ created: { note: 1 }, updated: { note: 2 }, deleted: { note: 1 } });
	});

	it('deleting a conversation deletes its notes', async () => {
		const id = await addNote({ body: 'gone soon' });
		await call(sb, 'DELETE', `/v1/conversations/${conversation}`);
		expect((await call(sb, 'GET', `/v1/notes/${id}`)).status).toBe(404);
	});
});
