import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { apiRequests, runKustomer, seedCustomer, useSandbox } from './setup';

/**
 * Customer › Create Many / Update Many through POST / PUT /v1/customers/bulk
 * (https://developer.kustomer.com/docs/guides/bulk-operations), and Customer › Get Bulk Job Result.
 */

const sandbox = useSandbox();

afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

const customers = (count: number, extra: (i: number) => IDataObject = () => ({})) =>
	Array.from({ length: count }, (_, i) => ({ name: `Bulk ${i}`, emails: [{ email: `bulk${i}@example.com` }], ...extra(i) }));

const createMany = (list: unknown, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'customer',
	operation: 'createMany',
	customerBulkCreateJson: JSON.stringify(list),
	...extra,
});

const posts = () => apiRequests(sandbox).filter((request) => request.method === 'POST' && request.path === '/v1/customers/bulk');

describe('Customer › Create Many', () => {
	it('creates 250 customers in three bulk requests of at most 100, each once, and reports each one', async () => {
		const list = customers(250);
		const result = await runKustomer(sandbox, createMany(list));
		expect(result.error).toBeUndefined();
		const sent = posts();
		expect(sent.map((request) => (request.body as unknown[]).length)).toEqual([100, 100, 50]);
		const bodies = sent.flatMap((request) => request.body as IDataObject[]);
		expect(bodies.map((body) => body._clientRef)).toEqual(list.map((_, i) => String(i)));
		expect(bodies[7]).toEqual({ ...list[7], _clientRef: '7' });
		expect(sandbox.counters.created.customer).toBe(250);

		expect(result.items).toHaveLength(1);
		const json = result.items[0].json;
		expect(json).toMatchObject({ success: true, complete: true, status: 'created', createdCount: 250, failedCount: 0, pendingCount: 0, pendingJobIds: [] });
		const results = json.results as IDataObject[];
		expect(results).toHaveLength(250);
		expect(results[7]).toEqual({ index: 7, name: 'Bulk 7', status: 'created', id: expect.any(String), jobId: expect.any(String) });
		const stored = sandbox.store.customers.get(String(results[7].id));
		expect(stored?.attributes.name).toBe('Bulk 7');
		expect(new Set(json.customerIds as string[]).size).toBe(250);
	});

	it('reports the customer Kustomer refuses next to the created ones', async () => {
		await seedCustomer(sandbox, { name: 'Taken', externalId: 'crm-taken' });
		const list = [{ name: 'First' }, { name: 'Duplicate', externalId: 'crm-taken' }, { name: 'Third' }];
		const result = await runKustomer(sandbox, createMany(list));
		expect(result.error).toBeUndefined();
		const json = result.items[0].json;
		expect(json).toMatchObject({ success: false, status: 'failed', createdCount: 2, failedCount: 1 });
		const results = json.results as IDataObject[];
		expect(results.map((entry) => entry.status)).toEqual(['created', 'failed', 'created']);
		expect(results[1].error).toMatch(/externalId "crm-taken" already exists/);
	});

	it('splits by the 100 kB body limit as well as by count', async () => {
		const list = customers(40, (i) => ({ custom: { notesTxt: `${i} `.padEnd(1000, 'x'), moreTxt: ''.padEnd(1000, 'y'), lastTxt: ''.padEnd(1000, 'z') } }));
		const result = await runKustomer(sandbox, createMany(list));
		expect(result.error).toBeUndefined();
		const sizes = posts().map((request) => Buffer.byteLength(JSON.stringify(request.body)));
		expect(sizes.length).toBeGreaterThan(1);
		expect(Math.max(...sizes)).toBeLessThanOrEqual(100_000);
		expect(result.items[0].json).toMatchObject({ createdCount: 40, failedCount: 0 });
	});

	it('reports pending customers with their job and picks them up with Get Bulk Job Result, sending nothing twice', async () => {
		sandbox.setBulkTiming({ queuedMs: 60_000 });
		const first = await runKustomer(sandbox, createMany(customers(150), { customerBulkMaxWait: 1 }));
		expect(first.error).toBeUndefined();
		const json = first.items[0].json;
		expect(json).toMatchObject({ success: true, complete: false, status: 'pending', createdCount: 0, pendingCount: 150 });
		const jobIds = json.pendingJobIds as string[];
		expect(jobIds).toHaveLength(2);
		expect(json.hint).toBe(
			`150 customer(s) are in Kustomer bulk jobs that had not finished: do not send them again. Run Customer › Get Bulk Job Result with Bulk Job IDs ${jobIds.join(', ')} (or the expression {{ $json.pendingJobIds }}) to get their IDs.`,
		);
		const results = json.results as IDataObject[];
		expect(results[0].pending).toBe(
			`Bulk job ${String(results[0].jobId)}: the job was still queued after 1 s (Max Wait). Kustomer may still create this customer: do not send it again; check the job later with Customer › Get Bulk Job Result (Bulk Job IDs: ${String(results[0].jobId)}).`,
		);

		expect(sandbox.finishBulkJobs()).toBe(2);
		sandbox.clearRequests();
		const later = await runKustomer(sandbox, { resource: 'customer', operation: 'getBulkJob', bulkJobIds: jobIds.join(','), bulkJobMaxWait: 0 });
		expect(later.error).toBeUndefined();
		expect(apiRequests(sandbox).every((request) => request.method === 'GET')).toBe(true);
		const picked = later.items[0].json;
		expect(picked).toMatchObject({ success: true, complete: true, status: 'created', createdCount: 150 });
		const rows = picked.results as IDataObject[];
		expect(rows.find((row) => row.index === 149)).toMatchObject({ name: 'Bulk 149', status: 'created', id: expect.any(String) });
		expect(sandbox.counters.created.customer).toBe(150);
	});

	it('refuses bad input by name before sending anything', async () => {
		const cases: Array<[unknown, string]> = [
			['[]', 'Customers must be a non-empty JSON array of customers [item 0]'],
			[[{ name: 'A' }, 'B'], 'Customers [1] is not a customer object [item 0]'],
			[[{ name: 'A', _clientRef: 'mine' }], 'Customers [0] _clientRef is set [item 0]'],
			[[{ name: 'A', id: '5f3c6a1b2c3d4e5f6a7b8c9d' }], 'Customers [0] id is set [item 0]'],
		];
		for (const [list, message] of cases) {
			const result = await runKustomer(sandbox, { resource: 'customer', operation: 'createMany', customerBulkCreateJson: typeof list === 'string' ? list : JSON.stringify(list) });
			expect(result.error?.message).toBe(message);
		}
		const broken = await runKustomer(sandbox, { resource: 'customer', operation: 'createMany', customerBulkCreateJson: '[{"name": ' });
		expect(broken.error?.message).toMatch(/^Customers is not valid JSON: /);
		expect(apiRequests(sandbox)).toEqual([]);
	});

	it('reads the customers from an input field as they are', async () => {
		const result = await runKustomer(
			sandbox,
			{ resource: 'customer', operation: 'createMany', customerBulkFrom: 'inputField', customerBulkField: 'crm.rows' },
			{ items: [{ crm: { rows: customers(3) } }] },
		);
		expect(result.error).toBeUndefined();
		expect(posts().map((request) => request.body)).toEqual([customers(3).map((customer, i) => ({ ...customer, _clientRef: String(i) }))]);
	});
});

describe('Customer › Update Many', () => {
	it('PUTs each change with its customer ID and reports each customer updated', async () => {
		const a = await seedCustomer(sandbox, { name: 'Before A', company: '5f3c6a1b2c3d4e5f6a7b8c01' });
		const b = await seedCustomer(sandbox, { name: 'Before B' });
		sandbox.clearRequests();
		const changes = [
			{ id: a.id, name: 'After A', company: '5f3c6a1b2c3d4e5f6a7b8c01' },
			{ id: b.id, tags: ['vip'], company: null },
			{ id: '5f3c6a1b2c3d4e5f6a7b8c9d', name: 'Nobody', company: null },
		];
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'updateMany', customerBulkUpdateJson: JSON.stringify(changes) });
		expect(result.error).toBeUndefined();
		const puts = apiRequests(sandbox).filter((request) => request.method === 'PUT');
		expect(puts.map((request) => [request.path, request.body])).toEqual([['/v1/customers/bulk', changes.map((change, i) => ({ ...change, _clientRef: String(i) }))]]);
		const json = result.items[0].json;
		expect(json).toMatchObject({ success: false, status: 'failed', updatedCount: 2, failedCount: 1, customerIds: [a.id, b.id] });
		const results = json.results as IDataObject[];
		expect(results.map((entry) => [entry.index, entry.status])).toEqual([
			[0, 'updated'],
			[1, 'updated'],
			[2, 'failed'],
		]);
		expect(results[2].error).toMatch(/not found/i);
		expect(sandbox.store.customers.get(String(a.id))?.attributes).toMatchObject({ name: 'After A', company: '5f3c6a1b2c3d4e5f6a7b8c01' });
		expect(sandbox.store.customers.get(String(b.id))?.attributes.tags).toEqual(['vip']);
	});

	it('refuses a change without a customer ID, naming it, before sending', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'updateMany',
			customerBulkUpdateJson: JSON.stringify([{ id: '5f3c6a1b2c3d4e5f6a7b8c9d', name: 'Fine', company: null }, { name: 'No ID' }]),
		});
		expect(result.error?.message).toBe('Customers [1] id is missing [item 0]');
		expect(result.error?.description).toMatch(/Update Many needs each customer's ID/);
		expect(apiRequests(sandbox)).toEqual([]);
	});

	it('refuses a change that leaves company out (Kustomer would unlink the company), before sending', async () => {
		const linked = await seedCustomer(sandbox, { name: 'Linked', company: '5f3c6a1b2c3d4e5f6a7b8c01' });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'updateMany',
			customerBulkUpdateJson: JSON.stringify([{ id: linked.id, name: 'Renamed', company: '5f3c6a1b2c3d4e5f6a7b8c01' }, { id: linked.id, tags: ['vip'] }]),
		});
		expect(result.error?.message).toBe('Customers [1] company is missing, so Kustomer would unlink the customer from its company [item 0]');
		expect(result.error?.description).toContain('null to unlink');
		expect(apiRequests(sandbox)).toEqual([]);
		expect(sandbox.store.customers.get(String(linked.id))?.attributes).toMatchObject({ name: 'Linked', company: '5f3c6a1b2c3d4e5f6a7b8c01' });
	});
});
