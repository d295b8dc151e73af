import type { IDataObject } from 'n8n-workflow';

import { apiRequests, runKustomer, seedCustomer, useSandbox } from './setup';

const sandbox = useSandbox();

const search = (parameters: IDataObject) => ({ resource: 'customer', operation: 'search', ...parameters });

describe('Customer › Search', () => {
	beforeEach(async () => {
		await seedCustomer(sandbox, { name: 'Ada Lovelace', tags: ['vip'], custom: { tierStr: 'gold', ordersNum: 12 } });
		await seedCustomer(sandbox, { name: 'Ada Byron', custom: { tierStr: 'silver', ordersNum: 2 } });
		await seedCustomer(sandbox, { name: 'Grace Hopper', tags: ['vip'], custom: { tierStr: 'gold', ordersNum: 30 } });
		sandbox.clearRequests();
	});

	it('builds Kustomer conditions from the filters and returns the matches', async () => {
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
		expect([request.method, request.path, request.query, request.valid]).toEqual([
			'POST',
			'/v1/customers/search',
			{ page: '1', pageSize: '100' },
			true,
		]);
		expect(request.body).toEqual({
			and: [{ customer_name: { contains: 'ada' } }, { customer_custom_ordersNum: { gte: 10 } }],
			queryContext: 'customer',
			sort: [{ customer_updated_at: 'asc' }],
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
	});

	it('takes Kustomer\'s own search JSON', async () => {
		const result = await runKustomer(
			sandbox,
			search({ searchMode: 'json', query: '{"and": [{"customer_name": {"contains": "grace"}}]}', returnAll: true }),
		);
		expect(result.items.map((item) => item.json.name)).toEqual(['Grace Hopper']);
	});

	it.each([
		[{ searchMode: 'json', query: '{"and": [' }, /^Query \(JSON\) is not valid JSON/],
		[{ searchMode: 'json', query: '{"queryContext": "note"}' }, /^Query \(JSON\) has unknown keys: queryContext/],
		[{ filters: { values: [{ attribute: '__custom', customAttribute: 'bad/key', value: 'x' }] } }, /^Filters \[0\] Custom Attribute "bad\/key" is not a valid attribute name/],
		[{ filters: { values: [{ attribute: 'name', operator: 'equals', value: '' }] } }, /^Filters \[0\] Value is empty/],
		[{ filters: { values: [{ attribute: 'conversations_count', operator: 'gt', value: 'many' }] } }, /^Filters \[0\] Value "many" is not a number/],
	])('refuses %j before sending', async (parameters, message) => {
		const result = await runKustomer(sandbox, search({ returnAll: true, ...parameters }));
		expect(result.error?.message).toMatch(message);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('Search › Return All past the 100-page cap', () => {
	it('returns 25,000 matches exactly once each', async () => {
		const ids = sandbox.seedCustomers(25_000);
		const started = Date.now();
		const result = await runKustomer(
			sandbox,
			search({ filters: { values: [{ attribute: 'name', operator: 'contains', value: 'Seeded' }] }, returnAll: true, simplify: false }),
		);
		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();
		const returned = result.items.map((item) => String(item.json.id));
		expect(returned).toHaveLength(25_000);
		expect(new Set(returned).size).toBe(25_000);
		expect(new Set(returned)).toEqual(new Set(ids));
		const requests = apiRequests(sandbox);
		expect(requests.every((request) => request.valid && request.status === 200)).toBe(true);
		expect(Math.max(...requests.map((request) => Number(request.query.page)))).toBe(100);
		expect(requests.length).toBeLessThanOrEqual(260);
		console.log(`25,000 search matches: ${requests.length} requests, ${elapsed} ms`);
	});

	it('stops with a clear error when a custom sort cannot be continued past the cap', async () => {
		sandbox.seedCustomers(10_100);
		const result = await runKustomer(
			sandbox,
			search({ filters: { values: [{ attribute: 'name', operator: 'contains', value: 'Seeded' }] }, returnAll: true, searchOptions: { sortBy: 'name' } }),
		);
		expect(result.error?.message).toBe('The search matches more than Kustomer returns for one query (100 pages)');
		expect(apiRequests(sandbox)).toHaveLength(100);
	});
});

describe('Conversation › Search', () => {
	it('finds conversations by status and priority', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Searcher' });
		for (const priority of [1, 4, 5]) {
			await runKustomer(sandbox, {
				resource: 'conversation',
				operation: 'create',
				customerId: { __rl: true, mode: 'id', value: String(customer.id) },
				conversationName: `P${priority}`,
				additionalFields: { priority },
			});
		}
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'search',
			filters: {
				values: [
					{ attribute: 'status', operator: 'equals', value: 'open' },
					{ attribute: 'priority', operator: 'gte', value: '4' },
				],
			},
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.name).sort()).toEqual(['P4', 'P5']);
		expect(apiRequests(sandbox)[0].body).toEqual({
			and: [{ conversation_status: { equals: 'open' } }, { conversation_priority: { gte: 4 } }],
			queryContext: 'conversation',
			sort: [{ conversation_updated_at: 'asc' }],
		});
	});
});
