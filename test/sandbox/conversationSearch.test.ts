import { KustomerSandbox, SEEDED_QUEUE_IDS, SEEDED_TAG_IDS, SEEDED_TEAM_IDS, SEEDED_USER_IDS } from '../../sandbox';
import { call, createConversation, createCustomer } from './helpers';

describe('sandbox search with queryContext "conversation"', () => {
	let sb: KustomerSandbox;
	let ann: string;
	let ben: string;
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		sb = await KustomerSandbox.start();
		ann = await createCustomer(sb, { name: 'Ann' });
		ben = await createCustomer(sb, { name: 'Ben' });
		ids.refund = await createConversation(sb, ann, { name: 'Refund request', priority: 5, tags: ['refund', 'vip'], custom: { orderNum: 42 } });
		ids.bug = await createConversation(sb, ann, { name: 'App crashes', priority: 2, tags: ['bug'], assignedUsers: [SEEDED_USER_IDS[1]] });
		ids.billing = await createConversation(sb, ben, {
			name: 'Invoice copy',
			status: 'done',
			assignedTeams: [SEEDED_TEAM_IDS[1]],
			queue: { id: SEEDED_QUEUE_IDS[1] },
			custom: { orderNum: 7, channelStr: 'web' },
		});
		await call(sb, 'POST', `/v1/conversations/${ids.bug}/messages`, { body: { channel: 'chat', app: 'chat' } });
	});
	afterAll(() => sb.close());

	async function search(body: Record<string, unknown>, query = ''): Promise<any> {
		const r = await call(sb, 'POST', `/v1/customers/search${query}`, { body: { queryContext: 'conversation', ...body } });
		if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
		return r.json;
	}
	const found = async (and: unknown, extra: Record<string, unknown> = {}) =>
		(await search({ and, ...extra })).data.map((d: any) => Object.keys(ids).find((k) => ids[k] === d.id));

	it('returns conversations in the search envelope', async () => {
		const json = await search({});
		expect(json.meta).toMatchObject({ page: 1, pageSize: 100, total: 3 });
		expect(json.data.map((d: any) => d.type)).toEqual(['conversation', 'conversation', 'conversation']);
		expect(json.data[0].relationships.customer.data.id).toBe(ann);
	});

	it('filters on status, priority, name, customer, direction, channels and counts', async () => {
		expect(await found([{ conversation_status: { equals: 'done' } }])).toEqual(['billing']);
		expect(await found([{ conversation_priority: { gte: 3 } }])).toEqual(['refund', 'billing']);
		expect(await found([{ conversation_name: { contains: 'CRASH' } }])).toEqual(['bug']);
		expect(await found([{ conversation_customer_id: { equals: ben } }])).toEqual(['billing']);
		expect(await found([{ conversation_channels: { equals: 'chat' } }])).toEqual(['bug']);
		expect(await found([{ conversation_message_count: { gte: 1 } }])).toEqual(['bug']);
		expect(await found([{ conversation_direction: { equals: 'in' } }, { conversation_status: { equals: 'open' } }])).toEqual(['refund', 'bug']);
	});

	it('filters on tags (by name or id), assignees, queue and custom attributes', async () => {
		expect(await found([{ conversation_tags: { equals: 'vip' } }])).toEqual(['refund']);
		expect(await found([{ conversation_tags: { equals: SEEDED_TAG_IDS[2] } }])).toEqual(['bug']);
		expect(await found([{ conversation_assigned_users: { equals: SEEDED_USER_IDS[1] } }])).toEqual(['bug']);
		expect(await found([{ conversation_assigned_teams: { equals: SEEDED_TEAM_IDS[1] } }])).toEqual(['billing']);
		expect(await found([{ conversation_queue: { equals: SEEDED_QUEUE_IDS[1] } }])).toEqual(['billing']);
		expect(await found([{ conversation_queue: { not_set: '' } }])).toEqual(['refund', 'bug']);
		expect(await found([{ conversation_custom_orderNum: { lt: 10 } }])).toEqual(['billing']);
		expect(await found([{ conversation_custom_channelStr: { equals: 'web' } }])).toEqual(['billing']);
	});

	it('filters on created / updated, and sees updates and deletes at once', async () => {
		const created = sb.store.conversations.get(ids.bug)!.attributes.createdAt;
		expect(await found([{ conversation_created_at: { gte: created } }])).toEqual(['bug', 'billing']);
		expect(await found([{ conversation_created_at: { lt: created } }])).toEqual(['refund']);
		const bugUpdated = sb.store.conversations.get(ids.bug)!.attributes.updatedAt;
		expect(await found([{ conversation_updated_at: { lte: bugUpdated } }, { conversation_updated_at: { gte: bugUpdated } }])).toEqual(['bug']);
		await call(sb, 'PATCH', `/v1/conversations/${ids.refund}`, { body: { status: 'done' } });
		expect(await found([{ conversation_status: { equals: 'done' } }])).toEqual(['refund', 'billing']);
		await call(sb, 'PATCH', `/v1/conversations/${ids.refund}`, { body: { status: 'open' } });
		const temp = await createConversation(sb, ben, { name: 'Temporary' });
		expect((await search({})).meta.total).toBe(4);
		await call(sb, 'DELETE', `/v1/conversations/${temp}`);
		expect((await search({})).meta.total).toBe(3);
	});

	it('answers 400 with a pointer for attributes the document does not list and for unsortable fields', async () => {
		// the document lists no conversation external id attribute (it has message_external_id, note_external_id)
		const ext = await call(sb, 'POST', '/v1/customers/search', { body: { queryContext: 'conversation', and: [{ conversation_external_id: { equals: 'x' } }] } });
		expect(ext.status).toBe(400);
		expect(ext.json.errors[0].source).toEqual({ pointer: '/and/0/conversation_external_id' });
		const customerAttr = await call(sb, 'POST', '/v1/customers/search', { body: { queryContext: 'conversation', and: [{ customer_name: { equals: 'Ann' } }] } });
		expect(customerAttr.status).toBe(400);
		// Kustomer sorts on a fixed list of customer attributes only
		// (https://developer.kustomer.com/kustomer-api-docs/reference/customersearch)
		for (const key of ['conversation_name', 'conversation_updated_at', 'conversation_created_at']) {
			const sort = await call(sb, 'POST', '/v1/customers/search', { body: { queryContext: 'conversation', sort: [{ [key]: 'asc' }] } });
			expect(sort.status).toBe(400);
			expect(sort.json.errors[0]).toMatchObject({ status: 400, code: 'invalid', source: { pointer: `/sort/0/${key}` } });
		}
	});

	it('pages with links.next and keeps the 100-page cap', async () => {
		const first = await search({}, '?page=1&pageSize=2');
		expect(first.links.next).toBe('/v1/customers/search?page=2&pageSize=2');
		const second = await call(sb, 'POST', first.links.next, { body: { queryContext: 'conversation' } });
		expect(second.json.data.map((d: any) => d.id)).toEqual([ids.billing]);
		const capped = await call(sb, 'POST', '/v1/customers/search?page=101', { body: { queryContext: 'conversation' } });
		expect(capped.status).toBe(400);
		expect(capped.json.errors[0].source).toEqual({ parameter: 'page' });
	});
});
