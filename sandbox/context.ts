/** Types shared by the request pipeline and the resource modules. */
import type { Principal } from './auth';
import type { ResourceObject, SandboxResponse } from './envelope';
import type { SearchRateLimiter } from './ratelimit';
import type { SandboxStore, StoredRecord } from './store';
import type { WebhookDispatcher } from './webhooks';
import type { Clock } from './clock';

export interface Counters {
	/** Records created through the API, by type (e.g. created.customer) — reveals duplicate creates. */
	created: Record<string, number>;
	updated: Record<string, number>;
	deleted: Record<string, number>;
}

export interface SandboxState {
	store: SandboxStore;
	counters: Counters;
	/** Delivers outbound-webhook events; absent where nothing listens (unit set-ups). */
	webhooks?: WebhookDispatcher;
	/** The per-key search limit (ratelimit.ts); absent in unit set-ups, where searches are not limited. */
	searchLimiter?: SearchRateLimiter;
	/** What the limits count time with (clock.ts); the wall clock where absent. */
	limitClock?: Clock;
}

/** Everything an operation handler gets. Validation has already passed when a handler runs. */
export interface HandlerContext {
	state: SandboxState;
	registry: ResourceRegistry;
	principal: Principal;
	method: string;
	operationId: string;
	/** Decoded path parameters. */
	params: Record<string, string>;
	/** Query string, last value wins. */
	query: Record<string, string>;
	body: unknown;
}

export type OperationHandler = (ctx: HandlerContext) => SandboxResponse | Promise<SandboxResponse>;

/** A real Kustomer endpoint that is missing from the Core Resources document (e.g. GET /v1/users/current). */
export interface ExtraRoute {
	method: string;
	/** Matched against the path below /v1, e.g. /^\/users\/current$/; named groups become (decoded) params. */
	pattern: RegExp;
	operationId: string;
	/** Roles of which any one is needed; none = any valid key. */
	roles?: string[];
	handler: OperationHandler;
}

/** How POST /customers/search reads one kind of record (one per queryContext). */
export interface SearchAttribute<R> {
	kind: 'string' | 'number' | 'date' | 'boolean';
	/** All values of the attribute on a record (lists give several; missing gives none). */
	values(record: R, state: SandboxState): unknown[];
	/** Applied to both sides of equals/contains (e.g. lower-case emails, digits-only phones). */
	normalize?(value: string): string;
	sortable?: boolean;
}

export interface SearchContext<R extends StoredRecord = StoredRecord> {
	queryContext: string;
	/** Every searchable record by id, in creation order (the order of unsorted results). */
	records(state: SandboxState): ReadonlyMap<string, R>;
	/** Attribute by search name (customer_email, customer_custom_fooStr...), or undefined if unknown. */
	attribute(name: string): SearchAttribute<R> | undefined;
	render(record: R, state: SandboxState): ResourceObject;
}

/**
 * Chooses another spec operation for a request the router matched (its operationId, or undefined to keep
 * the match), for paths Kustomer tells apart by data rather than shape. Runs before validation, so the
 * request is validated (and role-checked) against the operation finally chosen.
 */
export type RerouteRule = (operationId: string, params: Record<string, string>, state: SandboxState) => string | undefined;

/** One file per resource exports one of these. */
export interface ResourceModule {
	name: string;
	handlers?: Record<string, OperationHandler>;
	extraRoutes?: ExtraRoute[];
	searchContexts?: SearchContext<any>[];
	reroute?: RerouteRule;
}

export interface ResourceRegistry {
	handlers: Map<string, OperationHandler>;
	extraRoutes: ExtraRoute[];
	searchContexts: Map<string, SearchContext<any>>;
	reroutes: RerouteRule[];
}

export function emptyCounters(): Counters {
	return { created: {}, updated: {}, deleted: {} };
}

export function bump(bucket: Record<string, number>, type: string): void {
	bucket[type] = (bucket[type] ?? 0) + 1;
}
