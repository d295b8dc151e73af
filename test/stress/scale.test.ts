import type { KustomerSandbox } from '../../sandbox';
import { apiRequests, runKustomer, startSandbox } from '../nodes/setup';

let sandbox: KustomerSandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});

it('creates 1,000 customers from 1,000 items, each once', async () => {
	const items = Array.from({ length: 1000 }, (_, i) => ({ name: `Bulk ${i}`, ext: `bulk-${i}` }));
	const started = Date.now();
	const result = await runKustomer(
		sandbox,
		{ resource: 'customer', operation: 'create', customerName: '={{ $json.name }}', additionalFields: { externalId: '={{ $json.ext }}' } },
		{ items },
	);
	const elapsed = Date.now() - started;
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(1000);
	expect(result.items.map((item) => item.json.externalId)).toEqual(items.map((item) => item.ext));
	expect(apiRequests(sandbox)).toHaveLength(1000);
	expect(apiRequests(sandbox).every((request) => request.valid && request.status === 201)).toBe(true);
	expect(sandbox.counters.created.customer).toBe(1000);
	console.log(`1,000 creates through WorkflowExecute: ${elapsed} ms`);
});
