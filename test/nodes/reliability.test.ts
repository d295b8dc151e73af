import { apiRequests, everythingProduced, runKustomer, seedCustomer, useSandbox } from './setup';

const sandbox = useSandbox();

const create = (name: string) => ({ resource: 'customer', operation: 'create', customerName: name });

describe('rate limits and transient faults', () => {
	it('waits out a 429 and retries that request only, creating the customer once', async () => {
		// Kustomer's reset header: the window ends within the second.
		const reset = String(Math.ceil(Date.now() / 1000));
		sandbox.faults.add({ kind: 'status', status: 429, times: 2, match: { method: 'POST', path: '/v1/customers' }, headers: { 'x-ratelimit-reset': reset } });
		const result = await runKustomer(sandbox, create('Patient'));
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => request.status)).toEqual([429, 429, 201]);
		expect(sandbox.counters.created.customer).toBe(1);
	});

	it('keeps a 100-item run under a tight rate limit: nothing lost, nothing created twice', async () => {
		sandbox.setRateLimit(25, 1000);
		const items = Array.from({ length: 100 }, (_, i) => ({ name: `Limited ${i}` }));
		const result = await runKustomer(sandbox, create('={{ $json.name }}'), { items });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.name)).toEqual(items.map((item) => item.name));
		expect(sandbox.counters.created.customer).toBe(100);
		const statuses = apiRequests(sandbox).map((request) => request.status);
		console.log(`100 creates at 25/s: ${statuses.length} requests, ${statuses.filter((s) => s === 429).length} answered 429`);
	});

	it('retries a read after 503 and a dropped connection', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Flaky' });
		sandbox.clearRequests();
		sandbox.faults.add({ kind: 'status', status: 503, match: { method: 'GET' } });
		sandbox.faults.add({ kind: 'reset', match: { method: 'GET' } });
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'get', customerId: { __rl: true, mode: 'id', value: String(customer.id) } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.name).toBe('Flaky');
		expect(apiRequests(sandbox).map((request) => request.status)).toEqual([503, 0, 200]);
	});

	it('does not repeat a create after a 502, and says what happened', async () => {
		sandbox.faults.add({ kind: 'html', match: { method: 'POST', path: '/v1/customers' } });
		const result = await runKustomer(sandbox, create('Once Only'));
		expect(apiRequests(sandbox)).toHaveLength(1);
		expect(result.error?.message).toBe('Kustomer answered with a server error (502) for POST /v1/customers');
		expect(result.error?.description).not.toMatch(/<html|<body/i);
		// Customer › Create declares a lookup by External ID (findCreated): the hint says how to have it checked.
		expect(result.error?.description).toContain('may have carried out this change');
		expect(result.error?.description).toContain('Give the record an External ID and the node checks whether the create landed');
	});

	it('a create without a lookup by External ID (a note) gets the plain hint', async () => {
		const conversation = '5f3c6a1b2c3d4e5f6a7b8c9d';
		sandbox.faults.add({ kind: 'status', status: 502, match: { method: 'POST' } });
		const result = await runKustomer(sandbox, { resource: 'note', operation: 'create', conversationId: { __rl: true, mode: 'id', value: conversation }, noteBody: 'Hi' });
		expect(apiRequests(sandbox).filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(result.error?.description).toContain('may have carried out this change');
		expect(result.error?.description).not.toContain('External ID');
	});

	it('reports a 2xx answer that is not JSON instead of outputting it', async () => {
		sandbox.faults.add({ kind: 'malformed', match: { method: 'POST' } });
		const result = await runKustomer(sandbox, create('Broken Answer'));
		expect(result.error?.message).toMatch(/^Could not reach Kustomer: the answer was not valid JSON/);
	});

	it('never shows the API key, whatever fails', async () => {
		sandbox.faults.add({ kind: 'html', match: { method: 'POST' } });
		sandbox.faults.add({ kind: 'status', status: 500, match: { method: 'GET' }, times: 10 });
		const outcomes = [
			await runKustomer(sandbox, create('X'), { continueOnFail: true }),
			await runKustomer(sandbox, { resource: 'customer', operation: 'getAll', returnAll: true }),
			await runKustomer(sandbox, create('Y'), { apiKey: 'secret-key-never-shown' }),
		];
		for (const outcome of outcomes) {
			expect(everythingProduced(outcome)).not.toContain(sandbox.apiKey);
			expect(everythingProduced(outcome)).not.toContain('secret-key-never-shown');
		}
	});
});
