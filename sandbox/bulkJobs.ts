/**
 * Data of Kustomer's asynchronous bulk flow (reference, Addendum): a job accepted by POST
 * /<resource>/bulk goes queued -> running -> complete; its items are split into batches, each batch
 * reports per-item results. The behaviour lives in resources/bulkRunner.ts; this file holds the records,
 * the timing settings and the timers, so the store can own them and reset() can drop them.
 */

/** How fast jobs progress. Tests shorten or zero these; changes apply to jobs posted afterwards. */
export interface BulkSettings {
	/** ms a job stays `queued` after it was posted. */
	queuedMs: number;
	/** ms the `running` phase lasts; batch i of n completes (and creates its records) after (i+1)/n of it. */
	runningMs: number;
	/** Items per batch (1-100): a 100-item job has 100/batchSize batches. */
	batchSize: number;
}

/** Small enough for fast tests, long enough that a client sees `queued` and `running` when it polls at once. */
export const DEFAULT_BULK_SETTINGS: Readonly<BulkSettings> = { queuedMs: 50, runningMs: 100, batchSize: 25 };

export type BulkStatus = 'queued' | 'running' | 'complete';

/** Why one item failed: Kustomer's error object for that item alone. */
export interface BulkItemError {
	status: number;
	code: string;
	title: string;
	detail?: string;
	source?: { pointer?: string; parameter?: string };
}

/** The outcome of one item, matchable by `_clientRef` (echoed as sent) or by its `index` in the posted array. */
export interface BulkItemResult {
	index: number;
	_clientRef?: string | number;
	status: 'success' | 'failure';
	/** Id of the record created (success only). */
	id?: string;
	error?: BulkItemError;
}

export interface BulkBatch {
	id: string;
	index: number;
	/** Positions of this batch's items in the posted array. */
	itemIndexes: number[];
	status: BulkStatus;
	completedAt: string | null;
	results: BulkItemResult[];
}

export interface BulkJob {
	id: string;
	/** What the job does with each item (resources/bulkRunner.ts runOne). */
	kind: 'kobject' | 'customerCreate' | 'customerUpdate';
	/** Kustomer's job context, e.g. api.sobjects.kobjects.bulk-create. */
	context: string;
	method: string;
	/** Host-relative path the job was posted to, e.g. /v1/klasses/order/bulk. */
	path: string;
	/** The klass the items belong to (kobject jobs; empty for others). */
	klassName: string;
	/** The items exactly as posted (payload.api.data). */
	items: Array<Record<string, unknown>>;
	createdBy: string;
	/** Role list shown in payload.api.user. */
	userRoles: string[];
	requestId: string;
	createdAt: string;
	createdMs: number;
	/** Timing copied from the settings when posted. */
	queuedMs: number;
	runningMs: number;
	status: BulkStatus;
	startedAt: string | null;
	startedMs?: number;
	completedAt: string | null;
	updatedAt: string;
	batches: BulkBatch[];
	/** A wake-up timer is pending (at most one per job). */
	timerPending?: boolean;
}

/** Timers the sandbox can cancel all at once (reset, close); they never keep the process alive. */
export class TimerSet {
	private readonly timers = new Set<NodeJS.Timeout>();

	after(ms: number, fn: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		timer.unref();
		this.timers.add(timer);
	}

	get size(): number {
		return this.timers.size;
	}

	clear(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}
}
