import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { apiRequests, runKustomer, useSandbox } from './setup';

/**
 * Create Many's bulk jobs that outlive Max Wait: their objects are reported pending with the job
 * (Kustomer goes on and creates them), and a later run picks the jobs up with Custom Object › Get
 * Bulk Job Result instead of sending the objects again. Node parameters are built in one place
 * per operation (`createMany`, `getBulkJob`).
 */

const sandbox = useSandbox();

afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

beforeEach(async () => {
	const klass = await runKustomer(sandbox, { resource: 'klass', operation: 'create', name: 'Order_Lines', displayName: 'Order Lines' });
	expect(klass.error).toBeUndefined();
	sandbox.clearRequests();
});

const objects = (count: number) => Array.from({ length: count }, (_, i) => ({ title: `Line ${i}`, data: [{ key: 'quantity', value: String(i) }] }));

const createMany = (count: number, maxWait: number): INodeParameters => ({
	resource: 'customObject',
	operation: 'createMany',
	klassName: 'Order_Lines',
	objects: JSON.stringify(objects(count)),
	fieldTypes: { values: [{ key: 'quantity', value: 'num' }] },
	options: { maxWait },
});

const getBulkJob = (bulkJobIds: string, bulkJobMaxWait: number): INodeParameters => ({
	resource: 'customObject',
	operation: 'getBulkJob',
	bulkJobIds,
	bulkJobMaxWait,
});

describe('Custom Object › Get Bulk Job Result picks up what Create Many left pending', () => {
	it('reports every object of the pending jobs once Kustomer has finished them, and sends nothing again', async () => {
		sandbox.setBulkTiming({ queuedMs: 60_000 });
		const first = await runKustomer(sandbox, createMany(150, 1));
		expect(first.items[0].json).toMatchObject({ status: 'pending', pendingCount: 150, createdCount: 0 });
		const pendingJobIds = first.items[0].json.pendingJobIds as string[];
		expect(pendingJobIds).toHaveLength(2);

		// Kustomer goes on with the jobs after the run stopped waiting.
		expect(sandbox.finishBulkJobs()).toBe(2);
		sandbox.clearRequests();
		const later = await runKustomer(sandbox, getBulkJob('={{ $json.pendingJobIds }}', 10), { items: [first.items[0].json] });
		expect(later.error).toBeUndefined();
		const json = later.items[0].json;
		expect(json).toMatchObject({ success: true, complete: true, status: 'created', createdCount: 150, failedCount: 0, pendingCount: 0, pendingJobIds: [] });
		expect(json.jobs).toEqual(pendingJobIds.map((jobId) => ({ jobId, status: 'complete' })));
		const results = json.results as IDataObject[];
		expect(results.map((entry) => entry.index)).toEqual(Array.from({ length: 150 }, (_, i) => i));
		expect(results[149]).toMatchObject({ index: 149, title: 'Line 149', status: 'created', id: expect.any(String), jobId: pendingJobIds[1] });
		expect(new Set(json.objectIds as string[]).size).toBe(150);
		// Only reads: the objects were not sent again, and Kustomer holds each once.
		expect(apiRequests(sandbox).every((request) => request.method === 'GET')).toBe(true);
		expect(sandbox.counters.created.kobject).toBe(150);
		expect(sandbox.store.kobjects.size).toBe(150);
	});

	it('keeps a job that is still running pending, with the reason, when its own Max Wait runs out', async () => {
		sandbox.setBulkTiming({ queuedMs: 60_000 });
		const first = await runKustomer(sandbox, createMany(2, 1));
		const [jobId] = first.items[0].json.pendingJobIds as string[];
		const later = await runKustomer(sandbox, getBulkJob(jobId, 0));
		expect(later.error).toBeUndefined();
		expect(later.items[0].json).toMatchObject({
			success: true,
			complete: false,
			status: 'pending',
			pendingCount: 2,
			pendingJobIds: [jobId],
			jobs: [{ jobId, status: 'pending', reason: 'the job was still queued after 0 s (Max Wait)' }],
		});
		expect((later.items[0].json.results as IDataObject[]).map((entry) => [entry.index, entry.title, entry.status])).toEqual([
			[0, 'Line 0', 'pending'],
			[1, 'Line 1', 'pending'],
		]);
		expect(sandbox.counters.created.kobject ?? 0).toBe(0);
	});

	it('names the field when a job ID is not one Kustomer knows, or not an ID at all', async () => {
		const unknown = await runKustomer(sandbox, getBulkJob('0123456789abcdef01234567', 1));
		expect(unknown.error?.message).toBe('Bulk Job IDs has "0123456789abcdef01234567", which Kustomer does not know [item 0]');
		const wrong = await runKustomer(sandbox, getBulkJob('../customers', 1));
		expect(wrong.error?.message).toBe('Bulk Job IDs has "../customers", which is not a Kustomer job ID [item 0]');
		const empty = await runKustomer(sandbox, getBulkJob('={{ $json.missing }}', 1));
		expect(empty.error?.message).toBe('Bulk Job IDs is empty [item 0]');
		expect(apiRequests(sandbox).map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/bulk/0123456789abcdef01234567']);
	});
});
