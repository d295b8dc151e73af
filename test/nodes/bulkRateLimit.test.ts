import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { apiRequests, runKustomer, useSandbox } from './setup';

/**
 * Max Wait bounds Create Many's wait for its bulk jobs even when Kustomer answers the polls 429
 * with a reset after it: the node does not wait for the reset (nor retry), and the objects stay
 * pending with their jobs. A file of its own: the 429 pauses the node's rate-limit gate for this
 * sandbox's host, which later tests in the same file would wait out.
 */

const sandbox = useSandbox();

afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

const createMany = (count: number, maxWait: number): INodeParameters => ({
	resource: 'customObject',
	operation: 'createMany',
	klassName: 'Rate_Limited',
	objects: JSON.stringify(Array.from({ length: count }, (_, i) => ({ title: `Row ${i}` }))),
	options: { maxWait },
});

it('gives up polling at Max Wait when the rate limit resets later, leaving the objects pending', async () => {
	const klass = await runKustomer(sandbox, { resource: 'klass', operation: 'create', name: 'Rate_Limited', displayName: 'Rate Limited' });
	expect(klass.error).toBeUndefined();
	sandbox.clearRequests();
	sandbox.setBulkTiming({ queuedMs: 60_000 });
	// Every poll is refused until a reset 20 s away, far beyond Max Wait (1 s): waiting for it, and
	// retrying, would hold the run for minutes.
	const reset = String(Math.ceil(Date.now() / 1000) + 20);
	sandbox.faults.add({
		kind: 'status',
		status: 429,
		match: { method: 'GET', path: /^\/v1\/bulk\// },
		times: Infinity,
		headers: { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
	});
	const result = await runKustomer(sandbox, createMany(150, 1));
	expect(result.error).toBeUndefined();
	const json = result.items[0].json;
	expect(json).toMatchObject({ success: true, status: 'pending', pendingCount: 150, failedCount: 0 });
	const polls = apiRequests(sandbox).filter((request) => request.path.startsWith('/v1/bulk/'));
	// At most one poll per job, each refused; none repeated after the 429.
	expect(polls.length).toBeGreaterThanOrEqual(1);
	expect(polls.length).toBeLessThanOrEqual(2);
	expect(polls.every((request) => request.status === 429)).toBe(true);
	const pending = (json.results as IDataObject[]).map((entry) => String(entry.pending));
	expect(pending[0]).toMatch(/^Bulk job [0-9a-f]{24}: its outcome could not be read: Kustomer's rate limit would hold the request past the time allowed for GET \/v1\/bulk\/[0-9a-f]{24}/);
	sandbox.faults.clear();
});
