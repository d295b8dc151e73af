/** KustomerSandbox: a stateful, in-memory, Kustomer-compatible HTTP server for tests and local runs. */
import * as http from 'http';
import type { AddressInfo } from 'net';

import { KeyRing } from './auth';
import { LimitClock, type Clock } from './clock';
import { DEFAULT_BULK_SETTINGS, type BulkSettings } from './bulkJobs';
import { emptyCounters, type Counters, type ResourceRegistry, type SandboxState } from './context';
import { CreationCaps } from './creationCaps';
import { seedDemo } from './demo';
import type { ResourceObject } from './envelope';
import { FaultInjector } from './faults';
import { RateLimiter, SEARCH_RATE_LIMIT, SearchRateLimiter, type SearchRateSettings } from './ratelimit';
import { buildRegistry } from './resources';
import { finishNow } from './resources/bulkRunner';
import { runMerge } from './resources/customerMerges';
import { DEFAULT_MERGE_SETTINGS, type MergeSettings } from './customerMergeData';
import { seedCustomers, type SeedCustomerFactory } from './seed';
import { createListener, type SandboxCore } from './server';
import { SandboxStore } from './store';
import type { RecordedRequest, SandboxOptions } from './types';
import {
	DEFAULT_DELIVERY,
	MAX_ATTEMPTS,
	WEBHOOK_EVENTS,
	WebhookDispatcher,
	type DeliveryAttempt,
	type DeliverySettings,
	type EventChanges,
	type KustomerEvent,
} from './webhooks';
import { getSpecEngine, type SpecEngine } from './validation';

export const DEFAULT_API_KEY = 'sandbox-key';

export class KustomerSandbox implements SandboxCore {
	readonly url: string;
	readonly apiKey: string;
	readonly requests: RecordedRequest[] = [];
	readonly store = new SandboxStore();
	readonly counters: Counters = emptyCounters();
	faults = new FaultInjector();
	/** ms from start() until listening (document load and engine setup included on the first start in a process). */
	readonly startupMs: number;

	readonly state: SandboxState;
	readonly registry: ResourceRegistry = buildRegistry();
	readonly limiter = new RateLimiter();
	/** Keys given a budget of their own (another organization on the same host), by key. */
	readonly keyLimiters = new Map<string, RateLimiter>();
	/** Per-customer creation caps (off until setCreationCap). */
	readonly creationCaps = new CreationCaps();
	/** Kustomer's separate per-key search limit, on by default (100 searches a minute). */
	readonly searchLimiter = new SearchRateLimiter();
	/** What the limits count time with; tests `advance(ms)` it past a window instead of sleeping. */
	readonly limitClock: Clock;
	readonly keyRing: KeyRing;
	/** Outbound-webhook deliveries (see webhooks.ts). */
	readonly webhooks: WebhookDispatcher;
	private readonly timers = new Map<NodeJS.Timeout, () => void>();
	private readonly requestListeners: Array<(request: RecordedRequest) => void> = [];
	private isClosed = false;

	private constructor(
		readonly engine: SpecEngine,
		private readonly server: http.Server,
		private readonly options: SandboxOptions,
		url: string,
		startupMs: number,
	) {
		this.url = url;
		this.startupMs = startupMs;
		this.apiKey = options.apiKey ?? DEFAULT_API_KEY;
		this.keyRing = new KeyRing(this.apiKey, engine.spec.allRoles, options.keys);
		this.webhooks = new WebhookDispatcher(this.store, () => this.isClosed);
		this.limitClock = options.limitClock ?? new LimitClock();
		this.state = { store: this.store, counters: this.counters, webhooks: this.webhooks, searchLimiter: this.searchLimiter, limitClock: this.limitClock };
		this.searchLimiter.set({ ...SEARCH_RATE_LIMIT, ...(options.searchRateLimit ?? {}) });
		this.setBulkTiming({ ...DEFAULT_BULK_SETTINGS, ...(options.bulk ?? {}) });
		this.setWebhookDelivery({ ...DEFAULT_DELIVERY, ...(options.webhookDelivery ?? {}) });
		if (options.demo) seedDemo(this.state);
	}

	static async start(options: SandboxOptions = {}): Promise<KustomerSandbox> {
		const started = Date.now();
		const engine = await getSpecEngine();
		const server = http.createServer();
		const host = options.host ?? '127.0.0.1';
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
		const { port } = server.address() as AddressInfo;
		const urlHost = host.includes(':') ? `[${host}]` : host;
		const sandbox = new KustomerSandbox(engine, server, options, `http://${urlHost}:${port}`, Date.now() - started);
		server.on('request', createListener(sandbox));
		return sandbox;
	}

	get closed(): boolean {
		return this.isClosed;
	}

	clearRequests(): void {
		this.requests.length = 0;
	}

	/**
	 * Runs `listener` after each API request is carried out and before its answer leaves: a test's way
	 * to change the store between two requests of one run (another user's edit, say). Until reset().
	 */
	onRequest(listener: (request: RecordedRequest) => void): void {
		this.requestListeners.push(listener);
	}

	carriedOut(record: RecordedRequest): void {
		for (const listener of this.requestListeners) listener(record);
	}

	/**
	 * Back to the state right after start(): store (re-seeded with demo data if enabled; pending bulk jobs
	 * dropped; outbound webhook registrations gone), requests, faults, rate limit, bulk timing and webhook
	 * delivery settings (the start options'), counters, webhook deliveries (pending ones stop, unrecorded).
	 */
	reset(): void {
		this.store.clear();
		this.store.bulkSettings = { ...DEFAULT_BULK_SETTINGS, ...(this.options.bulk ?? {}) };
		this.store.mergeSettings = { ...DEFAULT_MERGE_SETTINGS };
		this.clearRequests();
		this.requestListeners.length = 0;
		this.faults.clear();
		this.limiter.set(null);
		this.keyLimiters.clear();
		this.creationCaps.set(null);
		if (this.limitClock instanceof LimitClock) this.limitClock.reset();
		this.searchLimiter.set({ ...SEARCH_RATE_LIMIT, ...(this.options.searchRateLimit ?? {}) });
		this.webhooks.clear();
		this.webhooks.settings = { ...DEFAULT_DELIVERY };
		this.setWebhookDelivery(this.options.webhookDelivery ?? {});
		for (const bucket of Object.values(this.counters) as Array<Record<string, number>>) {
			for (const key of Object.keys(bucket)) delete bucket[key];
		}
		if (this.options.demo) seedDemo(this.state);
	}

	/**
	 * Puts `count` customers straight into the store (no HTTP, no validation, not counted as creates) and
	 * returns their ids in creation order; 25,000 take a fraction of a second. Defaults: numbered names,
	 * emails and externalIds, updatedAt values spread over count/8 seconds with ties (see seed.ts).
	 */
	seedCustomers(count: number, factory?: SeedCustomerFactory): string[] {
		return seedCustomers(this.state, count, factory);
	}

	/** Every outbound-webhook delivery attempt so far: webhook, event, url, attempt, status (0 = no answer). */
	get deliveries(): DeliveryAttempt[] {
		return this.webhooks.deliveries;
	}

	/** Resolves when no webhook delivery is on its way or waiting to be retried. */
	async deliveriesSettled(): Promise<void> {
		await this.webhooks.settled();
	}

	/**
	 * Delivers an event again (same id and payload), as Kustomer does, to every webhook it went to that
	 * still exists, or only to `webhookId`; resolves once deliveries have settled, with how many started.
	 * Rejects for an event id never delivered (or not to `webhookId`).
	 */
	async redeliver(eventId: string, webhookId?: string): Promise<number> {
		const started = this.webhooks.redeliver(eventId, webhookId);
		await this.webhooks.settled();
		return started;
	}

	/**
	 * Sends an event as if the API had changed `data` (a resource as the API renders it): every enabled
	 * webhook subscribed to `name` gets it. Returns the event, or undefined when none is subscribed.
	 * For events the API does not emit here (team and user changes) or hand-made payloads.
	 */
	emitEvent(name: string, data: ResourceObject, changes?: EventChanges): KustomerEvent | undefined {
		if (!WEBHOOK_EVENTS.includes(name)) throw new Error(`unknown event ${name}; known: ${WEBHOOK_EVENTS.join(', ')}`);
		return this.webhooks.emit(name, data, changes);
	}

	/**
	 * Attempts per delivery (default 8: Kustomer's first try and its 7 retries), the factor on the retry
	 * schedule's waits (`timeScale`, default 1 = real minutes) and each attempt's timeout (5 s).
	 */
	setWebhookDelivery(settings: Partial<DeliverySettings>): DeliverySettings {
		const next = { ...this.webhooks.settings };
		const limits: Record<keyof DeliverySettings, { min: number; max: number; integer: boolean }> = {
			attempts: { min: 1, max: MAX_ATTEMPTS, integer: true },
			timeScale: { min: 0, max: 1, integer: false },
			timeoutMs: { min: 1, max: Infinity, integer: false },
		};
		for (const [key, value] of Object.entries(settings ?? {})) {
			if (!(key in limits)) throw new Error(`${key} is not a delivery setting; known: ${Object.keys(limits).join(', ')}`);
			if (value === undefined) continue;
			const { min, max, integer } = limits[key as keyof DeliverySettings];
			if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
				throw new Error(`${key} must be ${integer ? 'an integer' : 'a number'} from ${min}${max === Infinity ? ' up' : ` to ${max}`}`);
			}
			next[key as keyof DeliverySettings] = value;
		}
		this.webhooks.settings = next;
		return { ...next };
	}

	get webhookDelivery(): DeliverySettings {
		return { ...this.webhooks.settings };
	}

	/**
	 * Turns Kustomer's per-customer creation caps on (120 a minute per customer and kind in Kustomer; a
	 * shorter window for tests) or off (null). See creationCaps.ts.
	 */
	setCreationCap(limit: number | null, windowMs?: number): void {
		this.creationCaps.set(limit, windowMs);
	}

	/**
	 * The organization's budget: `limit` requests (null = off) per fixed `windowMs`, shared by every key.
	 * With `key`, that key's requests count against a budget of their own instead, as the key of another
	 * organization served by the same host would (two organizations on api.kustomerapp.com, say).
	 */
	setRateLimit(limit: number | null, windowMs?: number, key?: string): void {
		if (key === undefined) return this.limiter.set(limit, windowMs);
		if (limit === null) {
			this.keyLimiters.delete(key);
			return;
		}
		const limiter = new RateLimiter();
		limiter.set(limit, windowMs);
		this.keyLimiters.set(key, limiter);
	}

	/** The budget a request counts against: its key's own (setRateLimit with a key), else the organization's. */
	limiterFor(authorization: string | string[] | undefined): RateLimiter {
		if (this.keyLimiters.size === 0) return this.limiter;
		const value = Array.isArray(authorization) ? authorization[0] : authorization;
		const key = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '')?.[1];
		return (key !== undefined && this.keyLimiters.get(key)) || this.limiter;
	}

	/** The per-key search limit: `limit` searches (null = unlimited) per sliding `windowMs`; counts start again. */
	setSearchRateLimit(settings: Partial<SearchRateSettings>): SearchRateSettings {
		return this.searchLimiter.set(settings);
	}

	/**
	 * How bulk jobs posted from now on progress: `queuedMs` in status queued, then `runningMs` running (batch
	 * i of n completes after (i+1)/n of it), then complete; `batchSize` items per batch. All zero timing
	 * completes a job inside the POST that created it (the POST still answers `queued`).
	 */
	setBulkTiming(timing: Partial<BulkSettings>): BulkSettings {
		const next = { ...this.store.bulkSettings };
		for (const key of ['queuedMs', 'runningMs'] as const) {
			const value = timing[key];
			if (value === undefined) continue;
			if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${key} must be a number >= 0`);
			next[key] = value;
		}
		if (timing.batchSize !== undefined) {
			const size = timing.batchSize;
			if (!Number.isInteger(size) || size < 1 || size > 100) throw new Error('batchSize must be an integer from 1 to 100');
			next.batchSize = size;
		}
		this.store.bulkSettings = next;
		return { ...next };
	}

	/**
	 * Completes every bulk job still queued or running now (each creates its objects), as Kustomer goes
	 * on with a job its client stopped waiting for; returns how many jobs it finished.
	 */
	finishBulkJobs(): number {
		let finished = 0;
		for (const job of this.store.bulkJobs.values()) if (finishNow(this.state, job)) finished++;
		return finished;
	}

	/**
	 * When customer merges posted from now on run: at their `pollsBeforeMerge`-th GET (1, the default:
	 * the first poll answers `complete`). A large count keeps them queued until finishMerges().
	 */
	setMergeSettings(settings: Partial<MergeSettings>): MergeSettings {
		const polls = settings.pollsBeforeMerge;
		if (polls !== undefined) {
			if (!Number.isInteger(polls) || polls < 1) throw new Error('pollsBeforeMerge must be an integer >= 1');
			this.store.mergeSettings = { ...this.store.mergeSettings, pollsBeforeMerge: polls };
		}
		return { ...this.store.mergeSettings };
	}

	/** Runs every queued customer merge now, as Kustomer goes on with a merge nobody polls; returns how many ran. */
	finishMerges(): number {
		let ran = 0;
		for (const merge of this.store.customerMerges.values()) {
			if (merge.status !== 'queued') continue;
			runMerge(this.state, merge);
			ran++;
		}
		return ran;
	}

	get bulkTiming(): BulkSettings {
		return { ...this.store.bulkSettings };
	}

	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.set(timer, resolve);
		});
	}

	async close(): Promise<void> {
		if (this.isClosed) return;
		this.isClosed = true;
		this.webhooks.clear();
		for (const [timer, wake] of this.timers) {
			clearTimeout(timer);
			wake();
		}
		this.timers.clear();
		this.store.timers.clear();
		const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
		// keep-alive sockets (Node's fetch pools them) would otherwise hold close() open
		this.server.closeAllConnections();
		await done;
	}
}
