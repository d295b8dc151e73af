import type { IN8nHttpFullResponse } from 'n8n-workflow';

import { requestOptionsProperty } from '../../nodes/Kustomer/shared/requestOptionsProperty';
import { DEFAULT_POLICY, DEFAULT_TIMEOUT_MS, backoffMs, failureKind, inArrivalOrder, isSafeToRepeat, rateLimitWaitMs, withRetries } from '../../nodes/Kustomer/shared/retry';

const response = (statusCode: number, headers: Record<string, string> = {}): IN8nHttpFullResponse => ({
	statusCode,
	headers,
	body: {},
});

describe('retry policy', () => {
	it('shows the defaults that apply when Request Options are not set', () => {
		const defaults = Object.fromEntries((requestOptionsProperty.options ?? []).map((option) => [option.name, (option as { default: unknown }).default]));
		expect(defaults).toEqual({ maxInFlight: DEFAULT_POLICY.maxInFlight, maxRetries: DEFAULT_POLICY.maxRetries });
		expect(DEFAULT_TIMEOUT_MS).toBe(60_000);
	});

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

	/** A network failure as n8n's request helper throws it: the code is on the wrapped cause. */
	const networkError = (code: string) => Object.assign(new Error(`request failed: ${code}`), { cause: Object.assign(new Error(code), { code }) });

	it('tells failures that never reached the server from those that may have', () => {
		for (const code of ['ENOTFOUND', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']) {
			expect([code, failureKind(networkError(code))]).toEqual([code, 'permanent']);
		}
		expect(failureKind(Object.assign(new Error('x'), { cause: Object.assign(new Error('refused'), { name: 'KustomerKeyRefused' }) }))).toBe('permanent');
		for (const code of ['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']) expect([code, failureKind(networkError(code))]).toEqual([code, 'not-sent']);
		for (const code of ['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', '']) expect([code, failureKind(networkError(code))]).toEqual([code, 'uncertain']);
		expect(failureKind(new Error('invalid JSON in the answer'))).toBe('uncertain');
	});

	it('never repeats a permanent failure, repeats a refused connection even for a write, and a reset only for a read', async () => {
		const policy = { maxRetries: 3, maxInFlight: 2, maxWaitMs: 5 };
		const attempts = async (method: 'GET' | 'POST', codes: string[]) => {
			let calls = 0;
			const outcome = await withRetries(`test-failure-${method}-${codes.join()}`, { method, url: '/v1/customers' }, policy, async () => {
				const code = codes[calls++];
				if (code) throw networkError(code);
				return response(201);
			}).then(
				(answer) => answer.statusCode,
				(error: Error) => (error.cause as { code: string }).code,
			);
			return [outcome, calls];
		};
		expect(await attempts('GET', ['ENOTFOUND', 'ENOTFOUND'])).toEqual(['ENOTFOUND', 1]);
		expect(await attempts('GET', ['CERT_HAS_EXPIRED', 'CERT_HAS_EXPIRED'])).toEqual(['CERT_HAS_EXPIRED', 1]);
		// Every certificate code and failed handshake, not only the listed ones: none sent a byte of the request.
		expect(await attempts('GET', ['CERT_SIGNATURE_FAILURE', 'CERT_SIGNATURE_FAILURE'])).toEqual(['CERT_SIGNATURE_FAILURE', 1]);
		expect(await attempts('POST', ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'])).toEqual(['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 1]);
		expect(await attempts('GET', ['ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC', 'ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC'])).toEqual([201, 3]);
		// Raised while the answer is read (a proxy dropping the connection): the request may have left.
		expect(await attempts('GET', ['ERR_SSL_UNEXPECTED_EOF_WHILE_READING', 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING'])).toEqual([201, 3]);
		expect(await attempts('POST', ['ERR_SSL_UNEXPECTED_EOF_WHILE_READING'])).toEqual(['ERR_SSL_UNEXPECTED_EOF_WHILE_READING', 1]);
		// A handshake refused: Node reports it as EPROTO, as the server's alert or as no shared protocol.
		expect(await attempts('GET', ['EPROTO', 'EPROTO'])).toEqual(['EPROTO', 1]);
		expect(await attempts('GET', ['ERR_SSL_UNSUPPORTED_PROTOCOL', 'ERR_SSL_UNSUPPORTED_PROTOCOL'])).toEqual(['ERR_SSL_UNSUPPORTED_PROTOCOL', 1]);
		// Plain text written by a middlebox into a connection already set up: the request may have left.
		expect(await attempts('GET', ['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_WRONG_VERSION_NUMBER'])).toEqual([201, 3]);
		expect(await attempts('GET', ['INVALID_CA', 'INVALID_CA'])).toEqual(['INVALID_CA', 1]);
		expect(await attempts('POST', ['ECONNREFUSED', 'ECONNREFUSED'])).toEqual([201, 3]);
		expect(await attempts('POST', ['ECONNRESET'])).toEqual(['ECONNRESET', 1]);
		expect(await attempts('GET', ['ECONNRESET', 'ETIMEDOUT'])).toEqual([201, 3]);
		expect(await attempts('POST', ['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED'])).toEqual(['ECONNREFUSED', 4]);
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

	it('once the window is used up, lets one probe through at a time until it turns', async () => {
		const policy = { maxRetries: 3, maxInFlight: 10, maxWaitMs: 2_000 };
		const host = 'test-probe';
		await withRetries(host, { method: 'GET', url: '/x' }, policy, async () => response(200, { 'x-ratelimit-remaining': '0' }));

		let running = 0;
		const log: Array<{ call: number; running: number }> = [];
		// The first two probes find the window still spent (reset within the second); the third finds a new one.
		const answers = [
			response(429, { 'x-ratelimit-remaining': '0', 'retry-after': '1' }),
			response(429, { 'x-ratelimit-remaining': '0', 'retry-after': '1' }),
		];
		await Promise.all(
			Array.from({ length: 10 }, () =>
				withRetries(host, { method: 'POST', url: '/v1/customers' }, policy, async () => {
					running++;
					log.push({ call: log.length, running });
					await new Promise((resolve) => setImmediate(resolve));
					running--;
					return answers.shift() ?? response(201, { 'x-ratelimit-remaining': '100' });
				}),
			),
		);
		// Calls 0-2 were probes, alone on the wire; after the window turned the rest ran together.
		expect(log.slice(0, 3).map((entry) => entry.running)).toEqual([1, 1, 1]);
		expect(Math.max(...log.map((entry) => entry.running))).toBeGreaterThan(1);
		expect(log).toHaveLength(12);
	});

	it('looks a write up instead of repeating it, and sends it again only when it did not happen', async () => {
		const policy = { maxRetries: 3, maxInFlight: 2, maxWaitMs: 50 };
		let sends = 0;
		const landed = await withRetries('test-recover-a', { method: 'POST', url: '/v1/customers' }, policy, async () => {
			sends++;
			throw new Error('socket hang up');
		}, async () => response(200));
		expect([landed.statusCode, sends]).toEqual([200, 1]);

		sends = 0;
		let lookups = 0;
		const retried = await withRetries('test-recover-b', { method: 'POST', url: '/v1/customers' }, policy, async () => {
			sends++;
			return sends === 1 ? response(503) : response(201);
		}, async () => {
			lookups++;
			return undefined;
		});
		expect([retried.statusCode, sends, lookups]).toEqual([201, 2, 1]);
	});
});

describe('requests go on in the order they arrived', () => {
	it('whatever order their set-up (n8n reading the credential) finishes in', async () => {
		const order: string[] = [];
		const finish: Array<(value: string) => void> = [];
		const runs = ['item 0', 'item 1', 'item 2', 'item 3'].map(async (name, i) => {
			const value = await inArrivalOrder(async () => await new Promise<string>((resolve) => (finish[i] = resolve)));
			order.push(value);
		});
		// The credential reads finish backwards and mixed up.
		finish[3]('item 3');
		finish[1]('item 1');
		await Promise.resolve();
		finish[2]('item 2');
		finish[0]('item 0');
		await Promise.all(runs);
		expect(order).toEqual(['item 0', 'item 1', 'item 2', 'item 3']);
	});

	it('a set-up that fails lets the later ones go on, and fails its own request only', async () => {
		const outcomes: string[] = [];
		const failing = inArrivalOrder(async () => {
			throw new Error('no credential');
		}).catch((error: Error) => outcomes.push(`failed: ${error.message}`));
		const next = inArrivalOrder(async () => 'next').then((value) => outcomes.push(value));
		await Promise.all([failing, next]);
		expect(outcomes).toEqual(['failed: no credential', 'next']);
	});
});
