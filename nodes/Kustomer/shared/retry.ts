import { sleep } from 'n8n-workflow';
import type { IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';

/**
 * The one module for rate limits and transient faults (kustomer-api.md §4).
 *
 * Kustomer limits each organization to 300–2,000 requests a minute, shared by all its keys, and
 * answers 429 with `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` (epoch
 * seconds). n8n starts every item's request at once and its own "Retry On Fail" re-runs every item,
 * duplicating creates. So requests go through a per-host gate that bounds how many are in flight,
 * slows down as `x-ratelimit-remaining` runs out, and retries one request at a time:
 * - 429: always, after the reset time (or Retry-After, or exponential backoff with jitter): Kustomer
 *   refused it before doing anything, so even a create cannot be duplicated;
 * - 502/503/504 and connection failures: only for requests that change nothing (GET, search).
 *   A write that failed that way may or may not have happened, so it is reported, not repeated.
 */

export interface RetryPolicy {
	maxRetries: number;
	maxInFlight: number;
	/** Longest single wait, so a wrong reset header cannot stall a run for long. */
	maxWaitMs: number;
}

export const DEFAULT_POLICY: RetryPolicy = { maxRetries: 5, maxInFlight: 8, maxWaitMs: 60_000 };

const BACKOFF_BASE_MS = 500;

interface Gate {
	inFlight: number;
	waiting: Array<() => void>;
	/** No new request starts before this time (epoch ms): the window is used up. */
	pausedUntil: number;
	remaining?: number;
	resetAt?: number;
}

const gates = new Map<string, Gate>();

function gateFor(key: string): Gate {
	let gate = gates.get(key);
	if (!gate) {
		gate = { inFlight: 0, waiting: [], pausedUntil: 0 };
		gates.set(key, gate);
	}
	return gate;
}

async function acquire(gate: Gate, maxInFlight: number): Promise<void> {
	while (gate.inFlight >= Math.max(1, maxInFlight)) {
		await new Promise<void>((resolve) => gate.waiting.push(resolve));
	}
	gate.inFlight++;
	// Pace: when the window is nearly used up, spread what is left until it resets.
	for (;;) {
		const now = Date.now();
		if (gate.pausedUntil > now) {
			await sleep(Math.min(gate.pausedUntil - now, DEFAULT_POLICY.maxWaitMs));
			continue;
		}
		if (gate.remaining !== undefined && gate.resetAt && gate.resetAt > now && gate.remaining <= gate.inFlight) {
			const spacing = (gate.resetAt - now) / Math.max(1, gate.remaining);
			await sleep(Math.min(spacing, DEFAULT_POLICY.maxWaitMs));
			gate.remaining = Math.max(0, gate.remaining - 1);
		}
		return;
	}
}

function release(gate: Gate, key: string): void {
	gate.inFlight--;
	const next = gate.waiting.shift();
	if (next) next();
	else if (gate.inFlight === 0 && gate.pausedUntil < Date.now()) gates.delete(key);
}

function header(response: IN8nHttpFullResponse | undefined, name: string): string | undefined {
	const value = response?.headers?.[name] ?? response?.headers?.[name.toLowerCase()];
	return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

/** Milliseconds until a 429's window resets, from x-ratelimit-reset or Retry-After. */
export function rateLimitWaitMs(response: IN8nHttpFullResponse, now = Date.now()): number | undefined {
	const reset = Number(header(response, 'x-ratelimit-reset'));
	if (Number.isFinite(reset) && reset > 0) {
		// Epoch seconds per Kustomer; a small number is read as seconds from now.
		const resetMs = reset > 1e9 ? reset * 1000 : now + reset * 1000;
		return Math.max(0, resetMs - now);
	}
	const retryAfter = header(response, 'retry-after');
	if (retryAfter !== undefined) {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	return undefined;
}

export function backoffMs(attempt: number, maxWaitMs: number): number {
	const ceiling = Math.min(maxWaitMs, BACKOFF_BASE_MS * 2 ** attempt);
	return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

function observe(gate: Gate, response: IN8nHttpFullResponse): void {
	const remaining = Number(header(response, 'x-ratelimit-remaining'));
	if (Number.isFinite(remaining)) gate.remaining = remaining;
	const wait = rateLimitWaitMs(response);
	if (wait !== undefined && header(response, 'x-ratelimit-reset') !== undefined) gate.resetAt = Date.now() + wait;
}

const TRANSIENT = new Set([502, 503, 504]);

/** Whether repeating the request cannot change anything twice. */
export function isSafeToRepeat(method: IHttpRequestMethods, url: string): boolean {
	return method === 'GET' || method === 'HEAD' || (method === 'POST' && /\/search(\?|$)/.test(url));
}

export interface Attempt {
	response?: IN8nHttpFullResponse;
	error?: unknown;
}

/**
 * Runs `send` under the gate of `host`, repeating it as the policy allows. Returns the last
 * response, or throws the last transport error.
 */
export async function withRetries(
	host: string,
	request: { method: IHttpRequestMethods; url: string },
	policy: RetryPolicy,
	send: () => Promise<IN8nHttpFullResponse>,
): Promise<IN8nHttpFullResponse> {
	const gate = gateFor(host);
	const safe = isSafeToRepeat(request.method, request.url);
	for (let attempt = 0; ; attempt++) {
		await acquire(gate, policy.maxInFlight);
		let outcome: Attempt;
		try {
			outcome = { response: await send() };
		} catch (error) {
			outcome = { error };
		} finally {
			release(gate, host);
		}
		const { response, error } = outcome;
		if (response) observe(gate, response);
		const retriesLeft = attempt < policy.maxRetries;
		if (response?.statusCode === 429 && retriesLeft) {
			const wait = Math.min(rateLimitWaitMs(response) ?? backoffMs(attempt, policy.maxWaitMs), policy.maxWaitMs);
			gate.pausedUntil = Math.max(gate.pausedUntil, Date.now() + wait);
			await sleep(wait);
			continue;
		}
		if (safe && retriesLeft && (error || (response && TRANSIENT.has(response.statusCode)))) {
			await sleep(backoffMs(attempt, policy.maxWaitMs));
			continue;
		}
		if (error) throw error;
		return response as IN8nHttpFullResponse;
	}
}
