import type { IN8nHttpFullResponse } from 'n8n-workflow';

import { backoffMs, isSafeToRepeat, rateLimitWaitMs, withRetries } from '../../nodes/Kustomer/shared/retry';

const response = (statusCode: number, headers: Record<string, string> = {}): IN8nHttpFullResponse => ({
	statusCode,
	headers,
	body: {},
});

describe('retry policy', () => {
	it('reads the wait from x-ratelimit-reset (epoch seconds), else Retry-After', () => {
		const now = Date.UTC(2026, 0, 1);
		expect(rateLimitWaitMs(response(429, { 'x-ratelimit-reset': String(now / 1000 + 7) }), now)).toBe(7000);
		expect(rateLimitWaitMs(response(429, { 'retry-after': '3' }), now)).toBe(3000);
		expect(rateLimitWaitMs(response(429, {}), now)).toBeUndefined();
	});

	it('backs off exponentially with jitter, capped', () => {
		for (let attempt = 0; attempt < 12; attempt++) {
			const wait = backoffMs(attempt, 10_000);
			const ceiling = Math.min(10_000, 500 * 2 ** attempt);
			expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
			expect(wait).toBeLessThanOrEqual(ceiling);
		}
	});

	it('repeats only requests that change nothing', () => {
		expect(isSafeToRepeat('GET', '/v1/customers/1')).toBe(true);
		expect(isSafeToRepeat('POST', '/v1/customers/search')).toBe(true);
		expect(isSafeToRepeat('POST', '/v1/customers')).toBe(false);
		expect(isSafeToRepeat('PATCH', '/v1/customers/1')).toBe(false);
		expect(isSafeToRepeat('DELETE', '/v1/customers/1')).toBe(false);
	});

	it('retries a 429 write, but not a 503 write', async () => {
		const policy = { maxRetries: 3, maxInFlight: 2, maxWaitMs: 50 };
		const answers = [response(429, { 'retry-after': '0' }), response(201)];
		let calls = 0;
		const ok = await withRetries('test-a', { method: 'POST', url: '/v1/customers' }, policy, async () => answers[calls++]);
		expect([ok.statusCode, calls]).toEqual([201, 2]);

		calls = 0;
		const failed = await withRetries('test-b', { method: 'POST', url: '/v1/customers' }, policy, async () => {
			calls++;
			return response(503);
		});
		expect([failed.statusCode, calls]).toEqual([503, 1]);

		calls = 0;
		const read = await withRetries('test-c', { method: 'GET', url: '/v1/customers/1' }, policy, async () => {
			calls++;
			return calls < 3 ? response(503) : response(200);
		});
		expect([read.statusCode, calls]).toEqual([200, 3]);
	});

	it('keeps at most maxInFlight requests running at once', async () => {
		let running = 0;
		let peak = 0;
		const policy = { maxRetries: 0, maxInFlight: 3, maxWaitMs: 50 };
		await Promise.all(
			Array.from({ length: 20 }, () =>
				withRetries('test-d', { method: 'GET', url: '/x' }, policy, async () => {
					running++;
					peak = Math.max(peak, running);
					await new Promise((resolve) => setImmediate(resolve));
					running--;
					return response(200);
				}),
			),
		);
		expect(peak).toBe(3);
	});
});
