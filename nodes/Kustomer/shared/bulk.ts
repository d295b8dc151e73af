import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { fieldError } from './parameters';
import { MAX_BODY_BYTES, bodyBytes, kustomerApiRequest, kustomerPath } from './transport';

/**
 * Kustomer's asynchronous bulk flow (https://developer.kustomer.com/docs/guides/bulk-operations): POST up to 100 items per request,
 * each carrying a `_clientRef`; poll GET /v1/bulk/{id} until the job is complete; read the
 * per-item results from GET /v1/bulk/{id}/batches. One bulk request costs one unit of the rate
 * limit instead of one per record.
 */

export const BULK_LIMIT = 100;

/**
 * Chunks of at most 100 items whose body stays within Kustomer's 100 kB limit
 * (https://developer.kustomer.com/kustomer-api-docs/reference/errors); an item too large to be sent
 * even alone is refused before anything is sent, by its index.
 */
export function bulkChunks(context: IExecuteSingleFunctions, items: IDataObject[], label: string): IDataObject[][] {
	const chunks: IDataObject[][] = [];
	let chunk: IDataObject[] = [];
	// "[" and "]", and a "," between items.
	let size = 2;
	items.forEach((item, index) => {
		const bytes = bodyBytes(item);
		if (bytes + 2 > MAX_BODY_BYTES) {
			throw fieldError(
				context,
				`${label} [${index}]`,
				`is ${Math.ceil(bytes / 1000)} kB; Kustomer accepts at most 100 kB per request`,
				'Shorten its longest values. Nothing was sent.',
			);
		}
		if (chunk.length && (chunk.length >= BULK_LIMIT || size + 1 + bytes > MAX_BODY_BYTES)) {
			chunks.push(chunk);
			chunk = [];
			size = 2;
		}
		size += (chunk.length ? 1 : 0) + bytes;
		chunk.push(item);
	});
	if (chunk.length) chunks.push(chunk);
	return chunks;
}

export interface BulkItemResult {
	clientRef: string;
	/** The bulk job the item was sent in (none when its request failed, or when created directly). */
	jobId?: string;
	id?: string;
	error?: string;
	/**
	 * Why the item's job has no result yet (still running when Max Wait ran out, or its status could
	 * not be read): the object may still be created, so it must not be sent again; the job is checked
	 * later with Custom Object › Get Bulk Job Result.
	 */
	pending?: string;
}

interface BulkOptions {
	baseURL?: string;
	/** Longest time to wait for all jobs to complete, rate-limit waits included. */
	maxWaitMs: number;
}

/** The first pause between two polls of an asynchronous Kustomer job (bulk job, customer merge). */
export const POLL_START_MS = 200;
const POLL_MAX_MS = 2000;

function errorText(error: unknown): string {
	if (!error || typeof error !== 'object') return String(error ?? 'failed');
	const entry = error as IDataObject;
	const parts = [entry.title, entry.detail].filter((part) => typeof part === 'string' && part);
	const pointer = ((entry.source as IDataObject | undefined)?.pointer as string | undefined) ?? '';
	return `${parts.join(': ') || 'failed'}${pointer ? ` (${pointer})` : ''}`;
}

/** Reads one batch's per-item results, keyed by _clientRef. */
function readBatchResults(job: string, batch: IDataObject, results: Map<string, BulkItemResult>): void {
	const attributes = (batch.attributes as IDataObject | undefined) ?? batch;
	for (const entry of (attributes.results as IDataObject[] | undefined) ?? []) {
		const clientRef = String(entry._clientRef ?? entry.clientRef ?? '');
		if (!clientRef) continue;
		const id = entry.id ?? (entry.data as IDataObject | undefined)?.id;
		results.set(clientRef, id ? { clientRef, jobId: job, id: String(id) } : { clientRef, jobId: job, error: errorText(entry.error ?? entry.errors) });
	}
}

/** The text an object's result carries when its chunk failed as a whole. */
function failureText(error: unknown): string {
	const { message, description } = (error ?? {}) as { message?: string; description?: string | null };
	return [message || 'failed', description].filter(Boolean).join('. ').replace(/\s*\n\s*/g, ' ');
}

/** Posts one chunk and returns the bulk job's ID. */
async function submitJob(context: IExecuteSingleFunctions, path: string, chunk: IDataObject[], baseURL?: string): Promise<string> {
	const response = await kustomerApiRequest(context, { method: 'POST', url: path, body: chunk, baseURL });
	const id = ((response.body as IDataObject)?.data as IDataObject | undefined)?.id;
	if (!id) throw new NodeOperationError(context.getNode(), 'Kustomer accepted a bulk request but returned no job ID');
	return String(id);
}

/** A job as followed: complete with its per-item results, or still pending (and why). */
export interface FollowedJob {
	jobId: string;
	/** The items as Kustomer holds them in the job (payload.api.data), where it says. */
	items: IDataObject[];
	results: Map<string, BulkItemResult>;
	/** Set while the job has no results: still running when the wait ended, or its state unreadable. */
	pending?: string;
	/** Kustomer answered 404: no such job (for this organization). */
	notFound?: boolean;
}

/**
 * Waits `delay` before the next poll of an asynchronous job, unless that would pass `deadline`; returns
 * the next (doubled, capped) delay, or undefined when the wait is over. The one place polls sleep.
 */
export async function pollPause(delay: number, deadline: number): Promise<number | undefined> {
	if (Date.now() + delay > deadline) return undefined;
	await sleep(delay);
	return Math.min(delay * 2, POLL_MAX_MS);
}

export function seconds(ms: number): string {
	return `${Math.round(ms / 1000)} s`;
}

/**
 * Polls one job until it is complete (or failed) and reads its per-item results; gives up at the
 * deadline, rate-limit waits included (a poll refused 429 whose reset is after the deadline is not
 * waited for). Any failure to learn the job's outcome leaves it pending, never failed: Kustomer
 * accepted the job and may still create every object in it.
 */
export async function followJob(context: IExecuteSingleFunctions, job: string, options: BulkOptions, deadline: number): Promise<FollowedJob> {
	const followed: FollowedJob = { jobId: job, items: [], results: new Map() };
	let delay = POLL_START_MS;
	try {
		for (;;) {
			const status = await kustomerApiRequest(context, {
				method: 'GET',
				url: kustomerPath('/v1/bulk/{id}', { id: job }),
				baseURL: options.baseURL,
				deadline,
				acceptStatus: [404],
			});
			if (status.statusCode === 404) {
				followed.notFound = true;
				followed.pending = 'Kustomer does not find the job (yet)';
				return followed;
			}
			const attributes = ((status.body as IDataObject)?.data as IDataObject | undefined)?.attributes as IDataObject | undefined;
			const data = ((attributes?.payload as IDataObject | undefined)?.api as IDataObject | undefined)?.data;
			if (Array.isArray(data)) followed.items = data as IDataObject[];
			const state = String(attributes?.status ?? '');
			if (state === 'complete' || state === 'failed') break;
			const next = await pollPause(delay, deadline);
			if (next === undefined) {
				followed.pending = `the job was still ${state || 'running'} after ${seconds(options.maxWaitMs)} (Max Wait)`;
				return followed;
			}
			delay = next;
		}
		const batches = await kustomerApiRequest(context, {
			method: 'GET',
			url: kustomerPath('/v1/bulk/{id}/batches', { id: job }),
			baseURL: options.baseURL,
			deadline,
		});
		const data = (batches.body as IDataObject)?.data;
		for (const batch of (Array.isArray(data) ? data : data ? [data] : []) as IDataObject[]) readBatchResults(job, batch, followed.results);
	} catch (error) {
		followed.pending = `its outcome could not be read: ${failureText(error)}`;
	}
	return followed;
}

/** What an object of a pending job carries: the job, and that it must not be sent again. */
export function pendingText(job: string, reason: string): string {
	return `Bulk job ${job}: ${reason}. Kustomer may still create this object: do not send it again; check the job later with Custom Object › Get Bulk Job Result (Bulk Job IDs: ${job}).`;
}

/**
 * Sends the items in chunks of at most 100 (and 100 kB) to `path` (e.g. /v1/klasses/orders/bulk), waits for the
 * jobs, and returns one result per item in input order.
 *
 * All chunks are posted at once and their jobs polled side by side; the per-host gate in retry.ts
 * bounds how many requests are in flight. When no chunk is accepted the item fails with that error,
 * as for any single request. Once one is accepted, objects have been sent: from then on a failed
 * chunk becomes an error on each of its own objects, and a job without results by Max Wait leaves
 * its objects pending (with the job's ID), next to the IDs of the others, so the output says what
 * was created and nothing needs to be sent twice.
 */
export async function runBulkCreate(
	context: IExecuteSingleFunctions,
	path: string,
	items: IDataObject[],
	options: BulkOptions,
): Promise<BulkItemResult[]> {
	const deadline = Date.now() + options.maxWaitMs;
	const chunks = bulkChunks(context, items, 'Objects');

	const submitted = await Promise.allSettled(chunks.map(async (chunk) => await submitJob(context, path, chunk, options.baseURL)));
	if (!submitted.some((outcome) => outcome.status === 'fulfilled')) throw (submitted[0] as PromiseRejectedResult).reason;

	const results = new Map<string, BulkItemResult>();
	await Promise.all(
		submitted.map(async (outcome, index) => {
			const refs = chunks[index].map((item) => String(item._clientRef));
			if (outcome.status === 'rejected') {
				for (const clientRef of refs) results.set(clientRef, { clientRef, error: `Bulk request failed: ${failureText(outcome.reason)}` });
				return;
			}
			const job = outcome.value;
			const followed = await followJob(context, job, options, deadline);
			for (const clientRef of refs) {
				const result = followed.pending === undefined ? followed.results.get(clientRef) : { clientRef, jobId: job, pending: pendingText(job, followed.pending) };
				if (result) results.set(clientRef, result);
			}
		}),
	);

	return items.map((item) => {
		const clientRef = String(item._clientRef);
		return results.get(clientRef) ?? { clientRef, error: 'Kustomer reported no result for this object' };
	});
}

/** An object's result as the output shows it: its status, then its ID, error or pending job. */
export function bulkResultFields(result: BulkItemResult): IDataObject {
	if (result.id) return { status: 'created', id: result.id, ...(result.jobId ? { jobId: result.jobId } : {}) };
	if (result.pending) return { status: 'pending', jobId: result.jobId, pending: result.pending };
	return { status: 'failed', error: result.error ?? 'failed', ...(result.jobId ? { jobId: result.jobId } : {}) };
}

/**
 * The counts over a run's objects. `success` is false only when an object failed; a pending object
 * did not fail (its job may still create it), so it sets `complete` false, `status` "pending" and
 * lists its job in `pendingJobIds`, for Get Bulk Job Result to pick up.
 */
export function bulkSummary(results: BulkItemResult[]): IDataObject {
	const objectIds = results.flatMap((result) => (result.id ? [result.id] : []));
	const pending = results.filter((result) => !result.id && result.pending);
	const failedCount = results.length - objectIds.length - pending.length;
	const pendingJobIds = [...new Set(pending.map((result) => String(result.jobId)))];
	return {
		success: failedCount === 0,
		complete: pending.length === 0,
		status: failedCount > 0 ? 'failed' : pending.length > 0 ? 'pending' : 'created',
		createdCount: objectIds.length,
		objectIds,
		failedCount,
		pendingCount: pending.length,
		pendingJobIds,
		...(pending.length
			? {
					hint: `${pending.length} object(s) are in Kustomer bulk jobs that had not finished: do not send them again. Run Custom Object › Get Bulk Job Result with Bulk Job IDs ${pendingJobIds.join(', ')} (or the expression {{ $json.pendingJobIds }}) to get their IDs.`,
				}
			: {}),
	};
}
