/**
 * Kustomer's outbound webhooks, delivering side (kustomer-api.md §14, kustomer-webhooks.asyncapi.yml):
 * when a customer, conversation or message is created or updated through the API, every enabled
 * registration subscribed to the event gets a POST of the Kustomer Event envelope, with its custom
 * headers. A delivery answered with a non-2xx status or not at all is retried (Kustomer retries
 * about ten times over 80 minutes; here a few times, quickly). Every attempt is recorded.
 */
import { randomUUID } from 'node:crypto';

import type { ResourceObject } from './envelope';
import { SANDBOX_ORG_ID, type SandboxStore, type StoredRecord } from './store';

export const WEBHOOK_EVENTS = ['customer', 'conversation', 'message', 'team', 'user'].flatMap((type) => [
	`kustomer.${type}.create`,
	`kustomer.${type}.update`,
]);

export interface OutboundWebhookAttributes extends Record<string, unknown> {
	name: string;
	url: string;
	events: string[];
	headers: Array<{ name: string; value: string }>;
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
	changes?: { attributes: Record<string, ChangeOperation> };
}

export interface DeliveryAttempt {
	webhookId: string;
	eventId: string;
	event: string;
	url: string;
	/** 1 for the first try. */
	attempt: number;
	/** The receiver's HTTP status; 0 when it did not answer. */
	status: number;
	error?: string;
	at: string;
}

export interface DeliverySettings {
	/** Tries in all, the first included. */
	attempts: number;
	retryDelayMs: number;
	/** Per attempt. */
	timeoutMs: number;
}

export const DEFAULT_DELIVERY: DeliverySettings = { attempts: 3, retryDelayMs: 200, timeoutMs: 5_000 };

/** Attributes Kustomer changes on every write; they are not reported as changes. */
const BOOKKEEPING = new Set(['updatedAt', 'modifiedAt', 'rev', 'displayName']);

/**
 * What an update changed, JSON-Patch style, by attribute; custom attributes one by one as
 * `custom.<name>` (the sandbox's reading of "each key under attributes describes one operation").
 */
export function attributeChanges(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, ChangeOperation> {
	const flat = (attributes: Record<string, unknown>) => {
		const out: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(attributes)) {
			if (BOOKKEEPING.has(key)) continue;
			if (key === 'custom' && value && typeof value === 'object') {
				for (const [name, custom] of Object.entries(value)) out[`custom.${name}`] = custom;
			} else out[key] = value;
		}
		return out;
	};
	const old = flat(before);
	const next = flat(after);
	const changes: Record<string, ChangeOperation> = {};
	for (const key of new Set([...Object.keys(old), ...Object.keys(next)])) {
		const was = old[key];
		const is = next[key];
		if (JSON.stringify(was) === JSON.stringify(is)) continue;
		if (was === undefined) changes[key] = { op: 'add', after: is };
		else if (is === undefined) changes[key] = { op: 'remove', before: was };
		else changes[key] = { op: 'replace', before: was, after: is };
	}
	return changes;
}

export class WebhookDispatcher {
	readonly deliveries: DeliveryAttempt[] = [];
	settings: DeliverySettings = { ...DEFAULT_DELIVERY };
	/** Events sent, by id, with the webhooks they went to (for redelivery). */
	private readonly sent = new Map<string, { event: KustomerEvent; webhookIds: string[] }>();
	private pending = 0;
	private waiters: Array<() => void> = [];
	/** Bumped by clear(): deliveries of an older generation stop. */
	private generation = 0;

	/** Waits in progress, so clear() can end them at once. */
	private readonly naps = new Map<ReturnType<typeof setTimeout>, () => void>();

	constructor(
		private readonly store: SandboxStore,
		private readonly isClosed: () => boolean,
	) {}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.naps.delete(timer);
				resolve();
			}, ms);
			this.naps.set(timer, resolve);
		});
	}

	/** Sends `name` about `data` to every enabled webhook subscribed to it; returns the event, if any went out. */
	emit(name: string, data: ResourceObject, changes?: Record<string, ChangeOperation>): KustomerEvent | undefined {
		const hooks = [...this.store.outboundWebhooks.values()].filter((hook) => hook.attributes.enabled && hook.attributes.events.includes(name));
		if (!hooks.length) return undefined;
		const event: KustomerEvent = {
			id: randomUUID(),
			name,
			org: SANDBOX_ORG_ID,
			orgName: 'sandbox',
			partition: SANDBOX_ORG_ID,
			createdAt: this.store.clock.nowIso(),
			persist: true,
			client: 'api-gw',
			dataId: data.id,
			data,
			...(changes ? { changes: { attributes: changes } } : {}),
		};
		this.sent.set(event.id, { event, webhookIds: hooks.map((hook) => hook.id) });
		for (const hook of hooks) this.schedule(hook, event);
		return event;
	}

	/** Sends an event again, same id and payload, to the webhooks it went to that still exist. */
	redeliver(eventId: string): void {
		const sent = this.sent.get(eventId);
		if (!sent) throw new Error(`no event ${eventId} was delivered`);
		for (const id of sent.webhookIds) {
			const hook = this.store.outboundWebhooks.get(id);
			if (hook) this.schedule(hook, sent.event);
		}
	}

	/** Resolves when no delivery is on its way or waiting for a retry. */
	settled(): Promise<void> {
		if (this.pending === 0) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	/** Forgets deliveries and events and stops those still running. */
	clear(): void {
		this.generation++;
		this.deliveries.length = 0;
		this.sent.clear();
		for (const [timer, wake] of this.naps) {
			clearTimeout(timer);
			wake();
		}
		this.naps.clear();
	}

	private schedule(hook: OutboundWebhookRecord, event: KustomerEvent): void {
		this.pending++;
		void this.deliver(hook, event, this.generation).finally(() => {
			this.pending--;
			if (this.pending === 0) {
				const waiters = this.waiters;
				this.waiters = [];
				for (const wake of waiters) wake();
			}
		});
	}

	private async deliver(hook: OutboundWebhookRecord, event: KustomerEvent, generation: number): Promise<void> {
		// After the API's own answer has gone out, as Kustomer delivers asynchronously.
		await this.sleep(0);
		const { attempts, retryDelayMs, timeoutMs } = this.settings;
		const body = JSON.stringify(event);
		const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'kustomer-sandbox-webhooks' };
		for (const { name, value } of hook.attributes.headers) headers[name.toLowerCase()] = value;
		for (let attempt = 1; attempt <= attempts; attempt++) {
			if (generation !== this.generation || this.isClosed()) return;
			const record: DeliveryAttempt = { webhookId: hook.id, eventId: event.id, event: event.name, url: hook.attributes.url, attempt, status: 0, at: new Date().toISOString() };
			try {
				const response = await fetch(hook.attributes.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
				record.status = response.status;
				await response.arrayBuffer();
			} catch (error) {
				record.error = error instanceof Error ? error.message : String(error);
			}
			if (generation !== this.generation) return;
			this.deliveries.push(record);
			if (record.status >= 200 && record.status < 300) return;
			if (attempt < attempts) await this.sleep(retryDelayMs);
		}
	}
}
