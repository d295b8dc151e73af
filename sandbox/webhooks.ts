/**
 * Kustomer's outbound webhooks, delivering side: when a customer, conversation, message or tag is
 * created or updated through the API, every enabled registration subscribed to the event gets a POST
 * of the Kustomer Event envelope, signed with the registration's token, with its custom headers.
 * A delivery answered with a non-2xx status or not at all is retried on Kustomer's schedule (1, 1, 2,
 * 5, 10, 15 and 30 minutes apart; scaled by `timeScale`). Every attempt is recorded.
 * https://developer.kustomer.com/docs/events ; https://developer.kustomer.com/docs/events/delivery-and-retries
 */
import { createHmac, randomUUID } from 'node:crypto';

import type { ResourceObject } from './envelope';
import { SANDBOX_ORG_ID, type SandboxStore, type StoredRecord } from './store';

/**
 * Create and update of customers, conversations, messages, users, teams and tags: 12 events.
 * https://developer.kustomer.com/docs/events/outbound-webhooks ; https://developer.kustomer.com/docs/events/event-catalog
 */
export const WEBHOOK_EVENTS = ['customer', 'conversation', 'message', 'team', 'user', 'tag'].flatMap((type) => [
	`kustomer.${type}.create`,
	`kustomer.${type}.update`,
]);

/** The org's name in event envelopes (as in the bulk jobs' payload.api.user.orgName). */
export const SANDBOX_ORG_NAME = 'sandbox';

const USER_AGENT = 'kustomer-sandbox-webhooks';

/**
 * Headers Kustomer sets on every delivery: the event name, and the lowercase hex HMAC-SHA256 of the raw
 * body keyed with the webhook's token. https://developer.kustomer.com/docs/events/delivery-and-retries
 */
export const EVENT_HEADER = 'x-kustomer-webhook-event';
export const SIGNATURE_HEADER = 'x-kustomer-webhook-signature';

/** The signature Kustomer puts in `x-kustomer-webhook-signature` for `body`. */
export function signBody(token: string, body: string | Uint8Array): string {
	return createHmac('sha256', token).update(body).digest('hex');
}

/**
 * Minutes Kustomer waits before each retry of a failed delivery ("about an hour" in all).
 * https://developer.kustomer.com/docs/events/delivery-and-retries
 */
export const RETRY_SCHEDULE_MINUTES: readonly number[] = [1, 1, 2, 5, 10, 15, 30];

export interface WebhookHeader {
	name: string;
	value: string;
}

export interface OutboundWebhookAttributes extends Record<string, unknown> {
	name: string;
	url: string;
	events: string[];
	headers: WebhookHeader[];
	/** HMAC key of the signature header; answered on create and on GET by id, not in the list. */
	token: string;
	enabled: boolean;
	isError: boolean;
	createdAt: string;
	modifiedAt: string;
	updatedAt: string;
}

export type OutboundWebhookRecord = StoredRecord<OutboundWebhookAttributes>;

export interface ChangeOperation {
	op: 'replace' | 'add' | 'remove';
	before?: unknown;
	after?: unknown;
}

/** `changes` of an update event: one operation per changed attribute (and relationship). */
export interface EventChanges {
	attributes: Record<string, ChangeOperation>;
	relationships?: Record<string, ChangeOperation>;
}

export interface KustomerEvent {
	id: string;
	name: string;
	org: string;
	orgName: string;
	partition: string;
	createdAt: string;
	persist: boolean;
	client: string;
	dataId: string;
	data: ResourceObject;
	/** null on create events (https://developer.kustomer.com/docs/events/event-catalog). */
	changes: EventChanges | null;
}

export interface DeliveryAttempt {
	webhookId: string;
	eventId: string;
	event: string;
	url: string;
	/** 1 for the first try of a delivery (a redelivery counts from 1 again). */
	attempt: number;
	/** The wait before this attempt: 0 for the first, then the retry schedule times timeScale. */
	delayMs: number;
	/** The receiver's HTTP status; 0 when it did not answer (refused, reset, timed out). */
	status: number;
	error?: string;
	/** When the attempt started. */
	at: string;
}

export interface DeliverySettings {
	/** Tries in all, the first included: 1 to 8 (Kustomer's first try and its 7 retries). */
	attempts: number;
	/** Factor on the retry schedule's waits, 0 to 1: 1 = Kustomer's real minutes, 0.001 = 60 ms a minute. */
	timeScale: number;
	/** Per attempt. */
	timeoutMs: number;
}

export const MAX_ATTEMPTS = RETRY_SCHEDULE_MINUTES.length + 1;

export const DEFAULT_DELIVERY: DeliverySettings = { attempts: MAX_ATTEMPTS, timeScale: 1, timeoutMs: 5_000 };

/** The wait after failed attempt `attempt` (1-based) before the next one. */
export function retryDelayMs(attempt: number, timeScale: number): number {
	return RETRY_SCHEDULE_MINUTES[attempt - 1] * 60_000 * timeScale;
}

/** Attributes Kustomer changes on every write; they are not reported as changes. */
const BOOKKEEPING = new Set(['updatedAt', 'modifiedAt', 'rev', 'displayName']);

/** Top-level attributes, with each custom attribute as its own `custom.<name>` entry. */
function flatten(attributes: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(attributes)) {
		if (BOOKKEEPING.has(key)) continue;
		if (key === 'custom' && value && typeof value === 'object') {
			for (const [name, custom] of Object.entries(value)) out[`custom.${name}`] = custom;
		} else out[key] = value;
	}
	return out;
}

/** One JSON-Patch style operation, or undefined when the two values are the same. */
export function changeOf(before: unknown, after: unknown): ChangeOperation | undefined {
	if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
	if (before === undefined) return { op: 'add', after };
	if (after === undefined) return { op: 'remove', before };
	return { op: 'replace', before, after };
}

/** Each key whose value differs between the two, as one operation. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, ChangeOperation> {
	const changes: Record<string, ChangeOperation> = {};
	for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
		const change = changeOf(before[key], after[key]);
		if (change) changes[key] = change;
	}
	return changes;
}

/**
 * What an update changed, by attribute; custom attributes one by one as `custom.<name>` (the sandbox's
 * reading of "each key under attributes describes one operation": a tier change then says which tier).
 */
export function attributeChanges(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, ChangeOperation> {
	return diff(flatten(before), flatten(after));
}

/**
 * `changes` of an update event. `relationships` are the related records (`{type, id}`, or undefined when
 * none) before and after; `changes.relationships` appears only when one of them changed.
 */
export function updateChanges(
	before: Record<string, unknown>,
	after: Record<string, unknown>,
	relationships?: { before: Record<string, unknown>; after: Record<string, unknown> },
): EventChanges {
	const changes: EventChanges = { attributes: attributeChanges(before, after) };
	const moved = relationships ? diff(relationships.before, relationships.after) : {};
	if (Object.keys(moved).length) changes.relationships = moved;
	return changes;
}

/** An event as sent: its body is serialized once, so retries and redeliveries send the very same bytes. */
interface SentEvent {
	event: KustomerEvent;
	body: string;
	webhookIds: string[];
}

/** Error-like by shape: fetch's errors come from Node's realm, so instanceof Error fails under jest's vm. */
function messageOf(error: unknown): string | undefined {
	const message = error && typeof error === 'object' ? (error as { message?: unknown }).message : undefined;
	return typeof message === 'string' ? message : undefined;
}

function describeError(error: unknown): string {
	const message = messageOf(error) ?? String(error);
	// fetch reports "fetch failed"; the reason (ECONNREFUSED, socket hang up...) is its cause
	const cause = messageOf((error as { cause?: unknown } | undefined)?.cause);
	return cause ? `${message}: ${cause}` : message;
}

/** The registration's headers, then the ones the delivery itself defines (a JSON body, event, signature). */
function deliveryHeaders(hook: OutboundWebhookRecord, sent: SentEvent): Record<string, string> {
	const headers: Record<string, string> = { 'user-agent': USER_AGENT };
	for (const { name, value } of hook.attributes.headers) headers[name.toLowerCase()] = value;
	headers['content-type'] = 'application/json';
	headers[EVENT_HEADER] = sent.event.name;
	headers[SIGNATURE_HEADER] = signBody(hook.attributes.token, sent.body);
	return headers;
}

export class WebhookDispatcher {
	readonly deliveries: DeliveryAttempt[] = [];
	settings: DeliverySettings = { ...DEFAULT_DELIVERY };
	/** Events sent, by id, with the webhooks they went to (for redelivery). */
	private readonly sent = new Map<string, SentEvent>();
	private pending = 0;
	private waiters: Array<() => void> = [];
	/** Bumped by clear(): deliveries of an older generation stop and are not recorded. */
	private generation = 0;
	/** Waits between attempts, so clear() can end them at once. */
	private readonly naps = new Map<ReturnType<typeof setTimeout>, () => void>();
	/** Requests on their way, so clear() can abort them instead of waiting for a slow receiver. */
	private readonly inFlight = new Set<AbortController>();

	constructor(
		private readonly store: SandboxStore,
		private readonly isClosed: () => boolean,
	) {}

	/**
	 * Sends `name` about `data` to every enabled webhook subscribed to it, after the current request's
	 * answer; returns the event, or undefined when no webhook listens (then nothing is kept).
	 */
	emit(name: string, data: ResourceObject, changes?: EventChanges): KustomerEvent | undefined {
		if (this.isClosed()) return undefined;
		const hooks = [...this.store.outboundWebhooks.values()].filter((hook) => hook.attributes.enabled && hook.attributes.events.includes(name));
		if (!hooks.length) return undefined;
		const event: KustomerEvent = {
			id: randomUUID(),
			name,
			org: SANDBOX_ORG_ID,
			orgName: SANDBOX_ORG_NAME,
			partition: SANDBOX_ORG_ID,
			createdAt: this.store.clock.nowIso(),
			persist: true,
			client: 'api-gw',
			dataId: data.id,
			data,
			changes: changes ?? null,
		};
		// serialized now: later writes to the record must not leak into this event's payload
		const sent: SentEvent = { event: JSON.parse(JSON.stringify(event)) as KustomerEvent, body: JSON.stringify(event), webhookIds: hooks.map((hook) => hook.id) };
		this.sent.set(event.id, sent);
		for (const hook of hooks) this.schedule(hook, sent);
		return sent.event;
	}

	/**
	 * Sends an event again, same id and body, to the webhooks it went to (or only `webhookId`) that still
	 * exist; returns how many deliveries started. Throws for an event never sent (or not to `webhookId`).
	 */
	redeliver(eventId: string, webhookId?: string): number {
		const sent = this.sent.get(eventId);
		if (!sent) throw new Error(`no event ${eventId} was delivered`);
		if (webhookId !== undefined && !sent.webhookIds.includes(webhookId)) throw new Error(`event ${eventId} was not delivered to webhook ${webhookId}`);
		let started = 0;
		for (const id of webhookId === undefined ? sent.webhookIds : [webhookId]) {
			const hook = this.store.outboundWebhooks.get(id);
			if (!hook) continue;
			this.schedule(hook, sent);
			started++;
		}
		return started;
	}

	/** The event as sent, by id (undefined when unknown or forgotten by clear()). */
	event(eventId: string): KustomerEvent | undefined {
		return this.sent.get(eventId)?.event;
	}

	/** Resolves when no delivery is on its way or waiting for a retry. */
	settled(): Promise<void> {
		if (this.pending === 0) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	/** Forgets deliveries and events, and stops those still running: waits end, requests are aborted. */
	clear(): void {
		this.generation++;
		this.deliveries.length = 0;
		this.sent.clear();
		for (const [timer, wake] of this.naps) {
			clearTimeout(timer);
			wake();
		}
		this.naps.clear();
		for (const controller of this.inFlight) controller.abort(new Error('delivery cancelled by reset'));
		this.inFlight.clear();
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.naps.delete(timer);
				resolve();
			}, ms);
			this.naps.set(timer, resolve);
		});
	}

	private schedule(hook: OutboundWebhookRecord, sent: SentEvent): void {
		this.pending++;
		void this.deliver(hook, sent, this.generation).finally(() => {
			this.pending--;
			if (this.pending > 0) return;
			const waiters = this.waiters;
			this.waiters = [];
			for (const wake of waiters) wake();
		});
	}

	/** Stops retrying once the registration is gone (deleted, or the store was reset) or the sandbox closed. */
	private stillWanted(hook: OutboundWebhookRecord, generation: number): boolean {
		return generation === this.generation && !this.isClosed() && this.store.outboundWebhooks.get(hook.id) === hook;
	}

	private async deliver(hook: OutboundWebhookRecord, sent: SentEvent, generation: number): Promise<void> {
		// A timer, not a microtask: the handler's answer is written first, as Kustomer delivers asynchronously.
		await this.sleep(0);
		const { attempts, timeScale } = this.settings;
		let delayMs = 0;
		for (let attempt = 1; attempt <= attempts; attempt++) {
			if (!this.stillWanted(hook, generation)) return;
			const record = await this.attempt(hook, sent, attempt, delayMs);
			if (generation !== this.generation) return;
			this.deliveries.push(record);
			if (record.status >= 200 && record.status < 300) return;
			if (attempt < attempts) {
				delayMs = retryDelayMs(attempt, timeScale);
				await this.sleep(delayMs);
			}
		}
	}

	/** One POST; status 0 and `error` when there is no complete answer within timeoutMs. */
	private async attempt(hook: OutboundWebhookRecord, sent: SentEvent, attempt: number, delayMs: number): Promise<DeliveryAttempt> {
		const { url } = hook.attributes;
		const record: DeliveryAttempt = { webhookId: hook.id, eventId: sent.event.id, event: sent.event.name, url, attempt, delayMs, status: 0, at: new Date().toISOString() };
		const { timeoutMs } = this.settings;
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
		this.inFlight.add(controller);
		try {
			const response = await fetch(url, { method: 'POST', headers: deliveryHeaders(hook, sent), body: sent.body, signal: controller.signal });
			// the whole answer counts: a receiver that stalls after its status line has not answered
			await response.arrayBuffer();
			record.status = response.status;
		} catch (error) {
			record.error = describeError(error);
		} finally {
			clearTimeout(timer);
			this.inFlight.delete(controller);
		}
		return record;
	}
}
