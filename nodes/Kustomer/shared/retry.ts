import { sleep } from 'n8n-workflow';
import type { IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';

/**
 * The one module for rate limits and transient faults (https://developer.kustomer.com/docs/concepts/rate-limits).
 *
 * Kustomer limits each organization to 300–2,000 requests a minute, shared by all its keys. Most
 * answers carry `x-ratelimit-limit` and `x-ratelimit-remaining`; `x-ratelimit-reset` (epoch
 * seconds) usually comes only with the 429. n8n starts every item's request at once and its own
 * "Retry On Fail" re-runs every item, duplicating creates. So requests go through a per-host gate:
 * - at most `maxInFlight` requests run at once;
 * - a budget follows `x-ratelimit-remaining`: once it is spent, the gate lets a single request
 *   through (a probe) and holds the rest. The probe either finds a fresh window or comes back 429
 *   with the reset time, and the gate pauses everything until then. A large run so loses one
 *   request per window to the limit instead of bouncing every request in flight off it;
 * - 429 is always retried, after the reset (or Retry-After, or exponential backoff with jitter,
 *   capped): Kustomer refused it before doing anything, so even a create cannot be duplicated;
 * - 500/502/503/504 and connection failures are retried for requests that change nothing (GET,
 *   search). A write that failed that way may or may not have happened: it is retried only when
 *   the caller can look it up first (a create carrying an externalId), otherwise it is reported;
 * - a failure before any connection (refused, unreachable) is retried whatever the method: nothing
 *   was sent. One that stays (unknown host, refused certificate, a key the credential may not send
 *   there) is not retried at all.
 */

export interface RetryPolicy {
	maxRetries: number;
	maxInFlight: number;
	/** Longest single wait, so a wrong reset header cannot stall a run for long. */
	maxWaitMs: number;
	/**
	 * Epoch ms after which the request is not started or repeated (a bulk job's Max Wait): a wait
	 * for the rate limit's reset, a backoff or a paused gate that would end later gives up at once.
	 */
	deadline?: number;
}

/** A request given up because waiting (for the rate limit, a backoff) would pass its deadline. */
export class DeadlineError extends Error {
	constructor(readonly lastStatus?: number) {
		super(lastStatus === 429 ? 'Kustomer\'s rate limit would hold the request past the time allowed' : 'the time allowed ran out');
		this.name = 'DeadlineError';
	}
}

export const DEADLINE_NOTE = 'The request was not sent again once waiting would pass the time allowed; a request Kustomer answered 429 changed nothing.';

/** Whether waiting `ms` from now still ends before the policy's deadline (always, without one). */
function fitsDeadline(policy: RetryPolicy, ms: number): boolean {
	return policy.deadline === undefined || Date.now() + ms <= policy.deadline;
}

export const DEFAULT_POLICY: RetryPolicy = { maxRetries: 5, maxInFlight: 8, maxWaitMs: 60_000 };

/** Per attempt, where the node's Request Options set none. */
export const DEFAULT_TIMEOUT_MS = 60_000;

const BACKOFF_BASE_MS = 500;
const WHOLE_SECOND_MS = 1_000;
const PROBE_GAP_MS = 100;
/** 429s met while probing the last second of a window do not use up a request's retries, up to this many. */
const MAX_EARLY_PROBES = 20;

interface Gate {
	inFlight: number;
	/** Woken (all of them) whenever a request ends or the gate's state changes. */
	wakers: Array<() => void>;
	/** No request starts before this time (epoch ms). */
	pausedUntil: number;
	/** Requests this window still allows, as far as the gate knows; undefined = unknown. */
	budget?: number;
	/** When the current window ends (epoch ms), where Kustomer said so. */
	resetAt?: number;
	/** A request sent with the budget spent is out, finding out when the window resets. */
	probing: boolean;
}

const gates = new Map<string, Gate>();

function gateFor(key: string): Gate {
	let gate = gates.get(key);
	if (!gate) {
		gate = { inFlight: 0, wakers: [], pausedUntil: 0, probing: false };
		gates.set(key, gate);
	}
	return gate;
}

function changed(gate: Gate): Promise<void> {
	return new Promise<void>((resolve) => gate.wakers.push(resolve));
}

function wakeOne(gate: Gate): void {
	gate.wakers.shift()?.();
}

function wakeAll(gate: Gate): void {
	const wakers = gate.wakers;
	gate.wakers = [];
	for (const wake of wakers) wake();
}

/** Waits for a slot; returns whether this request is the window's probe. */
async function acquire(gate: Gate, policy: RetryPolicy): Promise<boolean> {
	for (;;) {
		const now = Date.now();
		if (gate.pausedUntil > now) {
			// A pause (the window's reset) that ends after the deadline is not waited for.
			if (!fitsDeadline(policy, gate.pausedUntil - now)) throw new DeadlineError(429);
			await sleep(Math.min(gate.pausedUntil - now, policy.maxWaitMs));
			continue;
		}
		if (gate.resetAt !== undefined && gate.resetAt <= now) {
			// A new window: what is left of it is unknown until the next answer says.
			gate.resetAt = undefined;
			gate.budget = undefined;
		}
		if (gate.inFlight >= Math.max(1, policy.maxInFlight)) {
			await changed(gate);
			continue;
		}
		if (gate.budget !== undefined && gate.budget <= 0) {
			if (gate.probing) {
				await changed(gate);
				continue;
			}
			gate.probing = true;
			gate.inFlight++;
			return true;
		}
		if (gate.budget !== undefined) gate.budget--;
		gate.inFlight++;
		return false;
	}
}

/** Gives a slot back unused. */
function release(gate: Gate, probe: boolean): void {
	gate.inFlight--;
	if (probe) {
		gate.probing = false;
		wakeAll(gate);
	} else {
		wakeOne(gate);
	}
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

/**
 * A 429 that is not the organization's budget: Kustomer also caps creations per customer (120
 * conversations, messages, custom objects and drafts a minute for each customer;
 * https://developer.kustomer.com/docs/concepts/rate-limits) and updates per user and object. Such an
 * answer still shows requests left in the organization's window (`x-ratelimit-remaining` > 0): only
 * the refused request waits; the organization's other requests go on.
 */
export function isPerObjectLimit(response: IN8nHttpFullResponse): boolean {
	if (response.statusCode !== 429) return false;
	const remaining = Number(header(response, 'x-ratelimit-remaining') ?? Number.NaN);
	return Number.isFinite(remaining) && remaining > 0;
}

export function backoffMs(attempt: number, maxWaitMs: number): number {
	const ceiling = Math.min(maxWaitMs, BACKOFF_BASE_MS * 2 ** attempt);
	return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * Learns the window from an answer: what is left of it and, where given, when it resets. Reset
 * headers count whole seconds, so the window may really end up to a second before the time they
 * give: after a 429 the gate pauses until a second before it, then probes (one request at a time,
 * PROBE_GAP_MS apart) until the window has turned. That keeps a run within a few per cent of the
 * limit even with short windows.
 */
function observe(gate: Gate, response: IN8nHttpFullResponse, policy: RetryPolicy): void {
	const now = Date.now();
	const remaining = Number(header(response, 'x-ratelimit-remaining') ?? Number.NaN);
	// Requests still running were started against the same budget and may yet count against it.
	if (Number.isFinite(remaining)) gate.budget = Math.max(0, remaining - gate.inFlight);
	// A per-customer or per-object cap says nothing about the organization's window.
	if (isPerObjectLimit(response)) return;
	const wait = rateLimitWaitMs(response, now);
	if (wait !== undefined && (response.statusCode === 429 || header(response, 'x-ratelimit-reset') !== undefined)) {
		gate.resetAt = now + Math.min(wait, policy.maxWaitMs);
	}
	if (response.statusCode === 429) {
		gate.budget = 0;
		if (wait !== undefined) {
			const pause = Math.min(Math.max(PROBE_GAP_MS, wait - WHOLE_SECOND_MS), policy.maxWaitMs);
			gate.pausedUntil = Math.max(gate.pausedUntil, now + pause);
		}
	}
}

/**
 * Searches made with an API key: at most 100 a minute, apart from the org budget
 * (https://developer.kustomer.com/docs/concepts/rate-limits). Searches to one host are paced
 * proactively with a sliding window: no more than `limit` start within any `windowMs`, so a long
 * Return All or a search per item never meets the limit when it is the key's only user.
 * - The pace starts at the documented 100 per 60 s. A search answer's `x-ratelimit-limit` sets the
 *   limit, never above the documented 100 (the header may describe the org budget). When an answer
 *   says just one search is counted (remaining = limit - 1), its `x-ratelimit-reset` says when that
 *   search leaves the window: the window is learned as that time minus when the search was sent
 *   (whole-second resets make it a little longer, never shorter).
 * - `x-ratelimit-remaining: 0` on a search answer holds searches until the reset (another client of
 *   the same key may have used the window).
 * - A search refused with 429 holds every search until the reset, then is sent again: a search
 *   changes nothing, so repeating it is always safe.
 * Search answers teach the search pace only, not the org gate above: their headers may describe the
 * search budget, which is far smaller than the org's.
 */
export const SEARCH_RATE_LIMIT = { limit: 100, windowMs: 60_000 } as const;

interface SearchPace {
	limit: number;
	windowMs: number;
	/** When each search of the current window was sent (epoch ms, ascending). */
	sent: number[];
	pausedUntil: number;
}

const searchPaces = new Map<string, SearchPace>();

function searchPaceFor(key: string): SearchPace {
	let pace = searchPaces.get(key);
	if (!pace) {
		pace = { ...SEARCH_RATE_LIMIT, sent: [], pausedUntil: 0 };
		searchPaces.set(key, pace);
	}
	return pace;
}

export function isSearch(method: IHttpRequestMethods, url: string): boolean {
	return method === 'POST' && /\/search(\?|$)/.test(url);
}

/** Waits until one more search fits the window, and books it; returns the booking. */
async function acquireSearch(pace: SearchPace, policy: RetryPolicy): Promise<number> {
	for (;;) {
		const now = Date.now();
		if (pace.pausedUntil > now) {
			await sleep(Math.min(pace.pausedUntil - now, policy.maxWaitMs));
			continue;
		}
		while (pace.sent.length && pace.sent[0] <= now - pace.windowMs) pace.sent.shift();
		if (pace.sent.length >= pace.limit) {
			await sleep(Math.max(1, Math.min(pace.sent[0] + pace.windowMs - now, policy.maxWaitMs)));
			continue;
		}
		pace.sent.push(now);
		return now;
	}
}

function unbook(pace: SearchPace, booked: number): void {
	const index = pace.sent.indexOf(booked);
	if (index >= 0) pace.sent.splice(index, 1);
}

/**
 * Whether a booking made before waiting for the org gate still fits: the pace may have learned a
 * lower limit or a pause meanwhile (the first answers of a burst of searches per item).
 */
function stillFits(pace: SearchPace): boolean {
	const now = Date.now();
	if (pace.pausedUntil > now) return false;
	while (pace.sent.length && pace.sent[0] <= now - pace.windowMs) pace.sent.shift();
	return pace.sent.length <= pace.limit;
}

/** Moves a booking to the time the search really left (it may have waited for the org gate). */
function rebook(pace: SearchPace, booked: number): number {
	unbook(pace, booked);
	const now = Date.now();
	let at = pace.sent.length;
	while (at > 0 && pace.sent[at - 1] > now) at--;
	pace.sent.splice(at, 0, now);
	return now;
}

/** Learns the search limit and window from a search answer (see SEARCH_RATE_LIMIT). */
function observeSearch(pace: SearchPace, response: IN8nHttpFullResponse, sentAt: number, policy: RetryPolicy, attempt: number): void {
	const now = Date.now();
	const limit = Number(header(response, 'x-ratelimit-limit'));
	if (Number.isInteger(limit) && limit >= 1) pace.limit = Math.min(SEARCH_RATE_LIMIT.limit, limit);
	const remaining = Number(header(response, 'x-ratelimit-remaining') ?? Number.NaN);
	const wait = rateLimitWaitMs(response, now);
	if (wait === undefined) {
		// A 429 without a reset time: back off as for any other 429.
		if (response.statusCode === 429) pace.pausedUntil = Math.max(pace.pausedUntil, now + backoffMs(attempt, policy.maxWaitMs));
		return;
	}
	if (response.statusCode !== 429 && remaining === pace.limit - 1) {
		pace.windowMs = Math.min(SEARCH_RATE_LIMIT.windowMs, Math.max(1, now + wait - sentAt));
	}
	if (response.statusCode === 429 || remaining === 0) {
		pace.pausedUntil = Math.max(pace.pausedUntil, now + Math.min(wait, policy.maxWaitMs));
	}
}

const TRANSIENT = new Set([500, 502, 503, 504]);

/** Thrown by the credential's authenticate for a destination the key may not go to (transport.ts); nothing was sent. */
export const KEY_REFUSED = 'KustomerKeyRefused';

/**
 * The error code of a failed request: n8n's request helpers wrap the network error, its code is on
 * the cause. The credential's refusal has no code (n8n's credential test would show the code
 * instead of the message): it is known by its name.
 */
export function failureCode(error: unknown): string {
	const outer = error as { code?: unknown; name?: unknown; cause?: { code?: unknown; name?: unknown } } | undefined;
	if (outer?.cause?.name === KEY_REFUSED || outer?.name === KEY_REFUSED) return KEY_REFUSED;
	const code = outer?.cause?.code ?? outer?.code;
	return typeof code === 'string' ? code : '';
}

/** Failures that keep failing however often the request is sent: the host does not exist, its certificate is refused. */
const PERMANENT_FAILURES = new Set([
	'ENOTFOUND',
	'ERR_INVALID_URL',
	KEY_REFUSED,
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_REVOKED',
	'CERT_UNTRUSTED',
	'CERT_REJECTED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'HOSTNAME_MISMATCH',
	'EPROTO',
	'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Failures before a connection existed: no byte of the request reached anyone, whatever the method. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * What a request that got no answer means: `permanent` never reached Kustomer and never will (not
 * retried); `not-sent` never reached it and may next time (retried, a write too: nothing can happen
 * twice); `uncertain` may have reached it (a reset, a timeout, a cut-off answer).
 */
export function failureKind(error: unknown): 'permanent' | 'not-sent' | 'uncertain' {
	const code = failureCode(error);
	if (PERMANENT_FAILURES.has(code)) return 'permanent';
	return NOT_CONNECTED.has(code) ? 'not-sent' : 'uncertain';
}

/** Whether repeating the request cannot change anything twice. */
export function isSafeToRepeat(method: IHttpRequestMethods, url: string): boolean {
	return method === 'GET' || method === 'HEAD' || (method === 'POST' && /\/search(\?|$)/.test(url));
}

/**
 * For a write that may or may not have happened: finds its result (the record it created), or
 * undefined when it did not happen and may be sent again.
 */
export type Recover = () => Promise<IN8nHttpFullResponse | undefined>;

/**
 * Runs `send` under the gate of `host`, repeating it as the policy allows. Returns the last
 * response, or throws the last transport error.
 */
export async function withRetries(
	host: string,
	request: { method: IHttpRequestMethods; url: string },
	policy: RetryPolicy,
	send: () => Promise<IN8nHttpFullResponse>,
	recover?: Recover,
): Promise<IN8nHttpFullResponse> {
	const gate = gateFor(host);
	const safe = isSafeToRepeat(request.method, request.url);
	const searchPace = isSearch(request.method, request.url) ? searchPaceFor(host) : undefined;
	let uncertain = false;
	let earlyProbes = 0;
	for (let attempt = 0; ; attempt++) {
		let booked = searchPace && (await acquireSearch(searchPace, policy));
		let probe = await acquire(gate, policy);
		while (searchPace && booked !== undefined && !stillFits(searchPace)) {
			// The search pace changed while this search waited for the gate: give both back, book again.
			unbook(searchPace, booked);
			release(gate, probe);
			booked = await acquireSearch(searchPace, policy);
			probe = await acquire(gate, policy);
		}
		const sentAt = searchPace && booked !== undefined ? rebook(searchPace, booked) : 0;
		let response: IN8nHttpFullResponse | undefined;
		let error: unknown;
		try {
			response = await send();
		} catch (caught) {
			error = caught;
		}
		// All synchronous: the requests woken here see the window as this answer left it.
		gate.inFlight--;
		if (probe) gate.probing = false;
		const before = { budget: gate.budget, pausedUntil: gate.pausedUntil };
		if (response && searchPace) observeSearch(searchPace, response, sentAt, policy, attempt);
		else if (response) observe(gate, response, policy);
		// A freed slot needs one waiter; a probe's answer or a changed window may let all of them go
		// (or send them to sleep), so they all look again.
		if (probe || before.pausedUntil !== gate.pausedUntil || (before.budget ?? 1) <= 0 !== (gate.budget ?? 1) <= 0) wakeAll(gate);
		else wakeOne(gate);
		if (response?.statusCode === 429 && searchPace) {
			// observeSearch holds every search until the reset; then this one goes again.
			if (attempt < policy.maxRetries) continue;
		} else if (response?.statusCode === 429 && isPerObjectLimit(response)) {
			const wait = Math.min(rateLimitWaitMs(response) ?? backoffMs(attempt, policy.maxWaitMs), policy.maxWaitMs);
			if (attempt < policy.maxRetries && fitsDeadline(policy, wait)) {
				// This customer's (or object's) cap, not the organization's: this request alone waits.
				await sleep(wait);
				continue;
			}
		} else if (response?.statusCode === 429) {
			const wait = rateLimitWaitMs(response);
			if (probe && wait !== undefined && wait <= WHOLE_SECOND_MS && earlyProbes < MAX_EARLY_PROBES) {
				// A probe in the window's last second: not a failure of this request.
				earlyProbes++;
				attempt--;
				continue;
			}
			if (attempt < policy.maxRetries) {
				if (wait === undefined) {
					// Neither reset nor Retry-After: back off, with jitter so the waiting requests spread.
					gate.pausedUntil = Math.max(gate.pausedUntil, Date.now() + backoffMs(attempt, policy.maxWaitMs));
				}
				continue;
			}
		}
		const retriesLeft = attempt < policy.maxRetries;
		const failure = error === undefined ? undefined : failureKind(error);
		if (failure === 'permanent') throw error;
		const transient = error !== undefined || (response !== undefined && TRANSIENT.has(response.statusCode));
		if (transient && retriesLeft && (safe || failure === 'not-sent')) {
			const wait = backoffMs(attempt, policy.maxWaitMs);
			if (fitsDeadline(policy, wait)) {
				await sleep(wait);
				continue;
			}
		}
		if (recover && retriesLeft && (transient || (uncertain && response?.statusCode === 409))) {
			// The write may have happened: look for its result before sending it again. A 409 after
			// such a retry means the first attempt did land after all.
			const found = await recover();
			if (found) return found;
			if (transient) {
				uncertain = true;
				await sleep(backoffMs(attempt, policy.maxWaitMs));
				continue;
			}
		}
		if (error !== undefined) throw error;
		return response as IN8nHttpFullResponse;
	}
}
