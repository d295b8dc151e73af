import { KustomerSandbox } from '../../sandbox';
import { advance } from '../../sandbox/resources/bulkRunner';
import { call, createCustomer, createKlass, createKObject, MISSING_ID } from './helpers';

describe('sandbox asynchronous bulk flow for KObjects', () => {
	let sb: KustomerSandbox;
	let customer: string;

	beforeAll(async () => {
		sb = await KustomerSandbox.start({ keys: { 'no-bulk-read': ['org.permission.kobject.create'], 'bulk-reader': ['org.permission.bulk.read'] } });
	});
	afterAll(() => sb.close());
	beforeEach(async () => {
		sb.reset();
		await createKlass(sb, { name: 'order' });
		await call(sb, 'PUT', '/v1/metadata/kobject.order', { body: { properties: { statusStr: { enumeration: ['open', 'shipped'] } } } });
		customer = await createCustomer(sb, { name: 'Buyer' });
	});

	const post = (items: unknown, opts: { key?: string } = {}) => call(sb, 'POST', '/v1/klasses/order/bulk', { body: items, ...opts });
	const items = (n: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
		Array.from({ length: n }, (_, i) => ({ title: `Order ${i}`, externalId: `ord-${i}`, customer, _clientRef: `row-${i}`, ...extra(i) }));

	async function untilComplete(id: string, seen: string[] = []): Promise<any> {
		for (let i = 0; i < 200; i++) {
			const r = await call(sb, 'GET', `/v1/bulk/${id}`);
			const status = r.json.data.attributes.status;
			if (seen[seen.length - 1] !== status) seen.push(status);
			if (status === 'complete') return r.json.data;
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		throw new Error('bulk job did not complete');
	}

	it('accepts the items with 201 and a queued bulk job in the documented shape', async () => {
		// long enough that the job cannot start before the assertions, however slow the machine
		sb.setBulkTiming({ queuedMs: 60_000 });
		const r = await post(items(3));
		expect(r.status).toBe(201);
		const data = r.json.data;
		expect(data).toMatchObject({
			type: 'bulk',
			attributes: {
				status: 'queued',
				completed: false,
				context: 'api.sobjects.kobjects.bulk-create',
				batches: { complete: 0, total: 1 },
				itemCount: 3,
				successCount: 0,
				failureCount: 0,
				startedAt: null,
				completedAt: null,
				payload: { api: { data: items(3), path: '/v1/klasses/order/bulk', method: 'POST' } },
			},
			links: { self: `/v1/bulk/${data.id}` },
		});
		expect(data.relationships.createdBy.data.type).toBe('user');
		expect(sb.requests[sb.requests.length - 1]).toMatchObject({ operationId: 'BulkCreateKObjects', valid: true });
		// nothing is created before the job runs
		expect(sb.counters.created.kobject).toBeUndefined();
		expect(sb.counters.created.bulk).toBe(1);
	});

	it('goes queued -> running -> complete over time, and the records appear only then', async () => {
		const r = await post(items(4));
		const seen = ['queued'];
		const job = await untilComplete(r.json.data.id, seen);
		// polls may miss the short running phase on a busy machine; the order is pinned by the next test
		expect(seen[0]).toBe('queued');
		expect(seen[seen.length - 1]).toBe('complete');
		expect(['queued,running,complete', 'queued,complete']).toContain(seen.join());
		expect(job.attributes).toMatchObject({ completed: true, batches: { complete: 1, total: 1 }, successCount: 4, failureCount: 0 });
		expect(job.attributes.completedAt >= job.attributes.startedAt).toBe(true);
		expect(sb.counters.created.kobject).toBe(4);
		expect((await call(sb, 'GET', '/v1/klasses/order')).json.data).toHaveLength(4);
	});

	it('steps through each state in order (driven by an explicit clock)', async () => {
		sb.setBulkTiming({ queuedMs: 60_000, runningMs: 60_000, batchSize: 2 });
		const id = (await post(items(3))).json.data.id;
		const job = sb.store.bulkJobs.get(id)!;
		const status = async () => (await call(sb, 'GET', `/v1/bulk/${id}`)).json.data.attributes;
		expect(await status()).toMatchObject({ status: 'queued', batches: { complete: 0, total: 2 } });
		const queuedBatches = (await call(sb, 'GET', `/v1/bulk/${id}/batches`)).json.data;
		expect(queuedBatches.map((b: any) => [b.attributes.status, b.attributes.results.length])).toEqual([['queued', 0], ['queued', 0]]);

		advance(sb.state, job, job.createdMs + 60_000);
		expect(await status()).toMatchObject({ status: 'running', batches: { complete: 0, total: 2 } });
		expect(sb.counters.created.kobject).toBeUndefined();
		advance(sb.state, job, job.createdMs + 90_000);
		expect(await status()).toMatchObject({ status: 'running', batches: { complete: 1, total: 2 }, successCount: 2 });
		expect(sb.counters.created.kobject).toBe(2);
		const running = (await call(sb, 'GET', `/v1/bulk/${id}/batches`)).json.data;
		expect(running.map((b: any) => b.attributes.status)).toEqual(['complete', 'running']);
		advance(sb.state, job, job.createdMs + 120_000);
		expect(await status()).toMatchObject({ status: 'complete', completed: true, batches: { complete: 2, total: 2 }, successCount: 3 });
		expect(sb.counters.created.kobject).toBe(3);
	});

	it('reports per-item results by _clientRef; failing items fail alone', async () => {
		await createKObject(sb, 'order', { title: 'Existing', externalId: 'taken' });
		const body = [
			{ title: 'Good 1', customer, _clientRef: 'a' },
			{ title: 'Unknown customer', customer: MISSING_ID, _clientRef: 'b' },
			{ title: 'Duplicate', externalId: 'taken', _clientRef: 'c' },
			{ title: 'Bad status', custom: { statusStr: 'lost' }, _clientRef: 'd' },
			{ title: 'Good 2', externalId: 'new-1', custom: { statusStr: 'open' }, _clientRef: 'e' },
			{ title: 'Same externalId again', externalId: 'new-1', _clientRef: 'f' },
			{ title: 'No ref' },
		];
		const id = (await post(body)).json.data.id;
		const job = await untilComplete(id);
		expect(job.attributes).toMatchObject({ successCount: 3, failureCount: 4 });
		const batches = await call(sb, 'GET', `/v1/bulk/${id}/batches`);
		expect(batches.status).toBe(200);
		expect(batches.json.meta).toMatchObject({ page: 1, total: 1 });
		const batch = batches.json.data[0];
		expect(batch).toMatchObject({ type: 'bulk_batch', relationships: { bulk: { data: { type: 'bulk', id } } } });
		const a = batch.attributes;
		expect(a).toMatchObject({ status: 'complete', successCount: 3, failureCount: 4, itemCount: 7 });
		expect(typeof a.completedAt).toBe('string');
		const byRef = new Map<string, any>(a.results.map((r: any) => [r._clientRef, r]));
		expect(byRef.get('a')).toMatchObject({ index: 0, status: 'success', id: expect.stringMatching(/^[0-9a-f]{24}$/) });
		expect(byRef.get('b')).toMatchObject({ index: 1, status: 'failure', error: { status: 404, source: { pointer: '/customer' } } });
		expect(byRef.get('c')).toMatchObject({ status: 'failure', error: { status: 409, code: 'duplicate', source: { pointer: '/externalId' } } });
		expect(byRef.get('d')).toMatchObject({ status: 'failure', error: { status: 400, code: 'invalid', source: { pointer: '/custom/statusStr' } } });
		expect(byRef.get('e')).toMatchObject({ status: 'success' });
		expect(byRef.get('f')).toMatchObject({ status: 'failure', error: { status: 409 } });
		expect(a.results[6]).toEqual({ index: 6, status: 'success', id: expect.any(String) });
		expect(a.objectIds).toEqual([0, 4, 6].map((i) => a.results[i].id));
		expect(a.errors.map((e: any) => e._clientRef)).toEqual(['b', 'c', 'd', 'f']);
		expect(a.errors[0]).toMatchObject({ index: 1, status: 404, title: 'Not Found', detail: `customer ${MISSING_ID} not found` });
		// the created objects are real, carry no _clientRef, and nothing was created twice
		const created = await call(sb, 'GET', `/v1/klasses/order/${byRef.get('e').id}`);
		expect(created.json.data.attributes).toMatchObject({ title: 'Good 2', externalId: 'new-1' });
		expect(created.json.data.attributes).not.toHaveProperty('_clientRef');
		expect((await call(sb, 'GET', `/v1/customers/${customer}/klasses/order`)).json.data.map((k: any) => k.attributes.title)).toEqual(['Good 1']);
		await untilComplete(id);
		await call(sb, 'GET', `/v1/bulk/${id}/batches`);
		expect(sb.counters.created.kobject).toBe(1 + 3);
	});

	it('splits 100 items into batches and refuses 101 with a 400', async () => {
		sb.setBulkTiming({ queuedMs: 0, runningMs: 0 });
		const hundred = await post(items(100));
		expect(hundred.status).toBe(201);
		const job = await untilComplete(hundred.json.data.id);
		expect(job.attributes).toMatchObject({ batches: { complete: 4, total: 4 }, successCount: 100 });
		const batches = (await call(sb, 'GET', `/v1/bulk/${job.id}/batches`)).json.data;
		expect(batches.map((b: any) => b.attributes.results[0]._clientRef)).toEqual(['row-0', 'row-25', 'row-50', 'row-75']);
		expect(sb.counters.created.kobject).toBe(100);

		const over = await post(items(101, (i) => ({ externalId: `more-${i}` })));
		expect(over.status).toBe(400);
		expect(over.json.errors[0]).toMatchObject({ code: 'invalid', source: { pointer: '' } });
		expect(over.json.errors[0].title).toContain('at most 100 items');
		expect(sb.counters.created.kobject).toBe(100);
		expect(sb.counters.created.bulk).toBe(1);
	});

	it('validates every item against the spec (400 with the item pointer) and takes only documented _clientRef types', async () => {
		const long = await post([{ title: 'ok' }, { title: 'x'.repeat(257) }]);
		expect(long.status).toBe(400);
		expect(long.json.errors[0].source).toEqual({ pointer: '/1/title' });
		const extra = await post([{ title: 'ok', clientRef: 'typo' }]);
		expect(extra.json.errors[0].source).toEqual({ pointer: '/0/clientRef' });
		expect((await post([{ title: 'ok', _clientRef: { nested: true } }])).status).toBe(400);
		expect((await post([{ title: 'ok', _clientRef: 7 }])).status).toBe(201);
		expect((await post({ title: 'not an array' })).status).toBe(400);
		expect((await call(sb, 'POST', '/v1/klasses/invoice/bulk', { body: [{ title: 'x' }] })).status).toBe(404);
	});

	it('completes at once with zero timing, though the POST still answers queued', async () => {
		sb.setBulkTiming({ queuedMs: 0, runningMs: 0 });
		const r = await post(items(2));
		expect(r.json.data.attributes.status).toBe('queued');
		expect(sb.counters.created.kobject).toBe(2);
		expect((await call(sb, 'GET', `/v1/bulk/${r.json.data.id}`)).json.data.attributes.status).toBe('complete');
	});

	it('creates the records on time without anyone polling', async () => {
		sb.setBulkTiming({ queuedMs: 10, runningMs: 20 });
		await post(items(3));
		for (let i = 0; i < 100 && sb.counters.created.kobject !== 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
		expect(sb.counters.created.kobject).toBe(3);
	});

	it('finishes queued and running jobs on demand (as Kustomer goes on after a client stops waiting), in process and over HTTP', async () => {
		sb.setBulkTiming({ queuedMs: 60_000, runningMs: 60_000, batchSize: 1 });
		const queued = (await post(items(2))).json.data.id;
		expect(sb.counters.created.kobject).toBeUndefined();
		expect(sb.finishBulkJobs()).toBe(1);
		const done = (await call(sb, 'GET', `/v1/bulk/${queued}`)).json.data.attributes;
		expect(done).toMatchObject({ status: 'complete', successCount: 2, batches: { complete: 2, total: 2 } });
		expect(sb.counters.created.kobject).toBe(2);
		// nothing left to finish: the count says so and no record is made twice
		expect(sb.finishBulkJobs()).toBe(0);

		sb.setBulkTiming({ queuedMs: 0 });
		const second = (await post(items(1, (i) => ({ externalId: `late-${i}`, _clientRef: `late-${i}` })))).json.data.id;
		expect((await call(sb, 'GET', `/v1/bulk/${second}`)).json.data.attributes.status).toBe('running');
		const control = await fetch(`${sb.url}/__sandbox/bulk-finish`, { method: 'POST' });
		expect(await control.json()).toEqual({ finished: 1 });
		expect((await call(sb, 'GET', `/v1/bulk/${second}`)).json.data.attributes.status).toBe('complete');
		expect(sb.counters.created.kobject).toBe(3);
	});

	it('drops pending jobs on reset and restores the start timing', async () => {
		sb.setBulkTiming({ queuedMs: 60_000, runningMs: 30, batchSize: 10 });
		const id = (await post(items(2))).json.data.id;
		expect(sb.store.timers.size).toBe(1);
		sb.reset();
		expect(sb.store.timers.size).toBe(0);
		expect(sb.bulkTiming).toEqual({ queuedMs: 50, runningMs: 100, batchSize: 25 });
		expect(sb.counters.created.kobject).toBeUndefined();
		expect(sb.store.kobjects.size).toBe(0);
		expect((await call(sb, 'GET', `/v1/bulk/${id}`)).status).toBe(404);
	});

	it('serves the bulk GET routes as documented non-spec routes needing org.permission.bulk.read', async () => {
		const id = (await post(items(1))).json.data.id;
		const r = await call(sb, 'GET', `/v1/bulk/${id}`);
		expect(sb.requests[sb.requests.length - 1]).toMatchObject({ operationId: 'GetBulkOperationById', valid: true, status: 200 });
		expect(r.json.data.id).toBe(id);
		await call(sb, 'GET', `/v1/bulk/${id}/batches`);
		expect(sb.requests[sb.requests.length - 1]).toMatchObject({ operationId: 'GetBulkOperationBatches', valid: true });
		expect((await call(sb, 'GET', `/v1/bulk/${MISSING_ID}`)).status).toBe(404);
		expect((await call(sb, 'GET', `/v1/bulk/${MISSING_ID}/batches`)).status).toBe(404);
		expect((await call(sb, 'GET', `/v1/bulk/${id}`, { key: 'bulk-reader' })).status).toBe(200);
		const denied = await call(sb, 'GET', `/v1/bulk/${id}`, { key: 'no-bulk-read' });
		expect(denied.status).toBe(401);
		expect(denied.json.errors[0].title).toContain('org.permission.bulk.read');
		// creating needs the kobject create role, which that key has
		expect((await post(items(1, () => ({ externalId: 'other' })), { key: 'no-bulk-read' })).status).toBe(201);
	});

	it('counts one bulk request as one unit of the rate limit', async () => {
		sb.setRateLimit(2, 60_000);
		expect((await post(items(50))).status).toBe(201);
		expect((await post(items(50, (i) => ({ externalId: `b-${i}` })))).status).toBe(201);
		expect((await post(items(1, () => ({ externalId: 'c' })))).status).toBe(429);
	});
});

describe('sandbox bulk jobs for customers', () => {
	let sb: KustomerSandbox;

	beforeAll(async () => {
		sb = await KustomerSandbox.start({ bulk: { queuedMs: 0, runningMs: 0 } });
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	it('creates with POST and updates with PUT /v1/customers/bulk, each item once, matched by _clientRef', async () => {
		const created = await call(sb, 'POST', '/v1/customers/bulk', { body: [{ name: 'One', _clientRef: 'a' }, { name: 'Two', _clientRef: 'b' }] });
		expect(created.status).toBe(201);
		const batches = (await call(sb, 'GET', `/v1/bulk/${String(created.json.data.id)}/batches`)).json.data;
		const results = batches.flatMap((batch: { attributes: { results: unknown[] } }) => batch.attributes.results);
		expect(results.map((r: { _clientRef: string; status: string }) => [r._clientRef, r.status])).toEqual([
			['a', 'success'],
			['b', 'success'],
		]);
		const ids = results.map((r: { id: string }) => r.id);
		expect(sb.counters.created.customer).toBe(2);
		const updated = await call(sb, 'PUT', '/v1/customers/bulk', { body: [{ id: ids[1], name: 'Two, renamed', _clientRef: 'x' }] });
		expect(updated.status).toBe(201);
		expect(updated.json.data.attributes.payload.api).toMatchObject({ method: 'PUT', path: '/v1/customers/bulk' });
		expect(sb.store.customers.get(ids[1])?.attributes.name).toBe('Two, renamed');
		expect(sb.counters.created.customer).toBe(2);
	});

	it('refuses _clientRef on some items only, or twice the same (https://developer.kustomer.com/docs/guides/bulk-operations)', async () => {
		const some = await call(sb, 'POST', '/v1/customers/bulk', { body: [{ name: 'One', _clientRef: 'a' }, { name: 'Two' }] });
		expect(some.status).toBe(400);
		expect(some.json.errors[0].source).toEqual({ pointer: '/1/_clientRef' });
		const twice = await call(sb, 'POST', '/v1/customers/bulk', { body: [{ name: 'One', _clientRef: 'a' }, { name: 'Two', _clientRef: 'a' }] });
		expect(twice.status).toBe(400);
		expect(sb.counters.created.customer ?? 0).toBe(0);
	});
});
