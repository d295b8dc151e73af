import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { kustomerApiRequest, kustomerPath } from './transport';

/**
 * Kustomer's asynchronous bulk flow (kustomer-api.md, Addendum): POST up to 100 items per request,
 * each carrying a `_clientRef`; poll GET /v1/bulk/{id} until the job is complete; read the
 * per-item results from GET /v1/bulk/{id}/batches. One bulk request costs one unit of the rate
 * limit instead of one per record.
 */

export const BULK_LIMIT = 100;

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

/**
 * Sends the items in chunks of at most 100 to `path` (e.g. /v1/klasses/orders/bulk), waits for the
 * jobs, and returns one result per item in input order.
 */
export async function runBulkCreate(
	context: IExecuteSingleFunctions,
	path: string,
	items: IDataObject[],
	options: BulkOptions,
): Promise<BulkItemResult[]> {
	const jobs: string[] = [];
	for (let start = 0; start < items.length; start += BULK_LIMIT) {
		const chunk = items.slice(start, start + BULK_LIMIT);
		const response = await kustomerApiRequest(context, { method: 'POST', url: path, body: chunk, baseURL: options.baseURL });
		const id = ((response.body as IDataObject)?.data as IDataObject | undefined)?.id;
		if (!id) throw new NodeOperationError(context.getNode(), 'Kustomer accepted a bulk request but returned no job ID');
		jobs.push(String(id));
	}

	const results = new Map<string, BulkItemResult>();
	const deadline = Date.now() + options.maxWaitMs;
	for (const job of jobs) {
		let delay = POLL_START_MS;
		for (;;) {
			const status = await kustomerApiRequest(context, {
				method: 'GET',
				url: kustomerPath('/v1/bulk/{id}', { id: job }),
				baseURL: options.baseURL,
			});
			const state = String(((status.body as IDataObject)?.data as IDataObject | undefined)?.attributes
				? (((status.body as IDataObject).data as IDataObject).attributes as IDataObject).status
				: '');
			if (state === 'complete' || state === 'failed') break;
			if (Date.now() + delay > deadline) {
				throw new NodeOperationError(context.getNode(), `Kustomer's bulk job ${job} did not finish within ${Math.round(options.maxWaitMs / 1000)} s`, {
					itemIndex: context.getItemIndex(),
					description: `The job keeps running in Kustomer: its objects may still be created. Check it with GET /v1/bulk/${job} before running again, or raise Max Wait.`,
				});
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

	return items.map((item) => {
		const clientRef = String(item._clientRef);
		return results.get(clientRef) ?? { clientRef, error: 'Kustomer reported no result for this object' };
	});
}
