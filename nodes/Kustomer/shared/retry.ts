import { sleep as n8nSleep } from 'n8n-workflow';
import type { IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';
import { sha256 } from './sha256';

/**
 * The one module for rate limits and transient faults (https://developer.kustomer.com/docs/concepts/rate-limits).
 *
 * Kustomer limits each organization to 300–2,000 requests a minute, shared by all its keys. Most
 * answers carry `x-ratelimit-limit` and `x-ratelimit-remaining`; `x-ratelimit-reset` (epoch
 * seconds) usually comes only with the 429. n8n starts every item's request at once and its own
 * "Retry On Fail" re-runs every item, duplicating creates. So requests go through a gate per
 * organization (per credential: base URL and API key, see organizationKey), shared by every
 * execution of this n8n process; two organizations never slow each other:
 * - at most `maxInFlight` requests run at once, fewer as the window's budget runs low (below);
 * - a budget follows `x-ratelimit-remaining`: once it is spent, the gate lets a single request
 *   through (a probe) and holds the rest. The probe either finds a fresh window or comes back 429
 *   with the reset time, and the gate pauses everything until then. A large run so loses one
 *   request per window to the limit instead of bouncing every request in flight off it;
 * - 429 is always retried, after the reset (or Retry-After, or exponential backoff with jitter,
 *   capped): Kustomer refused it before doing anything, so even a create cannot be duplicated.
 *   The organization's 429s are retried for a time (`rateLimitWaitMs`), not a number of times: in
 *   n8n's queue mode several processes share the budget, each a gate of its own that learns the
 *   others only from the headers, and a busy budget must not fail an item;
 * - many processes converge without talking to each other: the headers every answer carries
 *   (remaining, reset, 429) are the same for all of them; each gate narrows its requests in flight
 *   as `remaining` nears zero (its own count cannot see the others' requests in flight), and spreads
 *   its probes and its return after a pause with jitter, so the processes do not all hit the
 *   window's edge at the same moment;
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
	 * How long one request keeps trying while the organization's budget is busy (its 429s), from its
	 * first attempt; undefined = RATE_LIMIT_WAIT_MS. Max Retries does not count these 429s.
	 */
	rateLimitWaitMs?: number;
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
	return policy.deadline === undefined || now() + ms <= policy.deadline;
}

export const DEFAULT_POLICY: RetryPolicy = { maxRetries: 5, maxInFlight: 8, maxWaitMs: 60_000 };

/**
 * Ten of Kustomer's one-minute windows: ten n8n processes sharing one organization each get a
 * window's worth of chances, and a key whose budget another system keeps spent still fails in the end.
 */
export const RATE_LIMIT_WAIT_MS = 600_000;

/**
 * Time and chance, for tests: a virtual clock makes the gate's pacing exact and fast, and a seeded
 * random source makes its jitter repeatable. The node itself always runs on the defaults.
 */
export interface RetryEnvironment {
	now: () => number;
	sleep: (ms: number) => Promise<void>;
	/** A number in [0, 1). */
	random: () => number;
}

const REAL_ENVIRONMENT: RetryEnvironment = { now: () => Date.now(), sleep: async (ms) => await n8nSleep(ms), random: () => Math.random() };
let environment: RetryEnvironment = REAL_ENVIRONMENT;

/** Replaces the clock and/or the random source (tests only); returns the function that restores them. */
export function setRetryEnvironment(replacement: Partial<RetryEnvironment>): () => void {
	const previous = environment;
	environment = { ...environment, ...replacement };
	return () => {
		environment = previous;
	};
}

const now = () => environment.now();
const sleep = async (ms: number) => await environment.sleep(ms);

/** Per attempt, where the node's Request Options set none. */
export const DEFAULT_TIMEOUT_MS = 60_000;

const BACKOFF_BASE_MS = 500;
const WHOLE_SECOND_MS = 1_000;
/**
 * Between two probes of a window's last second: PROBE_GAP_MS, plus up to as much again by chance.
 * Each process probes on its own, so a longer gap means fewer 429s per window for every process
 * there is; the window's next request is at most a gap late (a few per cent of a 60 s window).
 */
const PROBE_GAP_MS = 150;
/** A process comes back from a pause up to this much after the time it learned, by chance. */
const RESUME_JITTER_MS = 100;
/**
 * As the window's budget runs low the gate keeps at most one request in flight per this many
 * requests left: the other processes' requests in flight are invisible to it until their answers
 * arrive, and this keeps the overshoot at the window's end to about one request per process.
 */
const REQUESTS_LEFT_PER_FLIGHT = 4;
/** A gate or search pace unused this long knows nothing current (a window is 60 s): it is dropped. */
export const IDLE_RELEASE_MS = 120_000;

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
	/** When a request last started or ended here (epoch ms): idle gates are released. */
	lastUsed: number;
}

/**
 * Gates by organization key (organizationKey: a digest, never the API key itself), in this process.
 * n8n hands out a fresh credentials object for every request, so a WeakMap on it would never find
 * the gate again: the key is derived from the credential's contents instead.
 */
const gates = new Map<string, Gate>();
let lastSweep = 0;

/** Drops gates and search paces nobody used for IDLE_RELEASE_MS (looked at most once a minute; no timers). */
function sweep(at: number): void {
	if (at - lastSweep < IDLE_RELEASE_MS / 2) return;
	lastSweep = at;
	for (const [key, gate] of gates) {
		if (gate.inFlight === 0 && gate.wakers.length === 0 && at - gate.lastUsed >= IDLE_RELEASE_MS && gate.pausedUntil <= at) gates.delete(key);
	}
	for (const [key, pace] of searchPaces) {
		if (at - pace.lastUsed >= IDLE_RELEASE_MS && pace.pausedUntil <= at && (pace.sent.at(-1) ?? 0) <= at - pace.windowMs) searchPaces.delete(key);
	}
}

function gateFor(key: string): Gate {
	const at = now();
	sweep(at);
	let gate = gates.get(key);
	if (!gate) {
		gate = { inFlight: 0, wakers: [], pausedUntil: 0, probing: false, lastUsed: at };
		gates.set(key, gate);
	}
	gate.lastUsed = at;
	return gate;
}

/** The organization keys this process holds a gate or search pace for (tests: idle ones are released). */
export function heldGateKeys(): string[] {
	return [...new Set([...gates.keys(), ...searchPaces.keys()])];
}

/**
 * The gate's key for one credential: a SHA-256 digest of its base URL and API key, so
 * the key itself is never kept where a map could be printed. One organization's keys get separate
 * gates (the node cannot know they share a budget; each then learns the shared budget from the
 * headers, as separate processes do), and two organizations on one host never share one.
 */
export function organizationKey(baseUrl: string, apiKey: unknown): string {
	const text = `${baseUrl.replace(/\/+$/, '')}\n${typeof apiKey === 'string' ? apiKey : ''}`;
	// Synchronous on purpose (see sha256.ts): items reach the gate in the order they asked for it.
	const digest = sha256(text);
	return `org:${Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** The last request to arrive at the transport, settled once it and every one before it has gone on. */
let lastArrival: Promise<unknown> = Promise.resolve();

/**
 * Runs `prepare` (a request's own set-up: n8n reading the credential) at once, but lets the request
 * go on only after every request that arrived before it has: n8n 2.40 reads credentials from its
 * database, and those reads finish in any order, so without this the items of one run could reach the
 * gate out of item order (seen in real n8n with Max Requests In Flight 1). A failed `prepare` lets
 * the next one go on as well. What follows the await must reach the gate without awaiting anything
 * else (transport.ts), so the order holds up to it.
 */
export async function inArrivalOrder<T>(prepare: () => Promise<T>): Promise<T> {
	const before = lastArrival;
	const mine = prepare();
	lastArrival = Promise.all([before, mine.then(() => undefined, () => undefined)]);
	await before;
	return await mine;
}

/** The most requests the gate lets run at once now: all of maxInFlight, fewer when the budget runs low. */
function flightCap(gate: Gate, policy: RetryPolicy): number {
	const most = Math.max(1, policy.maxInFlight);
	if (gate.budget === undefined) return most;
	return Math.max(1, Math.min(most, Math.ceil(gate.budget / REQUESTS_LEFT_PER_FLIGHT)));
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
		const at = now();
		if (gate.pausedUntil > at) {
			// A pause (the window's reset) that ends after the deadline is not waited for.
			if (!fitsDeadline(policy, gate.pausedUntil - at)) throw new DeadlineError(429);
			await sleep(Math.min(gate.pausedUntil - at, policy.maxWaitMs));
			continue;
		}
		if (gate.resetAt !== undefined && gate.resetAt <= at) {
			// A new window: what is left of it is unknown until the next answer says.
			gate.resetAt = undefined;
			gate.budget = undefined;
		}
		if (gate.inFlight >= flightCap(gate, policy)) {
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
		gate.lastUsed = at;
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
export function rateLimitWaitMs(response: IN8nHttpFullResponse, now = environment.now()): number | undefined {
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
	return Math.round(ceiling / 2 + environment.random() * (ceiling / 2));
}

/** A wait of `ms` plus up to `spread` more, by chance (the environment's random source). */
function jittered(ms: number, spread: number): number {
	return ms + Math.round(environment.random() * spread);
}

/**
 * Learns the window from an answer: what is left of it and, where given, when it resets. Reset
 * headers count whole seconds, so the window may really end up to a second before the time they
 * give: after a 429 the gate pauses until a second before it, then probes (one request at a time,
 * PROBE_GAP_MS apart, jittered) until the window has turned. That keeps a run within a few per cent
 * of the limit even with short windows, and the return after the pause is jittered too, so the
 * processes sharing the organization do not all probe at the same moment.
 */
function observe(gate: Gate, response: IN8nHttpFullResponse, policy: RetryPolicy): void {
	const at = now();
	const remaining = Number(header(response, 'x-ratelimit-remaining') ?? Number.NaN);
	// Requests still running were started against the same budget and may yet count against it.
	if (Number.isFinite(remaining)) gate.budget = Math.max(0, remaining - gate.inFlight);
	// A per-customer or per-object cap says nothing about the organization's window.
	if (isPerObjectLimit(response)) return;
	const wait = rateLimitWaitMs(response, at);
	if (wait !== undefined && (response.statusCode === 429 || header(response, 'x-ratelimit-reset') !== undefined)) {
		gate.resetAt = at + Math.min(wait, policy.maxWaitMs);
	}
	if (response.statusCode === 429) {
		gate.budget = 0;
		if (wait !== undefined) {
			const pause =
				wait > WHOLE_SECOND_MS
					? jittered(wait - WHOLE_SECOND_MS, RESUME_JITTER_MS)
					: jittered(PROBE_GAP_MS, PROBE_GAP_MS);
			gate.pausedUntil = Math.max(gate.pausedUntil, at + Math.min(pause, policy.maxWaitMs));
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
	lastUsed: number;
}

/** Search paces by organization key: Kustomer's search limit is per API key, which the key includes. */
const searchPaces = new Map<string, SearchPace>();

function searchPaceFor(key: string): SearchPace {
	let pace = searchPaces.get(key);
	if (!pace) {
		pace = { ...SEARCH_RATE_LIMIT, sent: [], pausedUntil: 0, lastUsed: now() };
		searchPaces.set(key, pace);
	}
	pace.lastUsed = now();
	return pace;
}

export function isSearch(method: IHttpRequestMethods, url: string): boolean {
	return method === 'POST' && /\/search(\?|$)/.test(url);
}

/** Waits until one more search fits the window, and books it; returns the booking. */
async function acquireSearch(pace: SearchPace, policy: RetryPolicy): Promise<number> {
	for (;;) {
		const now = environment.now();
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
	const now = environment.now();
	if (pace.pausedUntil > now) return false;
	while (pace.sent.length && pace.sent[0] <= now - pace.windowMs) pace.sent.shift();
	return pace.sent.length <= pace.limit;
}

/** Moves a booking to the time the search really left (it may have waited for the org gate). */
function rebook(pace: SearchPace, booked: number): number {
	unbook(pace, booked);
	const now = environment.now();
	let at = pace.sent.length;
	while (at > 0 && pace.sent[at - 1] > now) at--;
	pace.sent.splice(at, 0, now);
	return now;
}

/** Learns the search limit and window from a search answer (see SEARCH_RATE_LIMIT). */
function observeSearch(pace: SearchPace, response: IN8nHttpFullResponse, sentAt: number, policy: RetryPolicy, refused: number): void {
	const now = environment.now();
	const limit = Number(header(response, 'x-ratelimit-limit'));
	if (Number.isInteger(limit) && limit >= 1) pace.limit = Math.min(SEARCH_RATE_LIMIT.limit, limit);
	const remaining = Number(header(response, 'x-ratelimit-remaining') ?? Number.NaN);
	const wait = rateLimitWaitMs(response, now);
	if (wait === undefined) {
		// A 429 without a reset time: back off as for any other 429.
		if (response.statusCode === 429) pace.pausedUntil = Math.max(pace.pausedUntil, now + backoffMs(Math.min(Math.max(0, refused - 1), 10), policy.maxWaitMs));
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

/**
 * Failures that keep failing however often the request is sent: the host does not exist, the URL is
 * not one, the key was refused before sending. A refused certificate or handshake is the other kind
 * (tlsFailure).
 */
const PERMANENT_FAILURES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', KEY_REFUSED]);

/**
 * OpenSSL failures that only a handshake raises: no protocol or cipher both sides speak, or the other
 * side's handshake alert. Node's client reports most failed handshakes as EPROTO (the request's write
 * is still queued: "write EPROTO … wrong version number", a plain-http port, a protocol mismatch).
 * Other ERR_SSL_ codes can come while the answer is read, after the request left, so they stay
 * uncertain: ERR_SSL_UNEXPECTED_EOF_WHILE_READING when a proxy drops the connection, a late alert on a
 * reused socket, and ERR_SSL_WRONG_VERSION_NUMBER, which as a code of its own comes when a middlebox
 * writes plain text into a connection already set up.
 */
const HANDSHAKE_ONLY = /^ERR_SSL_(UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE|UNKNOWN_PROTOCOL|NO_SHARED_CIPHER|NO_CIPHERS_AVAILABLE|(SSLV3|TLSV1)_ALERT_(HANDSHAKE_FAILURE|PROTOCOL_VERSION|INSUFFICIENT_SECURITY|UNKNOWN_CA|ILLEGAL_PARAMETER|NO_APPLICATION_PROTOCOL|UNRECOGNIZED_NAME))$/;

/**
 * A TLS failure before the connection was set up, so before any byte of the request was sent: a
 * certificate refused (every verification code of Node and OpenSSL names a certificate, or is one
 * of the four below), or a handshake that failed (HANDSHAKE_ONLY, and EPROTO, Node's code for
 * a server that does not speak TLS). It does not go away by itself.
 */
export function tlsFailure(code: string): 'certificate' | 'handshake' | undefined {
	// The verification codes that name no certificate: INVALID_CA, PATH_LENGTH_EXCEEDED, INVALID_PURPOSE, UNABLE_TO_GET_CRL.
	if (/CERT|SELF_SIGNED|HOSTNAME_MISMATCH|LEAF_SIGNATURE|^INVALID_CA$|^PATH_LENGTH_EXCEEDED$|^INVALID_PURPOSE$|^UNABLE_TO_GET_CRL$/.test(code)) return 'certificate';
	if (code === 'EPROTO' || HANDSHAKE_ONLY.test(code)) return 'handshake';
	return undefined;
}

/** Failures before a connection existed: no byte of the request reached anyone, whatever the method. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * What a request that got no answer means: `permanent` never reached Kustomer and never will (not
 * retried); `not-sent` never reached it and may next time (retried, a write too: nothing can happen
 * twice); `uncertain` may have reached it (a reset, a timeout, a cut-off answer).
 */
export function failureKind(error: unknown): 'permanent' | 'not-sent' | 'uncertain' {
	const code = failureCode(error);
	if (PERMANENT_FAILURES.has(code) || tlsFailure(code)) return 'permanent';
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
 * Runs `send` under the gate of `key` (organizationKey of the credential), repeating it as the
 * policy allows. Returns the last response, or throws the last transport error.
 */
export async function withRetries(
	key: string,
	request: { method: IHttpRequestMethods; url: string },
	policy: RetryPolicy,
	send: () => Promise<IN8nHttpFullResponse>,
	recover?: Recover,
): Promise<IN8nHttpFullResponse> {
	const gate = gateFor(key);
	const safe = isSafeToRepeat(request.method, request.url);
	const searchPace = isSearch(request.method, request.url) ? searchPaceFor(key) : undefined;
	const startedAt = now();
	const rateLimitBudget = policy.rateLimitWaitMs ?? RATE_LIMIT_WAIT_MS;
	/** 429s this request met: they pace its backoff when Kustomer gives no reset time. */
	let refused = 0;
	let uncertain = false;
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
		gate.lastUsed = now();
		if (probe) gate.probing = false;
		const before = { budget: gate.budget, pausedUntil: gate.pausedUntil, cap: flightCap(gate, policy) };
		if (response?.statusCode === 429) refused++;
		if (response && searchPace) observeSearch(searchPace, response, sentAt, policy, refused);
		else if (response) observe(gate, response, policy);
		// A freed slot needs one waiter; a probe's answer or a changed window may let all of them go
		// (or send them to sleep), and a fresh window's budget allows more in flight: they all look again.
		if (
			probe ||
			before.pausedUntil !== gate.pausedUntil ||
			(before.budget ?? 1) <= 0 !== (gate.budget ?? 1) <= 0 ||
			flightCap(gate, policy) > before.cap
		) wakeAll(gate);
		else wakeOne(gate);
		// The budget is busy, not broken: wait for it (for a time, not a count; see RATE_LIMIT_WAIT_MS).
		const busyBudget = response?.statusCode === 429 && !isPerObjectLimit(response) && now() - startedAt < rateLimitBudget;
		if (busyBudget && searchPace) {
			// observeSearch holds every search until the reset; then this one goes again.
			attempt--;
			continue;
		} else if (busyBudget) {
			if (rateLimitWaitMs(response as IN8nHttpFullResponse) === undefined) {
				// Neither reset nor Retry-After: back off, with jitter so the waiting requests spread.
				gate.pausedUntil = Math.max(gate.pausedUntil, now() + backoffMs(Math.min(refused - 1, 10), policy.maxWaitMs));
			}
			attempt--;
			continue;
		} else if (response?.statusCode === 429 && isPerObjectLimit(response)) {
			const wait = Math.min(rateLimitWaitMs(response) ?? backoffMs(attempt, policy.maxWaitMs), policy.maxWaitMs);
			if (attempt < policy.maxRetries && fitsDeadline(policy, wait)) {
				// This customer's (or object's) cap, not the organization's: this request alone waits.
				await sleep(wait);
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
