import type { IDataObject } from 'n8n-workflow';

import { apiRequests, runKustomer, searchLimitPerSecond, searchRequests, seedCustomer, seedThrough, useSandbox } from './setup';

const sandbox = useSandbox();
searchLimitPerSecond(sandbox);

const search = (parameters: IDataObject) => ({ resource: 'customer', operation: 'search', ...parameters });
const searches = searchRequests;
const post = async (path: string, body: IDataObject) => await seedThrough(sandbox, path, body);

describe('Customer › Search', () => {
	beforeEach(async () => {
		await seedCustomer(sandbox, { name: 'Ada Lovelace', tags: ['vip'], custom: { tierStr: 'gold', ordersNum: 12 } });
		await seedCustomer(sandbox, { name: 'Ada Byron', externalId: 'ab-1', custom: { tierStr: 'silver', ordersNum: 2 } });
		await seedCustomer(sandbox, { name: 'Grace Hopper', tags: ['vip'], custom: { tierStr: 'gold', ordersNum: 30 } });
		sandbox.clearRequests();
	});

	it('builds Kustomer conditions from the filters, with pages of 500 and no sort', async () => {
		const result = await runKustomer(
			sandbox,
			search({
				filters: {
					values: [
						{ attribute: 'name', operator: 'contains', value: 'ada' },
						{ attribute: '__custom', customAttribute: 'ordersNum', operator: 'gte', value: '10' },
					],
				},
				combine: 'and',
				returnAll: true,
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.name)).toEqual(['Ada Lovelace']);
		const [metadata, request] = apiRequests(sandbox);
		expect(metadata.path).toBe('/v1/metadata/customer');
		expect([request.method, request.path, request.query, request.valid, request.status]).toEqual(['POST', '/v1/customers/search', { page: '1', pageSize: '500' }, true, 200]);
		expect(request.body).toEqual({
			and: [{ customer_name: { contains: 'ada' } }, { customer_custom_ordersNum: { gte: 10 } }],
			queryContext: 'customer',
		});
	});

	it('matches any filter, excludes with Does Not Equal, and sorts as asked', async () => {
		const result = await runKustomer(
			sandbox,
			search({
				filters: {
					values: [
						{ attribute: 'tags', operator: 'equals', value: 'vip' },
						{ attribute: '__custom', customAttribute: 'tierStr', operator: 'equals', value: 'silver' },
						{ attribute: 'name', operator: 'notEquals', value: 'Grace Hopper' },
					],
				},
				combine: 'or',
				returnAll: false,
				limit: 10,
				searchOptions: { sortBy: 'name', sortOrder: 'desc' },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.name)).toEqual(['Ada Lovelace', 'Ada Byron']);
		expect(apiRequests(sandbox)[1].body).toEqual({
			or: [{ customer_tags: { equals: 'vip' } }, { customer_custom_tierStr: { equals: 'silver' } }],
			not: [{ customer_name: { equals: 'Grace Hopper' } }],
			queryContext: 'customer',
			sort: [{ customer_name: 'desc' }],
		});
		expect(searches(sandbox)[0].query).toEqual({ page: '1', pageSize: '10' });
	});

	it('sends only documented operators: in, not_set, and not_set in the not group for Is Set', async () => {
		const result = await runKustomer(
			sandbox,
			search({
				filters: {
					values: [
						{ attribute: '__custom', customAttribute: 'tierStr', operator: 'in', value: 'gold, platinum' },
						{ attribute: 'externalId', operator: 'notSet' },
						{ attribute: 'tags', operator: 'exists' },
						{ attribute: '__custom', customAttribute: 'ordersNum', operator: 'lte', value: '20' },
					],
				},
				returnAll: true,
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.name)).toEqual(['Ada Lovelace']);
		expect(searches(sandbox)[0].body).toEqual({
			and: [
				{ customer_custom_tierStr: { in: ['gold', 'platinum'] } },
				{ customer_externalId: { not_set: '' } },
				{ customer_custom_ordersNum: { lte: 20 } },
			],
			not: [{ customer_tags: { not_set: '' } }],
			queryContext: 'customer',
		});
		expect(searches(sandbox)[0].valid && searches(sandbox)[0].status === 200).toBe(true);
	});

	it('takes Kustomer\'s own search JSON', async () => {
		const result = await runKustomer(
			sandbox,
			search({ searchMode: 'json', query: '{"and": [{"customer_name": {"contains": "grace"}}]}', returnAll: true }),
		);
		expect(result.items.map((item) => item.json.name)).toEqual(['Grace Hopper']);
	});

	const filters = (count: number, operator = 'contains') => ({
		values: Array.from({ length: count }, (_, i) => ({ attribute: 'name', operator, value: `x${i}` })),
	});
	const jsonAnd = (count: number) => JSON.stringify({ and: Array.from({ length: count }, (_, i) => ({ customer_name: { contains: `x${i}` } })) });

	it.each([
		['invalid JSON', { searchMode: 'json', query: '{"and": [' }, /^Query \(JSON\) is not valid JSON/],
		['a key Kustomer does not take', { searchMode: 'json', query: '{"queryContext": "note"}' }, /^Query \(JSON\) has unknown keys: queryContext/],
		['a sort Kustomer refuses', { searchMode: 'json', query: '{"sort": [{"customer_tags": "asc"}]}' }, /^Query \(JSON\) sorts on customer_tags, which Kustomer does not sort on/],
		['a bad custom attribute name', { filters: { values: [{ attribute: '__custom', customAttribute: 'bad/key', value: 'x' }] } }, /^Filters \[0\] Custom Attribute "bad\/key" is not a valid attribute name/],
		['an empty value', { filters: { values: [{ attribute: 'name', operator: 'equals', value: '' }] } }, /^Filters \[0\] Value is empty/],
		['a number attribute given text', { filters: { values: [{ attribute: 'conversations_count', operator: 'gte', value: 'many' }] } }, /^Filters \[0\] Value "many" is not a number/],
		['the undocumented gt operator', { filters: { values: [{ attribute: 'conversations_count', operator: 'gt', value: '3' }] } }, /^Filters \[0\] Operator "gt" is not one of Kustomer's search operators/],
		['Is One Of without values', { filters: { values: [{ attribute: 'name', operator: 'in', value: ' , ' }] } }, /^Filters \[0\] Value has no values/],
		// 19 conditions that must all match, plus the node's 2 for Return All: over 20
		['19 and-conditions with Return All', { filters: filters(19) }, /^Filters has 19 conditions in its "and" group, with the 2 the node adds .* over Kustomer's limit of 20 per group/],
		['21 exclusions', { filters: filters(21, 'notEquals') }, /^Filters has 21 conditions in its "not" group over Kustomer's limit of 20 per group/],
		['21 or-conditions', { filters: filters(21), combine: 'or' }, /^Filters has 21 conditions in its "or" group/],
		['19 JSON and-conditions with Return All', { searchMode: 'json', query: jsonAnd(19) }, /^Query \(JSON\) has 19 conditions in its "and" group, with the 2/],
	])('refuses %s before sending', async (_label, parameters, message) => {
		const result = await runKustomer(sandbox, search({ returnAll: true, ...parameters }));
		expect(result.error?.message).toMatch(message);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('sends 20 conditions in one group when the node adds none (Limit)', async () => {
		const result = await runKustomer(sandbox, search({ returnAll: false, limit: 10, filters: filters(20) }));
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox)).toHaveLength(1);
		expect(searches(sandbox)[0]).toMatchObject({ valid: true, status: 200 });
		expect((searches(sandbox)[0].body as IDataObject).and).toHaveLength(20);
	});

	it('says in the description that only the last two years are searchable', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { Kustomer } = require('../../dist/nodes/Kustomer/Kustomer.node.js') as { Kustomer: new () => { description: { properties: IDataObject[] } } };
		const operations = new Kustomer().description.properties.filter((property) => property.name === 'operation');
		const searchOps = operations.flatMap((property) => (property.options as IDataObject[]).filter((option) => option.value === 'search'));
		expect(searchOps.map((option) => option.action)).toEqual(
			expect.arrayContaining(['Search companies', 'Search customers', 'Search conversations', 'Search messages', 'Search notes', 'Search custom objects']),
		);
		for (const option of searchOps) expect(option.description).toMatch(/only records updated in the last two years/);
	});
});

describe('Search › conversations, messages, notes and custom objects', () => {
	it('finds conversations by status and priority, never sending a sort Kustomer refuses', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Searcher' });
		for (const priority of [1, 4, 5]) await post(`/v1/customers/${String(customer.id)}/conversations`, { name: `P${priority}`, priority });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'search',
			conversationFilters: {
				values: [
					{ attribute: 'status', operator: 'equals', value: 'open' },
					{ attribute: 'priority', operator: 'gte', value: '4' },
				],
			},
			returnAll: true,
			// a sort saved by an earlier version: conversation sorts are refused by Kustomer, so it is not sent
			searchOptions: { sortBy: 'created_at' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.name).sort()).toEqual(['P4', 'P5']);
		expect(searches(sandbox)[0].body).toEqual({
			and: [{ conversation_status: { equals: 'open' } }, { conversation_priority: { gte: 4 } }],
			queryContext: 'conversation',
		});
	});

	it('refuses a JSON sort on a conversation attribute before sending', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'search',
			searchMode: 'json',
			query: '{"sort": [{"conversation_updated_at": "asc"}]}',
			returnAll: true,
		});
		expect(result.error?.message).toMatch(/^Query \(JSON\) sorts on conversation_updated_at, which Kustomer does not sort on/);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('refuses a customer_* sort on a conversation search too: Kustomer sorts only customer searches', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'search',
			searchMode: 'json',
			query: '{"sort": [{"customer_name": "asc"}]}',
			returnAll: false,
			limit: 5,
		});
		expect(result.error?.message).toMatch(/^Query \(JSON\) sorts on customer_name, which Kustomer does not sort on/);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('searches messages and notes', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Timeline' });
		const conversation = await post(`/v1/customers/${String(customer.id)}/conversations`, { name: 'Timeline' });
		const chat = await post(`/v1/conversations/${String(conversation.id)}/messages`, { channel: 'chat', app: 'chat', preview: 'hi' });
		await post(`/v1/conversations/${String(conversation.id)}/messages`, { channel: 'email', app: 'postmark', preview: 'invoice' });
		const note = await post(`/v1/conversations/${String(conversation.id)}/notes`, { body: 'Refund approved' });
		await post(`/v1/conversations/${String(conversation.id)}/notes`, { body: 'Called back' });
		sandbox.clearRequests();

		const messages = await runKustomer(sandbox, {
			resource: 'message',
			operation: 'search',
			messageFilters: { values: [{ attribute: 'channel', operator: 'in', value: 'chat,sms' }] },
			returnAll: true,
		});
		expect(messages.error).toBeUndefined();
		expect(messages.items.map((item) => item.json.id)).toEqual([chat.id]);
		const notes = await runKustomer(sandbox, {
			resource: 'note',
			operation: 'search',
			noteFilters: { values: [{ attribute: 'body', operator: 'contains', value: 'refund' }, { attribute: 'conversation_id', operator: 'equals', value: String(conversation.id) }] },
			returnAll: false,
			limit: 5,
		});
		expect(notes.error).toBeUndefined();
		expect(notes.items.map((item) => item.json.id)).toEqual([note.id]);
		expect(apiRequests(sandbox).map((request) => [request.body, request.valid, request.status])).toEqual([
			[{ and: [{ message_channel: { in: ['chat', 'sms'] } }], queryContext: 'message' }, true, 200],
			[{ and: [{ note_body: { contains: 'refund' } }, { note_conversation_id: { equals: String(conversation.id) } }], queryContext: 'note' }, true, 200],
		]);
	});

	it('searches the custom objects of a Klass, custom attributes named kobject_custom_<klass>_<attribute>', async () => {
		await post('/v1/klasses', { name: 'ecomm-order' });
		const big = await post('/v1/klasses/ecomm-order', { title: 'Big', custom: { totalNum: 120 } });
		await post('/v1/klasses/ecomm-order', { title: 'Small', custom: { totalNum: 30 } });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'customObject',
			operation: 'search',
			klassName: 'ecomm-order',
			objectFilters: { values: [{ attribute: '__custom', customAttribute: 'totalNum', operator: 'gte', value: '100' }] },
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual([big.id]);
		expect(searches(sandbox)[0]).toMatchObject({
			body: { and: [{ 'kobject_custom_ecomm-order_totalNum': { gte: 100 } }], queryContext: 'kobject_ecomm-order' },
			valid: true,
			status: 200,
		});
	});
});

describe('Search › a query past the cap without a total', () => {
	it('fails the item instead of stopping silently after Kustomer\'s last page', async () => {
		// An answer with more pages but no meta.total (which Kustomer does not promise).
		const data = Array.from({ length: 500 }, (_, index) => ({ type: 'customer', id: `5f3c6a1b2c3d4e5f6a${String(index).padStart(6, '0')}`, attributes: { name: `n${index}` } }));
		sandbox.faults.add({
			kind: 'status',
			status: 200,
			times: 100,
			match: { method: 'POST', path: '/v1/customers/search' },
			body: { data, meta: { page: 1, pageSize: 500 }, links: { next: '/v1/customers/search?page=2' } },
		});
		const result = await runKustomer(sandbox, search({ filters: { values: [{ attribute: 'name', operator: 'contains', value: 'n' }] }, returnAll: true }));
		expect(result.error?.message).toBe('Kustomer served its 100 pages of this search and has more matches, but gave no total to split the search by');
		expect(result.items).toHaveLength(0);
		expect(searches(sandbox)).toHaveLength(100);
	});
});
