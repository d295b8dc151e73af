/**
 * How a bulk job progresses (reference, Addendum): queued for `queuedMs`, then running for `runningMs`
 * while its batches complete one after another at even steps, then complete. A batch creates its records
 * when it completes, so counters and lists change exactly then, whether or not anyone polls.
 *
 * Progress is computed from the clock (`advance`), and timers only wake jobs up to apply it: reads call
 * `advance` too, so a slow timer never shows a stale status, and with zero timing a job completes inside
 * the request that posted it.
 */
import type { Principal } from '../auth';
import type { SandboxState } from '../context';
import { bump } from '../context';
import type { ErrorBody, KustomerError, SandboxResponse } from '../envelope';
import { relationship, type ResourceObject } from '../envelope';
import type { BulkBatch, BulkItemError, BulkItemResult, BulkJob } from '../bulkJobs';
import { SANDBOX_ORG_ID } from '../store';
import { createKObject, findKlassByName, klassNotFound } from './kobjectModel';
import { createCustomerRecord, updateCustomerRecord } from './customers';

export const BULK_TYPE = 'bulk';
export const BATCH_TYPE = 'bulk_batch';
export const KOBJECT_BULK_CONTEXT = 'api.sobjects.kobjects.bulk-create';

/** What a job does with each item: create a KObject of its klass, or create / update a customer. */
export interface BulkJobKind {
	kind: BulkJob['kind'];
	context: string;
	method: string;
	path: string;
	klassName?: string;
}

export const CUSTOMER_BULK_CREATE: BulkJobKind = { kind: 'customerCreate', context: 'api.sobjects.customers.bulk-create', method: 'POST', path: '/v1/customers/bulk' };
export const CUSTOMER_BULK_UPDATE: BulkJobKind = { kind: 'customerUpdate', context: 'api.sobjects.customers.bulk-update', method: 'PUT', path: '/v1/customers/bulk' };

/** Stores a new queued KObject job for `items` (already validated). */
export function createKObjectJob(state: SandboxState, klassName: string, items: Array<Record<string, unknown>>, principal: Principal): BulkJob {
	return createBulkJob(
		state,
		{ kind: 'kobject', context: KOBJECT_BULK_CONTEXT, method: 'POST', path: `/v1/klasses/${encodeURIComponent(klassName)}/bulk`, klassName },
		items,
		principal,
	);
}

/** Stores a new queued job for `items` (already validated), split into batches of the current batch size. */
export function createBulkJob(state: SandboxState, kind: BulkJobKind, items: Array<Record<string, unknown>>, principal: Principal): BulkJob {
	const { store } = state;
	const settings = store.bulkSettings;
	const now = store.clock.nowIso();
	const batches: BulkBatch[] = [];
	for (let start = 0; start < items.length; start += settings.batchSize) {
		const itemIndexes = items.slice(start, start + settings.batchSize).map((_, i) => start + i);
		batches.push({ id: store.ids.next(), index: batches.length, itemIndexes, status: 'queued', completedAt: null, results: [] });
	}
	const job: BulkJob = {
		id: store.ids.next(),
		kind: kind.kind,
		context: kind.context,
		method: kind.method,
		path: kind.path,
		klassName: kind.klassName ?? '',
		items,
		createdBy: principal.userId,
		// the document's example shows the caller's roles; the main key holds hundreds, so it shows 'org'
		userRoles: principal.allRoles ? ['org'] : [...principal.roles],
		requestId: store.ids.next(),
		createdAt: now,
		// the wall clock, not `now`: the store's clock may run a few ms ahead, and zero timing must be due at once
		createdMs: Date.now(),
		queuedMs: settings.queuedMs,
		runningMs: settings.runningMs,
		status: 'queued',
		startedAt: null,
		completedAt: null,
		updatedAt: now,
		batches,
	};
	store.bulkJobs.set(job.id, job);
	bump(state.counters.created, BULK_TYPE);
	return job;
}

function firstError(response: SandboxResponse): BulkItemError {
	const error: KustomerError | undefined = (response.body as ErrorBody | undefined)?.errors?.[0];
	const { status = response.status, code = 'error', title = 'Failed', detail, source } = error ?? {};
	return { status, code, title, ...(detail ? { detail } : {}), ...(source ? { source } : {}) };
}

/** Creates one item; its failure is that item's alone. */
function runItem(state: SandboxState, job: BulkJob, index: number): BulkItemResult {
	const item = job.items[index];
	const ref = item._clientRef as string | number | undefined;
	const base: Pick<BulkItemResult, 'index' | '_clientRef'> = ref === undefined ? { index } : { index, _clientRef: ref };
	const outcome = runOne(state, job, item);
	// records carry attributes, error answers a status and a body
	return 'attributes' in outcome ? { ...base, status: 'success', id: outcome.id } : { ...base, status: 'failure', error: firstError(outcome) };
}

/** Carries out one item of the job: the record it created or updated, or the error answered for it alone. */
function runOne(state: SandboxState, job: BulkJob, item: Record<string, unknown>): { id: string; attributes: unknown } | SandboxResponse {
	const fields = { ...item };
	delete fields._clientRef;
	if (job.kind === 'customerCreate') return createCustomerRecord(state, fields, job.createdBy);
	if (job.kind === 'customerUpdate') {
		// https://developer.kustomer.com/docs/guides/bulk-operations: PUT …/bulk updates each item's record, named by its id
		const { id, ...changes } = fields;
		return updateCustomerRecord(state, String(id), changes, job.createdBy, false);
	}
	// the klass may have been deleted while the job waited
	const klass = findKlassByName(state, job.klassName);
	const outcome = klass ? createKObject(state, klass, item, job.createdBy) : klassNotFound(job.klassName);
	return outcome;
}

function runBatch(state: SandboxState, job: BulkJob, batch: BulkBatch): void {
	batch.results = batch.itemIndexes.map((index) => runItem(state, job, index));
	batch.status = 'complete';
	batch.completedAt = state.store.clock.nowIso();
	job.updatedAt = batch.completedAt;
}

/** When batch `index` is due: its share of the running phase. */
function batchDueMs(job: BulkJob, index: number): number {
	return (job.startedMs ?? job.createdMs + job.queuedMs) + (job.runningMs * (index + 1)) / job.batches.length;
}

/** Applies every step due by `nowMs`. */
export function advance(state: SandboxState, job: BulkJob, nowMs: number = Date.now()): void {
	if (job.status === 'queued') {
		const startMs = job.createdMs + job.queuedMs;
		if (nowMs < startMs) return;
		job.status = 'running';
		job.startedMs = startMs;
		job.startedAt = state.store.clock.nowIso();
		job.updatedAt = job.startedAt;
		for (const batch of job.batches) batch.status = 'running';
	}
	if (job.status !== 'running') return;
	for (const batch of job.batches) {
		if (batch.status !== 'complete' && nowMs >= batchDueMs(job, batch.index)) runBatch(state, job, batch);
	}
	if (job.batches.every((b) => b.status === 'complete')) {
		job.status = 'complete';
		job.completedAt = state.store.clock.nowIso();
		job.updatedAt = job.completedAt;
	}
}

/**
 * Completes a job now, whatever its timing: what Kustomer does for a job a client stopped waiting
 * for (it goes on and creates the objects). Tests use it to have a job outlive one run's Max Wait,
 * then finish before a later run picks it up. Returns whether the job was still unfinished.
 */
export function finishNow(state: SandboxState, job: BulkJob, nowMs: number = Date.now()): boolean {
	if (job.status === 'complete') return false;
	if (job.status === 'queued') job.queuedMs = Math.max(0, Math.min(job.queuedMs, nowMs - job.createdMs));
	job.runningMs = 0;
	advance(state, job, nowMs);
	return true;
}

function nextDueMs(job: BulkJob): number | undefined {
	if (job.status === 'queued') return job.createdMs + job.queuedMs;
	const next = job.batches.find((b) => b.status !== 'complete');
	return next ? batchDueMs(job, next.index) : undefined;
}

/** Advances the job now and keeps one wake-up timer pending until it is complete. */
export function pump(state: SandboxState, job: BulkJob): void {
	advance(state, job);
	const due = nextDueMs(job);
	if (due === undefined || job.timerPending) return;
	job.timerPending = true;
	state.store.timers.after(Math.max(1, Math.ceil(due - Date.now())), () => {
		job.timerPending = false;
		// a reset dropped the job meanwhile: nothing to do
		if (state.store.bulkJobs.get(job.id) === job) pump(state, job);
	});
}

function counts(job: BulkJob) {
	const results = job.batches.flatMap((b) => b.results);
	return {
		successCount: results.filter((r) => r.status === 'success').length,
		failureCount: results.filter((r) => r.status === 'failure').length,
	};
}

export function renderJob(job: BulkJob): ResourceObject {
	return {
		type: BULK_TYPE,
		id: job.id,
		attributes: {
			context: job.context,
			status: job.status,
			completed: job.status === 'complete',
			v2: true,
			ids: [],
			batches: { complete: job.batches.filter((b) => b.status === 'complete').length, total: job.batches.length },
			itemCount: job.items.length,
			...counts(job),
			payload: {
				api: {
					data: job.items,
					path: job.path,
					method: job.method,
					service: 'sobjects',
					requestId: job.requestId,
					user: { id: job.createdBy, userType: 'machine', roles: job.userRoles, org: SANDBOX_ORG_ID, orgName: 'sandbox', subject: job.createdBy },
				},
			},
			createdAt: job.createdAt,
			updatedAt: job.updatedAt,
			startedAt: job.startedAt,
			completedAt: job.completedAt,
		},
		relationships: {
			org: relationship({ type: 'org', id: SANDBOX_ORG_ID }),
			createdBy: relationship({ type: 'user', id: job.createdBy }),
		},
		links: { self: `/v1/bulk/${job.id}` },
	};
}

export function renderBatch(job: BulkJob, batch: BulkBatch): ResourceObject {
	const results = batch.results.map((r) => ({ ...r }));
	return {
		type: BATCH_TYPE,
		id: batch.id,
		attributes: {
			index: batch.index,
			status: batch.status,
			itemCount: batch.itemIndexes.length,
			objectIds: results.flatMap((r) => (r.id ? [r.id] : [])),
			successCount: results.filter((r) => r.status === 'success').length,
			failureCount: results.filter((r) => r.status === 'failure').length,
			completedAt: batch.completedAt,
			errors: results.flatMap((r) => (r.error ? [{ index: r.index, ...(r._clientRef !== undefined ? { _clientRef: r._clientRef } : {}), ...r.error }] : [])),
			results,
		},
		relationships: { bulk: relationship({ type: BULK_TYPE, id: job.id, self: `/v1/bulk/${job.id}` }) },
		links: { self: `/v1/bulk/${job.id}/batches` },
	};
}
