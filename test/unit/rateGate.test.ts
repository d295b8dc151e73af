import type { IN8nHttpFullResponse } from 'n8n-workflow';

import * as retry from '../../nodes/Kustomer/shared/retry';

/**
 * The rate gate per organization and its convergence across processes, on a virtual clock: every
 * wait (the gate's and the simulated network's) is a timer of the clock below, and time moves only
 * when nothing else can run, so a minute of traffic takes milliseconds and every run is the same.
 * Jitter comes from a seeded random source. No wall-clock time is read or asserted.
 */

type Retry = typeof retry;

class VirtualClock {
	time = Date.UTC(2026, 0, 1, 12, 0, 0, 250);
	private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
	private seq = 0;

	readonly now = () => this.time;

	readonly sleep = async (ms: number) =>
		await new Promise<void>((resolve) => {
			this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve });
		});

	/** Runs `work` to the end, moving time to the next timer only when everything else is waiting. */
	async run<T>(work: Promise<T>): Promise<T> {
		let settled = false;
		const watched = work.finally(() => {
			settled = true;
		});
		watched.catch(() => undefined);
		for (let steps = 0; ; steps++) {
			await new Promise((resolve) => setImmediate(resolve));
			if (settled) return await work;
			if (!this.timers.length) throw new Error('nothing scheduled and the work is not done: a waiter was never woken');
			if (steps > 2_000_000) throw new Error('the simulation does not end');
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift()!;
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
	}
}

/** Mulberry32: a small seeded generator, so the gate's jitter is the same on every run. */
function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const answer = (statusCode: number, headers: Record<string, string> = {}): IN8nHttpFullResponse => ({ statusCode, headers, body: {} });

/**
 * One Kustomer organization's budget as the sandbox keeps it: `limit` requests per fixed window
 * that starts with the first request after the last one ended; reset in whole epoch seconds.
 */
class SimulatedOrganization {
	private windowStart = -Infinity;
	private used = 0;
	accepted: number[] = [];
	refused = 0;

	constructor(
		private readonly clock: VirtualClock,
		readonly limit: number,
		readonly windowMs: number,
		private readonly latencyMs = 40,
	) {}

	/** A request: half the latency to arrive, counted there, half to come back. */
	readonly send = async (): Promise<IN8nHttpFullResponse> => {
		await this.clock.sleep(this.latencyMs / 2);
		const at = this.clock.now();
		if (at >= this.windowStart + this.windowMs) {
			this.windowStart = at;
			this.used = 0;
		}
		let result: IN8nHttpFullResponse;
		if (this.used >= this.limit) {
			this.refused++;
			result = answer(429, {
				'x-ratelimit-limit': String(this.limit),
				'x-ratelimit-remaining': '0',
				'x-ratelimit-reset': String(Math.ceil((this.windowStart + this.windowMs) / 1000)),
			});
		} else {
			this.used++;
			this.accepted.push(at);
			result = answer(201, { 'x-ratelimit-limit': String(this.limit), 'x-ratelimit-remaining': String(this.limit - this.used) });
		}
		await this.clock.sleep(this.latencyMs / 2);
		return result;
	};

	/** Accepted requests as a fraction of what the limit allows over the time they took (the bench's P3 measure). */
	throughputOfLimit(): number {
		const first = this.accepted[0];
		const last = this.accepted[this.accepted.length - 1];
		return ((Math.ceil(this.accepted.length / this.limit) - 1) * this.windowMs) / (last - first);
	}
}

/** A fresh copy of retry.ts, as each n8n process has its own: its own gates, the shared clock, its own seed. */
function processCopy(clock: VirtualClock, seed: number): Retry {
	let copy: Retry | undefined;
	jest.isolateModules(() => {
		copy = jest.requireActual<Retry>('../../nodes/Kustomer/shared/retry');
	});
	copy!.setRetryEnvironment({ now: clock.now, sleep: clock.sleep, random: seeded(seed) });
	return copy!;
}

const create = { method: 'POST' as const, url: '/v1/customers' };

/** `processes` n8n processes, each running `executions` executions of `items` creates at once. */
async function queueModeRun(options: { processes: number; executions: number; items: number; limit: number; windowMs: number; latencyMs?: number }) {
	const clock = new VirtualClock();
	const org = new SimulatedOrganization(clock, options.limit, options.windowMs, options.latencyMs);
	const policy = { ...retry.DEFAULT_POLICY };
	const statuses: number[] = [];
	const work = Array.from({ length: options.processes }, (_, p) => {
		const copy = processCopy(clock, 1000 + p);
		return Array.from({ length: options.executions * options.items }, async () => {
			const result = await copy.withRetries('org:shared', create, policy, org.send);
			statuses.push(result.statusCode);
		});
	}).flat();
	await clock.run(Promise.all(work));
	console.log(JSON.stringify({ ...options, refused: org.refused, accepted: org.accepted.length, share: org.refused / (org.accepted.length + org.refused), throughput: org.throughputOfLimit() }));
	return { org, statuses, requests: org.accepted.length + org.refused };
}

describe('rate gate per organization', () => {
	let restore: () => void = () => undefined;
	afterEach(() => restore());

	it('keys a gate by a digest of the base URL and API key, never the key itself', async () => {
		const a = retry.organizationKey('https://api.kustomerapp.com', 'key-of-acme');
		expect(a).toMatch(/^org:[0-9a-f]{32}$/);
		expect(a).not.toContain('acme');
		expect(retry.organizationKey('https://api.kustomerapp.com/', 'key-of-acme')).toBe(a);
		expect(retry.organizationKey('https://api.kustomerapp.com', 'key-of-globex')).not.toBe(a);
		expect(retry.organizationKey('https://api.prod2.kustomerapp.com', 'key-of-acme')).not.toBe(a);
	});

	it('one organization pausing for its reset does not delay another on the same host', async () => {
		const clock = new VirtualClock();
		restore = retry.setRetryEnvironment({ now: clock.now, sleep: clock.sleep, random: seeded(1) });
		const policy = { ...retry.DEFAULT_POLICY };
		const start = clock.now();
		const resetIn30s = String(Math.ceil(start / 1000) + 30);
		const sentA: number[] = [];
		const sentB: number[] = [];
		let firstA = true;
		const orgA = async () => {
			sentA.push(clock.now() - start);
			await clock.sleep(20);
			if (firstA) {
				firstA = false;
				return answer(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': resetIn30s });
			}
			return answer(201, { 'x-ratelimit-remaining': '99' });
		};
		const orgB = async () => {
			sentB.push(clock.now() - start);
			await clock.sleep(20);
			return answer(201, { 'x-ratelimit-remaining': '99' });
		};
		const a = retry.withRetries('org:a-on-shared-host', create, policy, orgA);
		// B starts once A's 429 is in: A's gate is paused until its reset.
		const b = clock.sleep(100).then(async () => await Promise.all(Array.from({ length: 20 }, async () => await retry.withRetries('org:b-on-shared-host', create, policy, orgB))));
		const [resultA, resultsB] = await clock.run(Promise.all([a, b]));
		expect(resultA.statusCode).toBe(201);
		expect(resultsB.map((result) => result.statusCode)).toEqual(Array(20).fill(201));
		// A's retry waited for its window (about 29 s, a second before the reset, and then probes)...
		expect(sentA).toHaveLength(2);
		expect(sentA[1]).toBeGreaterThan(28_000);
		// ...while B's 20 requests all went out right away, 8 at a time.
		expect(Math.max(...sentB)).toBeLessThan(200);
	});

	it('releases gates nobody used for two minutes', async () => {
		const clock = new VirtualClock();
		restore = retry.setRetryEnvironment({ now: clock.now, sleep: clock.sleep, random: seeded(2) });
		const ok = async () => answer(200, { 'x-ratelimit-remaining': '10' });
		const policy = { ...retry.DEFAULT_POLICY };
		await clock.run(retry.withRetries('org:idle-one', { method: 'GET', url: '/v1/customers' }, policy, ok));
		await clock.run(retry.withRetries('org:idle-two', { method: 'POST', url: '/v1/customers/search' }, policy, ok));
		expect(retry.heldGateKeys()).toEqual(expect.arrayContaining(['org:idle-one', 'org:idle-two']));
		await clock.run(clock.sleep(retry.IDLE_RELEASE_MS + 1_000));
		await clock.run(retry.withRetries('org:still-busy', { method: 'GET', url: '/v1/customers' }, policy, ok));
		expect(retry.heldGateKeys()).not.toContain('org:idle-one');
		expect(retry.heldGateKeys()).not.toContain('org:idle-two');
		expect(retry.heldGateKeys()).toContain('org:still-busy');
	});

	it('waits out a busy budget for its time budget, whatever Max Retries says, and fails after it', async () => {
		const clock = new VirtualClock();
		restore = retry.setRetryEnvironment({ now: clock.now, sleep: clock.sleep, random: seeded(3) });
		let calls = 0;
		// 40 windows of 1 s in a row are already spent by others: far more than Max Retries (0).
		const busy = async () => {
			calls++;
			await clock.sleep(10);
			return calls <= 40 ? answer(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(clock.now() / 1000) + 1) }) : answer(201, { 'x-ratelimit-remaining': '5' });
		};
		const done = await clock.run(retry.withRetries('org:busy', create, { ...retry.DEFAULT_POLICY, maxRetries: 0 }, busy));
		expect([done.statusCode, calls]).toEqual([201, 41]);

		calls = 0;
		const neverFree = async () => {
			calls++;
			await clock.sleep(10);
			return answer(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(clock.now() / 1000) + 1) });
		};
		const start = clock.now();
		const given = await clock.run(retry.withRetries('org:never-free', create, { ...retry.DEFAULT_POLICY, rateLimitWaitMs: 30_000 }, neverFree));
		expect(given.statusCode).toBe(429);
		expect(clock.now() - start).toBeGreaterThanOrEqual(30_000);
		expect(clock.now() - start).toBeLessThan(32_000);
	});

	it('narrows requests in flight as the budget runs low, and widens again when a fresh window shows', async () => {
		const clock = new VirtualClock();
		restore = retry.setRetryEnvironment({ now: clock.now, sleep: clock.sleep, random: seeded(4) });
		let running = 0;
		const peaks: number[] = [];
		let answered = 0;
		// The first 8 answers say few requests are left (another process used the window); then a new window.
		const send = async () => {
			running++;
			peaks.push(running);
			await clock.sleep(50);
			running--;
			answered++;
			return answer(201, { 'x-ratelimit-remaining': String(answered <= 8 ? 12 - answered : 900) });
		};
		const policy = { ...retry.DEFAULT_POLICY, maxInFlight: 8 };
		await clock.run(Promise.all(Array.from({ length: 60 }, async () => await retry.withRetries('org:narrow', create, policy, send))));
		// Started 8 at once (budget unknown); with 4 or fewer left, 1 at a time; after the new window, 8 again.
		expect(peaks.slice(0, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(Math.min(...peaks.slice(8, 12))).toBe(1);
		expect(Math.max(...peaks.slice(20))).toBe(8);
	});

	it('spreads jitter from the random source it is given (seeded: the same waits every run)', () => {
		const waits = (seed: number) => {
			const undo = retry.setRetryEnvironment({ random: seeded(seed) });
			try {
				return Array.from({ length: 5 }, (_, attempt) => retry.backoffMs(attempt, 60_000));
			} finally {
				undo();
			}
		};
		expect(waits(7)).toEqual(waits(7));
		expect(waits(7)).not.toEqual(waits(8));
	});
});

describe('many processes, one budget (simulated queue mode)', () => {
	it('2 workers × 2 executions × 250 creates at 100 per 5 s: every item done, few 429s, the budget used', async () => {
		const { org, statuses, requests } = await queueModeRun({ processes: 2, executions: 2, items: 250, limit: 100, windowMs: 5_000 });
		expect(statuses).toHaveLength(1000);
		expect(statuses.every((status) => status === 201)).toBe(true);
		expect(org.accepted).toHaveLength(1000);
		expect(org.refused / requests).toBeLessThanOrEqual(0.1);
		expect(org.throughputOfLimit()).toBeGreaterThanOrEqual(0.85);
	});

	it('4 processes sharing a budget of 300 a minute (Kustomer\'s smallest plan), slow answers', async () => {
		const { org, statuses, requests } = await queueModeRun({ processes: 4, executions: 1, items: 300, limit: 300, windowMs: 60_000, latencyMs: 250 });
		expect(statuses.every((status) => status === 201)).toBe(true);
		expect(org.accepted).toHaveLength(1200);
		expect(org.refused / requests).toBeLessThanOrEqual(0.1);
		expect(org.throughputOfLimit()).toBeGreaterThanOrEqual(0.85);
	});

	it('8 processes at a tight 40 per 2 s still lose no item', async () => {
		const { org, statuses } = await queueModeRun({ processes: 8, executions: 1, items: 50, limit: 40, windowMs: 2_000 });
		expect(statuses.every((status) => status === 201)).toBe(true);
		expect(org.accepted).toHaveLength(400);
	});
});
