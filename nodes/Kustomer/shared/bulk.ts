import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { fieldError, parameter } from './parameters';
import { plainText, shown } from './values';
import { MAX_BODY_BYTES, bodyBytes, kustomerApiRequest, kustomerPath } from './transport';

/**
 * Kustomer's asynchronous bulk flow (https://developer.kustomer.com/docs/guides/bulk-operations): POST (or PUT, for
 * updates) up to 100 items per request to /v1/klasses/{name}/bulk or /v1/customers/bulk,
 * each carrying a `_clientRef`; poll GET /v1/bulk/{id} until the job is complete; read the
 * per-item results from GET /v1/bulk/{id}/batches. One bulk request costs one unit of the rate
 * limit instead of one per record.
 */

export const BULK_LIMIT = 100;

/**
 * What a bulk run does, for its results and texts: the records it is about, what the jobs do to them,
 * and the operation that picks up jobs left pending.
 */
export interface BulkWording {
	noun: 'object' | 'customer';
	verb: 'create' | 'update';
	/** The output's key for the IDs of the records done (objectIds, customerIds). */
	idsKey: string;
	pickUp: string;
}

export const OBJECT_CREATE: BulkWording = { noun: 'object', verb: 'create', idsKey: 'objectIds', pickUp: 'Custom Object › Get Bulk Job Result' };
export const CUSTOMER_CREATE: BulkWording = { noun: 'customer', verb: 'create', idsKey: 'customerIds', pickUp: 'Customer › Get Bulk Job Result' };
export const CUSTOMER_UPDATE: BulkWording = { ...CUSTOMER_CREATE, verb: 'update' };

/** created / updated */
const done = (wording: BulkWording): string => `${wording.verb}d`;

/** An array given as it is, or JSON text to parse; `label` names where it came from in errors. */
function parseItems(context: IExecuteSingleFunctions, label: string, raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw || '[]');
	} catch (error) {
		throw fieldError(context, label, `is not valid JSON: ${(error as Error).message}`);
	}
}

/** The parameters a bulk operation reads its records from, and their labels. */
export interface BulkItemsSource {
	/** Parameter choosing where the records come from: inputField or json. */
	from: string;
	fromLabel: string;
	/** Parameter naming the input item's field (and its default). */
	field: string;
	fieldDefault: string;
	/** Parameter holding the JSON array. */
	json: string;
	label: string;
	/** Plural noun for hints, e.g. objects. */
	noun: string;
}

/**
 * The records and the label their errors carry: from the JSON parameter, or from a field of the
 * input item, read as it is. An expression over a large array is evaluated by n8n for every
 * top-level property walk (three times per item from n8n 2.40), which costs more than the whole
 * bulk run for 1,000 records; reading the field costs nothing.
 */
export function readBulkItems(context: IExecuteSingleFunctions, source: BulkItemsSource): { items: unknown; label: string } {
	const from = parameter(context, source.from, 'json');
	if (from === 'json') return { items: parseItems(context, source.label, parameter(context, source.json, '[]')), label: source.label };
	if (from !== 'inputField') throw fieldError(context, source.fromLabel, `is ${shown(from)}; choose Input Field or JSON`);
	const field = plainText(parameter(context, source.field, source.fieldDefault));
	if (!field) throw fieldError(context, 'Input Field Name', 'is empty', `Name the input field that holds the array of ${source.noun}, e.g. ${source.fieldDefault}.`);
	let value: unknown = context.getInputData().json;
	for (const part of field.split('.')) value = value && typeof value === 'object' ? (value as IDataObject)[part] : undefined;
	const label = `Input field "${field}"`;
	if (value === undefined || value === null) {
		throw fieldError(
			context,
			label,
			'is not in the input item',
			`Name the field that holds the array of ${source.noun} (dots reach nested fields, e.g. order.${source.fieldDefault}), or choose ${source.fromLabel}: JSON.`,
		);
	}
	return { items: parseItems(context, label, value), label };
}

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
async function submitJob(context: IExecuteSingleFunctions, method: 'POST' | 'PUT', path: string, chunk: IDataObject[], baseURL?: string): Promise<string> {
	const response = await kustomerApiRequest(context, { method, url: path, body: chunk, baseURL });
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
	/** The job's request as Kustomer holds it (payload.api.method / path), where it says. */
	method?: string;
	path?: string;
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
			const api = (attributes?.payload as IDataObject | undefined)?.api as IDataObject | undefined;
			if (Array.isArray(api?.data)) followed.items = api.data as IDataObject[];
			if (typeof api?.method === 'string') followed.method = api.method;
			if (typeof api?.path === 'string') followed.path = api.path;
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

/** What a record of a pending job carries: the job, and that it must not be sent again. */
export function pendingText(job: string, reason: string, wording: BulkWording = OBJECT_CREATE): string {
	return `Bulk job ${job}: ${reason}. Kustomer may still ${wording.verb} this ${wording.noun}: do not send it again; check the job later with ${wording.pickUp} (Bulk Job IDs: ${job}).`;
}

/** The wording of a job as Kustomer describes it (its method and path), for Get Bulk Job Result. */
export function wordingOf(job: FollowedJob): BulkWording {
	if (!job.path || !/^\/v1\/customers\/bulk\b/.test(job.path)) return OBJECT_CREATE;
	return String(job.method).toUpperCase() === 'PUT' ? CUSTOMER_UPDATE : CUSTOMER_CREATE;
}

/**
 * Sends the items in chunks of at most 100 (and 100 kB) to `path` (e.g. /v1/klasses/orders/bulk, or
 * /v1/customers/bulk with POST to create and PUT to update), waits for the jobs, and returns one result
 * per item in input order.
 *
 * All chunks are posted at once and their jobs polled side by side; the per-host gate in retry.ts
 * bounds how many requests are in flight. When no chunk is accepted the item fails with that error,
 * as for any single request. Once one is accepted, records have been sent: from then on a failed
 * chunk becomes an error on each of its own records, and a job without results by Max Wait leaves
 * its records pending (with the job's ID), next to the IDs of the others, so the output says what
 * was done and nothing needs to be sent twice.
 */
export async function runBulk(
	context: IExecuteSingleFunctions,
	request: { method: 'POST' | 'PUT'; path: string; wording: BulkWording; label: string },
	items: IDataObject[],
	options: BulkOptions,
): Promise<BulkItemResult[]> {
	const deadline = Date.now() + options.maxWaitMs;
	const chunks = bulkChunks(context, items, request.label);

	const submitted = await Promise.allSettled(chunks.map(async (chunk) => await submitJob(context, request.method, request.path, chunk, options.baseURL)));
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
				const result =
					followed.pending === undefined ? followed.results.get(clientRef) : { clientRef, jobId: job, pending: pendingText(job, followed.pending, request.wording) };
				if (result) results.set(clientRef, result);
			}
		}),
	);

	return items.map((item) => {
		const clientRef = String(item._clientRef);
		return results.get(clientRef) ?? { clientRef, error: `Kustomer reported no result for this ${request.wording.noun}` };
	});
}

/** A record's result as the output shows it: its status (created, updated, pending, failed), then its ID, error or pending job. */
export function bulkResultFields(result: BulkItemResult, wording: BulkWording = OBJECT_CREATE): IDataObject {
	if (result.id) return { status: done(wording), id: result.id, ...(result.jobId ? { jobId: result.jobId } : {}) };
	if (result.pending) return { status: 'pending', jobId: result.jobId, pending: result.pending };
	return { status: 'failed', error: result.error ?? 'failed', ...(result.jobId ? { jobId: result.jobId } : {}) };
}

/**
 * The counts over a run's records. `success` is false only when a record failed; a pending record
 * did not fail (its job may still carry it out), so it sets `complete` false, `status` "pending" and
 * lists its job in `pendingJobIds`, for Get Bulk Job Result to pick up.
 */
export function bulkSummary(results: BulkItemResult[], wording: BulkWording = OBJECT_CREATE): IDataObject {
	const ids = results.flatMap((result) => (result.id ? [result.id] : []));
	const pending = results.filter((result) => !result.id && result.pending);
	const failedCount = results.length - ids.length - pending.length;
	const pendingJobIds = [...new Set(pending.map((result) => String(result.jobId)))];
	return {
		success: failedCount === 0,
		complete: pending.length === 0,
		status: failedCount > 0 ? 'failed' : pending.length > 0 ? 'pending' : done(wording),
		[`${done(wording)}Count`]: ids.length,
		[wording.idsKey]: ids,
		failedCount,
		pendingCount: pending.length,
		pendingJobIds,
		...(pending.length
			? {
					hint: `${pending.length} ${wording.noun}(s) are in Kustomer bulk jobs that had not finished: do not send them again. Run ${wording.pickUp} with Bulk Job IDs ${pendingJobIds.join(', ')} (or the expression {{ $json.pendingJobIds }}) to get their IDs.`,
				}
			: {}),
	};
}
