import type { IDataObject } from 'n8n-workflow';

import { callLoadOptions } from '../harness/n8n';
import { apiRequests, credentialsFor, runKustomer, useSandbox } from './setup';

const sandbox = useSandbox();
afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

const SEED_KLASS = {
	name: 'Purchase_History',
	displayName: 'Customer Purchase History',
	description: 'Tracks customer purchase patterns, preferences, and transaction history for personalization',
	icon: 'shopping-cart',
};

describe('Klass › Create (seed 004 Create Custom Klass)', () => {
	it('creates the seed\'s Klass and defines its attributes in the same step', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'klass',
			operation: 'create',
			...SEED_KLASS,
			klassAdditionalFields: { color: '#64943E' },
			attributes: {
				values: [
					{ name: 'orderTotal', displayName: 'Order Total', type: 'number' },
					{ name: 'purchasedAt', displayName: 'Purchased At', type: 'date' },
					{ name: 'category', displayName: 'Category', type: 'string' },
				],
			},
		});
		expect(result.error).toBeUndefined();
		const requests = apiRequests(sandbox);
		expect(requests.map((request) => [request.method, request.path, request.status])).toEqual([
			['POST', '/v1/klasses', 200],
			['PUT', '/v1/metadata/kobject.Purchase_History', 200],
		]);
		expect(requests[0].body).toEqual({
			name: 'Purchase_History',
			displayName: 'Customer Purchase History',
			icon: 'shopping-cart',
			color: '#64943E',
			jsonSchema: { description: SEED_KLASS.description },
		});
		expect((requests[1].body as IDataObject).properties).toEqual({
			orderTotalNum: { type: 'number', displayName: 'Order Total' },
			purchasedAt: { type: 'date', displayName: 'Purchased At' },
			categoryStr: { type: 'string', displayName: 'Category' },
		});
		const item = result.items[0].json;
		expect(item).toMatchObject({ success: true, name: 'Purchase_History', klass: { displayName: 'Customer Purchase History' } });
		expect(typeof item.klassId).toBe('string');
		expect(item.note).toMatch(/Attributes defined: orderTotalNum, purchasedAt, categoryStr/);

		const attributes = await callLoadOptions({
			nodeType: 'kustomer',
			method: 'getCustomObjectAttributes',
			parameters: { resource: 'customObject', operation: 'create', klassName: 'Purchase_History' },
			credentials: credentialsFor(sandbox),
		});
		expect(attributes.map((option) => option.value).sort()).toEqual(['categoryStr', 'orderTotalNum', 'purchasedAt']);
	});

	it.each(['Purchase History', 'orders.v2', ''])('refuses the name %p before sending', async (name) => {
		const result = await runKustomer(sandbox, { resource: 'klass', operation: 'create', ...SEED_KLASS, name });
		// An empty name is already stopped by n8n itself (the parameter is required).
		expect(result.error?.message).toMatch(name ? /^Name ".*" is not a valid Klass name/ : /Parameter "Name" is required/);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('names attributes given in another style by the same rule as every other operation', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'klass',
			operation: 'create',
			...SEED_KLASS,
			attributes: { values: [{ name: 'Order Total', type: 'number' }, { name: 'purchase_channel', type: 'string' }] },
		});
		expect(result.error).toBeUndefined();
		const [, metadata] = apiRequests(sandbox);
		expect((metadata.body as IDataObject).properties).toEqual({ orderTotalNum: { type: 'number' }, purchaseChannelStr: { type: 'string' } });
	});

	it.each([
		[[{ name: '9 lives', type: 'number' }], /^Attributes \[0\] Name "9 lives" is not a valid attribute name: it must start with a letter/],
		[[{ name: 'total%', type: 'number' }], /^Attributes \[0\] Name "total%" is not a valid attribute name/],
		[[{ name: 'order_total', type: 'number' }, { name: 'Order Total', type: 'number' }], /^Attributes \[1\] Name "Order Total" and "order_total" both land on attribute "orderTotalNum"/],
	])('refuses attributes %j before creating anything', async (values, message) => {
		const result = await runKustomer(sandbox, { resource: 'klass', operation: 'create', ...SEED_KLASS, attributes: { values } });
		expect(result.error?.message).toMatch(message);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('Klass › Get, Get Many, Update', () => {
	it('gets by ID and by name, lists, and updates', async () => {
		const created = await runKustomer(sandbox, { resource: 'klass', operation: 'create', ...SEED_KLASS });
		const klassId = String(created.items[0].json.klassId);
		sandbox.clearRequests();

		const byId = await runKustomer(sandbox, { resource: 'klass', operation: 'get', klassId: { __rl: true, mode: 'id', value: klassId } });
		expect(byId.items[0].json).toMatchObject({ id: klassId, name: 'Purchase_History' });
		const byName = await runKustomer(sandbox, { resource: 'klass', operation: 'get', klassId: { __rl: true, mode: 'name', value: 'Purchase_History' } });
		expect(byName.items[0].json).toMatchObject({ id: klassId });
		const listed = await runKustomer(sandbox, { resource: 'klass', operation: 'getAll', returnAll: true });
		expect(listed.items.map((item) => item.json.name)).toContain('Purchase_History');
		const updated = await runKustomer(sandbox, {
			resource: 'klass',
			operation: 'update',
			klassId: { __rl: true, mode: 'name', value: 'Purchase_History' },
			klassUpdateFields: { displayName: 'Purchases' },
			attributes: { values: [{ name: 'channel', type: 'string' }] },
		});
		expect(updated.error).toBeUndefined();
		expect(updated.items[0].json).toMatchObject({ displayName: 'Purchases' });
		const paths = apiRequests(sandbox).map((request) => `${request.method} ${request.path}`);
		expect(paths).toContain(`PUT /v1/klasses/${klassId}`);
		expect(paths).toContain('PUT /v1/metadata/kobject.Purchase_History');

		const missing = await runKustomer(sandbox, { resource: 'klass', operation: 'get', klassId: { __rl: true, mode: 'name', value: 'Nope' } });
		expect(missing.error?.message).toBe('Klass "Nope" does not exist [item 0]');
	});
});

describe('Klass › Update defines attributes without losing the ones it has', () => {
	it('reads the Klass\'s definitions first and sends them back with the new ones, even where a PUT replaces', async () => {
		await runKustomer(sandbox, {
			resource: 'klass',
			operation: 'create',
			...SEED_KLASS,
			attributes: { values: [{ name: 'orderTotal', displayName: 'Order Total', type: 'number' }] },
		});
		// Kustomer's docs do not say whether PUT /v1/metadata merges or replaces: assume the worse.
		sandbox.store.metadataPut = 'replace';
		sandbox.clearRequests();
		const updated = await runKustomer(sandbox, {
			resource: 'klass',
			operation: 'update',
			klassId: { __rl: true, mode: 'name', value: 'Purchase_History' },
			attributes: { values: [{ name: 'channel', displayName: 'Channel', type: 'string' }] },
		});
		expect(updated.error).toBeUndefined();
		const metadata = apiRequests(sandbox).filter((request) => request.path === '/v1/metadata/kobject.Purchase_History');
		expect(metadata.map((request) => request.method)).toEqual(['GET', 'PUT']);
		expect(Object.keys((metadata[1].body as { properties: IDataObject }).properties).sort()).toEqual(['channelStr', 'orderTotalNum']);
		const stored = sandbox.store.metadata.get('kobject.Purchase_History')?.attributes.properties ?? {};
		expect(Object.keys(stored).sort()).toEqual(['channelStr', 'orderTotalNum']);
		expect(stored.orderTotalNum).toMatchObject({ displayName: 'Order Total', type: 'number' });
	});

	it('keeps the relationships and standard properties too, and items defining attributes of one Klass do not undo each other', async () => {
		await runKustomer(sandbox, { resource: 'klass', operation: 'create', ...SEED_KLASS });
		// The Klass already has a relationship and a standard property, defined through Kustomer's API.
		const defined = await fetch(`${sandbox.url}/v1/metadata/kobject.Purchase_History`, {
			method: 'PUT',
			headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ relationships: { ownerId: { target: 'customer', displayName: 'Owner' } }, standardProperties: { title: { displayName: 'Order' } } }),
		});
		expect(defined.status).toBe(200);
		sandbox.store.metadataPut = 'replace';
		sandbox.clearRequests();
		const updated = await runKustomer(
			sandbox,
			{
				resource: 'klass',
				operation: 'update',
				klassId: { __rl: true, mode: 'name', value: 'Purchase_History' },
				attributes: { values: [{ name: '={{ $json.attribute }}', type: 'string' }] },
			},
			{ items: [{ attribute: 'channel' }, { attribute: 'region' }, { attribute: 'coupon' }] },
		);
		expect(updated.error).toBeUndefined();
		const stored = sandbox.store.metadata.get('kobject.Purchase_History')?.attributes;
		expect(Object.keys(stored?.properties ?? {}).sort()).toEqual(['channelStr', 'couponStr', 'regionStr']);
		expect(stored?.relationships).toMatchObject({ ownerId: { target: 'customer', displayName: 'Owner' } });
		expect(stored?.standardProperties).toEqual({ title: { displayName: 'Order' } });
		const metadata = apiRequests(sandbox).filter((request) => request.path === '/v1/metadata/kobject.Purchase_History');
		expect(metadata.map((request) => request.method)).toEqual(['GET', 'PUT', 'GET', 'PUT', 'GET', 'PUT']);
		expect(metadata.every((request) => request.valid)).toBe(true);
	});
});
