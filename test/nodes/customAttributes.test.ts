import type { IDataObject } from 'n8n-workflow';

import { apiRequests, runKustomer, seedCustomer, useSandbox } from './setup';

/**
 * One naming rule across operations: the keys a user writes land on the attribute the account
 * already has (the sandbox seeds customer and conversation attributes, e.g. loyaltyTierStr,
 * lifetimeValueNum, orderNumberStr, followUpAt), else on camelCase plus the type suffix.
 */

const sandbox = useSandbox();
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

describe('Search filters name custom attributes like writes do', () => {
	it('finds loyalty_tier as customer_custom_loyaltyTierStr and converts Lifetime Value to a number', async () => {
		await seedCustomer(sandbox, { name: 'Gold', custom: { loyaltyTierStr: 'gold', lifetimeValueNum: 500 } });
		await seedCustomer(sandbox, { name: 'Gold, small', custom: { loyaltyTierStr: 'gold', lifetimeValueNum: 5 } });
		await seedCustomer(sandbox, { name: 'Silver', custom: { loyaltyTierStr: 'silver', lifetimeValueNum: 900 } });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'search',
			filters: {
				values: [
					{ attribute: '__custom', customAttribute: 'loyalty_tier', operator: 'equals', value: 'gold' },
					{ attribute: '__custom', customAttribute: 'Lifetime Value', operator: 'gte', value: '100' },
				],
			},
			combine: 'and',
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.name)).toEqual(['Gold']);
		const [metadata, search] = apiRequests(sandbox);
		expect(metadata.path).toBe('/v1/metadata/customer');
		expect((search.body as IDataObject).and).toEqual([
			{ customer_custom_loyaltyTierStr: { equals: 'gold' } },
			{ customer_custom_lifetimeValueNum: { gte: 100 } },
		]);
	});

	it('names a conversation filter from the conversation attributes, and reads no metadata without a custom filter', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'search',
			conversationFilters: { values: [{ attribute: '__custom', customAttribute: 'order number', operator: 'equals', value: '1042' }] },
			returnAll: false,
			limit: 5,
		});
		expect(result.error).toBeUndefined();
		const [metadata, search] = apiRequests(sandbox);
		expect(metadata.path).toBe('/v1/metadata/conversation');
		expect((search.body as IDataObject).and).toEqual([{ conversation_custom_orderNumberStr: { equals: '1042' } }]);

		sandbox.clearRequests();
		await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'search',
			conversationFilters: { values: [{ attribute: 'status', operator: 'equals', value: 'open' }] },
			returnAll: false,
			limit: 5,
		});
		expect(apiRequests(sandbox).map((request) => request.path)).toEqual(['/v1/customers/search']);
	});
});

describe('Conversation and message writes use the same rule', () => {
	it('lands Follow Up on the account\'s followUpAt and reports it', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Owner' });
		const created = await runKustomer(sandbox, { resource: 'conversation', operation: 'create', customer: byId(String(customer.id)) });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'update',
			conversation: byId(String(created.items[0].json.id)),
			conversationCustomAttributes: { values: [{ key: 'Follow Up', value: '2024-06-01' }, { key: 'escalated', value: 'true' }] },
		});
		expect(result.error).toBeUndefined();
		const write = apiRequests(sandbox).find((request) => request.method !== 'GET');
		expect(write?.body).toEqual({ custom: { followUpAt: '2024-06-01T00:00:00.000Z', escalatedBool: true } });
		expect(result.items[0].json.attributeNames).toEqual({ 'Follow Up': 'followUpAt', escalated: 'escalatedBool' });
	});

	it('names a message attribute by the rule when the account has none', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Messaged' });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'message',
			operation: 'log',
			logOn: 'customer',
			logOnCustomer: byId(String(customer.id)),
			channel: 'email',
			app: 'postmark',
			direction: 'in',
			body: 'Hello',
			messageCustomAttributes: { values: [{ key: 'source-system', value: 'crm' }] },
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /v1/metadata/message',
			`POST /v1/customers/${String(customer.id)}/messages`,
		]);
		expect((apiRequests(sandbox)[1].body as IDataObject).custom).toEqual({ sourceSystemStr: 'crm' });
		expect(result.items[0].json.attributeNames).toEqual({ 'source-system': 'sourceSystemStr' });
	});
});
