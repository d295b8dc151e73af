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
	id?: string;
	error?: string;
}

interface BulkOptions {
	baseURL?: string;
	/** Longest time to wait for all jobs to complete. */
	maxWaitMs: number;
}

const POLL_START_MS = 200;
const POLL_MAX_MS = 2000;

function errorText(error: unknown): string {
	if (!error || typeof error !== 'object') return String(error ?? 'failed');
	const entry = error as IDataObject;
	const parts = [entry.title, entry.detail].filter((part) => typeof part === 'string' && part);
	const pointer = ((entry.source as IDataObject | undefined)?.pointer as string | undefined) ?? '';
	return `${parts.join(': ') || 'failed'}${pointer ? ` (${pointer})` : ''}`;
}

/** Reads one batch's per-item results, keyed by _clientRef. */
function readBatchResults(batch: IDataObject, results: Map<string, BulkItemResult>): void {
	const attributes = (batch.attributes as IDataObject | undefined) ?? batch;
	for (const entry of (attributes.results as IDataObject[] | undefined) ?? []) {
		const clientRef = String(entry._clientRef ?? entry.clientRef ?? '');
		if (!clientRef) continue;
		const id = entry.id ?? (entry.data as IDataObject | undefined)?.id;
		results.set(clientRef, id ? { clientRef, id: String(id) } : { clientRef, error: errorText(entry.error ?? entry.errors) });
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

/** Polls one job until it is complete (or failed) and reads its per-item results. */
async function collectJob(
	context: IExecuteSingleFunctions,
	job: string,
	options: BulkOptions,
	deadline: number,
	results: Map<string, BulkItemResult>,
): Promise<void> {
	let delay = POLL_START_MS;
	for (;;) {
		const status = await kustomerApiRequest(context, {
			method: 'GET',
			url: kustomerPath('/v1/bulk/{id}', { id: job }),
			baseURL: options.baseURL,
		});
		const attributes = ((status.body as IDataObject)?.data as IDataObject | undefined)?.attributes as IDataObject | undefined;
		const state = String(attributes?.status ?? '');
		if (state === 'complete' || state === 'failed') break;
		if (Date.now() + delay > deadline) {
			throw new NodeOperationError(context.getNode(), `the job did not finish within ${Math.round(options.maxWaitMs / 1000)} s (raise Max Wait to wait longer)`);
		}
		await sleep(delay);
		delay = Math.min(delay * 2, POLL_MAX_MS);
	}
	const batches = await kustomerApiRequest(context, {
		method: 'GET',
		url: kustomerPath('/v1/bulk/{id}/batches', { id: job }),
		baseURL: options.baseURL,
	});
	const data = (batches.body as IDataObject)?.data;
	for (const batch of (Array.isArray(data) ? data : data ? [data] : []) as IDataObject[]) readBatchResults(batch, results);
}

/**
 * Sends the items in chunks of at most 100 (and 100 kB) to `path` (e.g. /v1/klasses/orders/bulk), waits for the
 * jobs, and returns one result per item in input order.
 *
 * All chunks are posted at once and their jobs polled side by side; the per-host gate in retry.ts
 * bounds how many requests are in flight. When no chunk is accepted the item fails with that error,
 * as for any single request. Once one is accepted, objects have been sent: from then on a failed
 * chunk or an unfinished job becomes an error on each of its own objects, next to the IDs of the
 * others, so the output says what was created and nothing needs to be sent twice.
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
	const failChunk = (chunk: IDataObject[], error: string) => {
		for (const item of chunk) results.set(String(item._clientRef), { clientRef: String(item._clientRef), error });
	};
	await Promise.all(
		submitted.map(async (outcome, index) => {
			if (outcome.status === 'rejected') {
				failChunk(chunks[index], `Bulk request failed: ${failureText(outcome.reason)}`);
				return;
			}
			const job = outcome.value;
			try {
				await collectJob(context, job, options, deadline, results);
			} catch (error) {
				failChunk(
					chunks[index],
					`Bulk job ${job}: ${failureText(error)}. Its objects may still be created: check GET /v1/bulk/${job} before sending them again.`,
				);
			}
		}),
	);

	return items.map((item) => {
		const clientRef = String(item._clientRef);
		return results.get(clientRef) ?? { clientRef, error: 'Kustomer reported no result for this object' };
	});
}
