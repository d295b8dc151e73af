/**
 * Kustomer's per-customer creation caps: at most 120 messages, 120 conversations, 120 custom objects
 * (and 120 drafts) a minute for each customer, apart from the organization's request budget; a body
 * with `importedAt` is exempt (messages, conversations, custom objects).
 * https://developer.kustomer.com/docs/concepts/rate-limits ; https://help.kustomer.com/api-rate-limits-Sk2xoQgYX
 *
 * Off by default so ordinary tests never trip it; `setCreationCap(120)` turns it on, with a shorter
 * window for tests. A refused create answers 429 with the organization's rate-limit headers showing
 * budget left (the organization is not out of requests) and `retry-after` for that customer's window.
 */
import { errorResponse, type SandboxResponse } from './envelope';
import type { SandboxStore } from './store';

type Kind = 'conversation' | 'message' | 'kobject' | 'draft';

/** The creating operations, and how each names the customer the record belongs to. */
const CREATES: Record<string, { kind: Kind; customer: (store: SandboxStore, params: Record<string, string>, body: Record<string, unknown>) => unknown }> = {
	CreateConversation: { kind: 'conversation', customer: (_s, _p, body) => body.customer },
	CreateConversationForCustomer: { kind: 'conversation', customer: (_s, params) => params.id },
	CreateMessageByCustomer: { kind: 'message', customer: (_s, params) => params.id },
	CreateMessageFromConversation: { kind: 'message', customer: (store, params) => store.conversations.get(params.id)?.customerId },
	CreateKObject: { kind: 'kobject', customer: (_s, _p, body) => body.customer },
	CreateCustomerKObject: { kind: 'kobject', customer: (_s, params) => params.id },
	// Scheduled drafts count too (https://developer.kustomer.com/api/core-resources/create-draft-for-customer).
	CreateDraftByCustomer: { kind: 'draft', customer: (_s, params) => params.id },
};

export class CreationCaps {
	private limit: number | null = null;
	private windowMs = 60_000;
	/** `kind:customer` → creation times (epoch ms) within the window. */
	private readonly recent = new Map<string, number[]>();

	set(limit: number | null, windowMs = 60_000): void {
		if (limit !== null && !(Number.isInteger(limit) && limit >= 0)) throw new Error('creation cap must be a whole number >= 0 or null');
		if (!(Number.isFinite(windowMs) && windowMs > 0)) throw new Error('creation-cap window must be > 0 ms');
		this.limit = limit;
		this.windowMs = windowMs;
		this.recent.clear();
	}

	/**
	 * Counts a create against its customer's cap; the 429 to answer when the cap is reached.
	 * `orgHeaders` are the organization's rate-limit headers of this answer.
	 */
	check(
		store: SandboxStore,
		operationId: string,
		params: Record<string, string>,
		body: unknown,
		orgHeaders: Record<string, string>,
		orgLimit: number | null,
		now = Date.now(),
	): SandboxResponse | undefined {
		const create = CREATES[operationId];
		if (this.limit === null || !create) return undefined;
		const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
		if (create.kind !== 'draft' && fields.importedAt !== undefined && fields.importedAt !== null) return undefined;
		const customer = create.customer(store, params, fields);
		if (typeof customer !== 'string' || !customer) return undefined;
		const key = `${create.kind}:${customer}`;
		const times = (this.recent.get(key) ?? []).filter((time) => time > now - this.windowMs);
		if (times.length < this.limit) {
			times.push(now);
			this.recent.set(key, times);
			return undefined;
		}
		this.recent.set(key, times);
		const waitSeconds = Math.max(1, Math.ceil((times[0] + this.windowMs - now) / 1000));
		const response = errorResponse(429, 'too_many_requests', 'Too Many Requests', {
			detail: `customer ${customer} reached the limit of ${this.limit} ${create.kind} creations per ${this.windowMs} ms${create.kind === 'draft' ? ' (scheduled drafts count too)' : '; set importedAt for imports'}`,
		});
		// The organization still has requests left: this is not its budget.
		const limit = orgLimit ?? 1000;
		response.headers = {
			'x-ratelimit-limit': String(limit),
			'x-ratelimit-remaining': orgHeaders['x-ratelimit-remaining'] ?? String(limit),
			'retry-after': String(waitSeconds),
		};
		return response;
	}
}
