import { KustomerSandbox } from '../../sandbox';
import { call, createCustomer } from './helpers';

describe('sandbox faults and rate limits', () => {
	let sb: KustomerSandbox;

	beforeAll(async () => {
		sb = await KustomerSandbox.start();
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	it.each([429, 500, 502, 503, 504])('status fault %i answers once with the error envelope, then normal service resumes', async (status) => {
		sb.faults.add({ kind: 'status', status, match: { method: 'GET', path: /^\/v1\/customers/ } });
		const r = await call(sb, 'GET', '/v1/customers');
		expect(r.status).toBe(status);
		expect(r.json.errors[0].status).toBe(status);
		if (status === 429) {
			expect(r.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
			expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
			const reset = Number(r.headers.get('x-ratelimit-reset'));
			expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
			expect(reset).toBeLessThan(Date.now() / 1000 + 120);
		}
		expect((await call(sb, 'GET', '/v1/customers')).status).toBe(200);
		expect(sb.requests.map((q) => q.status)).toEqual([status, 200]);
	});

	it('faults apply before auth and validation and do not change state', async () => {
		sb.faults.add({ kind: 'status', status: 503, match: { method: 'POST', path: '/v1/customers' }, times: 2 });
		const noKey = await call(sb, 'POST', '/v1/customers', { key: null, body: { name: 'x' } });
		expect(noKey.status).toBe(503);
		const created = await call(sb, 'POST', '/v1/customers', { body: { name: 'x' } });
		expect(created.status).toBe(503);
		expect(sb.store.customers.size).toBe(0);
		expect(sb.counters.created.customer).toBeUndefined();
		expect((await call(sb, 'POST', '/v1/customers', { body: { name: 'x' } })).status).toBe(201);
		// the faulted request is recorded with what it was, and what it got
		expect(sb.requests[1]).toMatchObject({ method: 'POST', operationId: 'CreateCustomer', valid: true, status: 503, body: { name: 'x' } });
	});

	it('matches faults by method and path; other requests pass', async () => {
		sb.faults.add({ kind: 'status', status: 500, match: { method: 'DELETE' } });
		expect((await call(sb, 'GET', '/v1/customers')).status).toBe(200);
		expect((await call(sb, 'DELETE', '/v1/customers/0123456789abcdef01234567')).status).toBe(500);
		expect((await call(sb, 'DELETE', '/v1/customers/0123456789abcdef01234567')).status).toBe(404);
	});

	it('an "after" fault carries the request out, then loses or replaces its answer', async () => {
		sb.faults.add({ kind: 'reset', after: true, match: { method: 'POST', path: '/v1/customers' } });
		await expect(call(sb, 'POST', '/v1/customers', { body: { name: 'Landed' } })).rejects.toThrow();
		expect(sb.counters.created.customer).toBe(1);
		sb.faults.add({ kind: 'status', status: 502, after: true, match: { method: 'POST' } });
		expect((await call(sb, 'POST', '/v1/customers', { body: { name: 'Also landed' } })).status).toBe(502);
		expect(sb.counters.created.customer).toBe(2);
		expect(sb.requests.map((q) => q.status)).toEqual([0, 502]);
	});

	it('an "every" fault hits every n-th matching request only', async () => {
		sb.faults.add({ kind: 'status', status: 503, every: 3, times: 2, match: { method: 'GET' } });
		for (let i = 0; i < 8; i++) await call(sb, 'GET', '/v1/customers');
		expect(sb.requests.map((q) => q.status)).toEqual([200, 200, 503, 200, 200, 503, 200, 200]);
	});

	it('reset destroys the socket without an answer', async () => {
		sb.faults.add({ kind: 'reset' });
		await expect(call(sb, 'GET', '/v1/customers')).rejects.toThrow();
		expect(sb.requests[0]).toMatchObject({ path: '/v1/customers', status: 0 });
		expect((await call(sb, 'GET', '/v1/customers')).status).toBe(200);
	});

	it('delay waits, then answers normally', async () => {
		const id = await createCustomer(sb, { name: 'Slow' });
		sb.faults.add({ kind: 'delay', delayMs: 300 });
		const started = Date.now();
		const r = await call(sb, 'GET', `/v1/customers/${id}`);
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		expect(r.status).toBe(200);
		expect(r.json.data.id).toBe(id);
	});

	it('html answers 502 with an HTML page', async () => {
		sb.faults.add({ kind: 'html' });
		const r = await call(sb, 'GET', '/v1/customers');
		expect(r.status).toBe(502);
		expect(r.headers.get('content-type')).toMatch(/text\/html/);
		expect(r.text).toMatch(/<html>/);
		expect(r.json).toBeUndefined();
	});

	it('malformed answers 200 with broken JSON', async () => {
		sb.faults.add({ kind: 'malformed' });
		const r = await call(sb, 'GET', '/v1/customers');
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/application\/json/);
		expect(() => JSON.parse(r.text)).toThrow();
	});

	it('adds custom headers and honours times', async () => {
		sb.faults.add({ kind: 'status', status: 503, headers: { 'retry-after': '1' }, times: 2 });
		const a = await call(sb, 'GET', '/v1/customers');
		const b = await call(sb, 'GET', '/v1/customers');
		const c = await call(sb, 'GET', '/v1/customers');
		expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
		expect(a.headers.get('retry-after')).toBe('1');
		sb.faults.add({ kind: 'status', status: 500, times: Infinity });
		expect((await call(sb, 'GET', '/v1/customers')).status).toBe(500);
		sb.faults.clear();
		expect((await call(sb, 'GET', '/v1/customers')).status).toBe(200);
	});

	it('rate limit: headers on every response, 429 past the limit without processing, reset after the window', async () => {
		sb.setRateLimit(3, 1000);
		const replies = [];
		for (let i = 0; i < 3; i++) replies.push(await call(sb, 'POST', '/v1/customers', { body: { name: `c${i}` } }));
		expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
		expect(replies.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0']);
		expect(replies.every((r) => r.headers.get('x-ratelimit-limit') === '3')).toBe(true);

		const limited = await call(sb, 'POST', '/v1/customers', { body: { name: 'too many' } });
		expect(limited.status).toBe(429);
		expect(limited.json.errors[0]).toMatchObject({ status: 429, code: 'too_many_requests' });
		expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
		const reset = Number(limited.headers.get('x-ratelimit-reset'));
		expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
		expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 2);
		expect(sb.store.customers.size).toBe(3);
		// unauthenticated requests count and carry the headers as well
		expect((await call(sb, 'GET', '/v1/customers', { key: null })).status).toBe(429);

		sb.store.clock.advance(1100);
		const after = await call(sb, 'GET', '/v1/customers');
		expect(after.status).toBe(200);
		expect(after.headers.get('x-ratelimit-remaining')).toBe('2');

		sb.setRateLimit(null);
		const off = await call(sb, 'GET', '/v1/customers');
		expect(off.headers.get('x-ratelimit-limit')).toBeNull();
	});

	it('reset() clears store, requests, faults, rate limit and counters', async () => {
		await createCustomer(sb, { name: 'x' });
		sb.faults.add({ kind: 'status', status: 500, match: { path: '/never' } });
		sb.setRateLimit(100);
		sb.reset();
		expect(sb.store.customers.size).toBe(0);
		expect(sb.requests).toHaveLength(0);
		expect(sb.counters.created).toEqual({});
		expect(sb.faults.pending).toHaveLength(0);
		expect((await call(sb, 'GET', '/v1/customers')).headers.get('x-ratelimit-limit')).toBeNull();
	});
});

describe('sandbox HTTP control endpoints', () => {
	let sb: KustomerSandbox;
	const control = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${sb.url}/__sandbox${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		return { status: res.status, json: text ? JSON.parse(text) : undefined };
	};

	beforeAll(async () => {
		sb = await KustomerSandbox.start();
	});
	afterAll(() => sb.close());

	it('exposes requests, counters, faults, rate limit and reset without auth', async () => {
		await createCustomer(sb, { name: 'Remote' });
		const requests = await control('GET', '/requests');
		expect(requests.status).toBe(200);
		expect(requests.json.requests).toEqual([expect.objectContaining({ method: 'POST', path: '/v1/customers', status: 201, operationId: 'CreateCustomer', valid: true })]);
		expect((await control('GET', '/counters')).json).toMatchObject({ created: { customer: 1 } });

		expect((await control('POST', '/faults', { kind: 'status', status: 502, match: { method: 'GET', path: '^/v1/customers/email=' } })).status).toBe(201);
		expect((await call(sb, 'GET', '/v1/customers')).status).toBe(200);
		expect((await call(sb, 'GET', '/v1/customers/email=a%40b.co')).status).toBe(502);
		await control('POST', '/faults', { kind: 'status', status: 500, times: 5 });
		expect((await control('DELETE', '/faults')).status).toBe(200);
		expect((await call(sb, 'GET', '/v1/customers')).status).toBe(200);

		expect((await control('POST', '/rate-limit', { limit: 1, windowMs: 60000 })).status).toBe(200);
		expect((await call(sb, 'GET', '/v1/customers')).status).toBe(200);
		const limited = await call(sb, 'GET', '/v1/customers');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
		// control routes are never rate limited, faulted or recorded
		expect((await control('GET', '/requests')).json.requests.every((r: any) => !r.path.startsWith('/__sandbox'))).toBe(true);

		expect((await control('POST', '/reset')).status).toBe(200);
		expect(sb.store.customers.size).toBe(0);
		expect((await control('GET', '/requests')).json.requests).toEqual([]);
		expect((await control('GET', '/counters')).json).toEqual({ created: {}, updated: {}, deleted: {} });
		expect((await call(sb, 'GET', '/v1/customers')).status).toBe(200);
	});

	it('rejects a bad fault with 400 and unknown control routes with 404', async () => {
		expect((await control('POST', '/faults', { kind: 'explode' })).status).toBe(400);
		expect((await control('GET', '/nothing')).status).toBe(404);
	});
});
