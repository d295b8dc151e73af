import { NodeOperationError } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
	IN8nHttpFullResponse,
	INodeProperties,
} from 'n8n-workflow';

import { coerce, fieldError, parameter } from './parameters';
import type { KustomerContext, KustomerRequest } from './request';
import { applyOutput, toKustomerRequest } from './routing';
import { kustomerApiRequest } from './transport';
import { toFiniteNumber } from './values';

/**
 * The one pagination module. Kustomer lists take `page` and `pageSize` (1-based, at most 100 per
 * page) and answer with `links.next`, a host-relative `/v1/...` path, or null on the last page
 * (https://developer.kustomer.com/docs/concepts/pagination). Return All follows `links.next`; Limit stops as soon as enough records came.
 */

export const MAX_PAGE_SIZE = 100;

/** Kustomer's `links.next` of a list answer, when there is a next page. */
export function nextLink(body: unknown): string | undefined {
	const next = (body as { links?: { next?: unknown } } | undefined)?.links?.next;
	return typeof next === 'string' && next ? next : undefined;
}

/**
 * The one pager of Kustomer's lists: yields each page's answer, starting at `request` (page 1 of
 * `pageSize`), following `links.next` until there is none or a page comes back empty, at most
 * `maxPages` pages. A next link is only followed on the same host and API version, and never twice.
 */
export async function* kustomerPages(
	context: KustomerContext,
	start: KustomerRequest,
	pageSize: number,
	maxPages = Infinity,
): AsyncGenerator<IN8nHttpFullResponse> {
	const request: KustomerRequest = { ...start, qs: { ...(start.qs ?? {}), page: 1, pageSize } };
	const seenLinks = new Set<string>();
	for (let page = 1; page <= maxPages; page++) {
		const response = await kustomerApiRequest(context, request);
		yield response;
		const next = nextLink(response.body);
		const pageData = (response.body as IDataObject | undefined)?.data;
		if (!next || (Array.isArray(pageData) && pageData.length === 0)) return;
		if (!next.startsWith('/v1/') || seenLinks.has(next)) {
			throw new NodeOperationError(context.getNode(), `Kustomer returned an unexpected next-page link: ${next}`);
		}
		seenLinks.add(next);
		request.url = next;
		request.qs = undefined;
	}
}

/** Pagination hook for list operations (attached through operationRouting's `execute`). */
export async function paginateKustomerList(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const limit = wantedRecords(this);
	const pageSize = Number.isFinite(limit) ? Math.min(limit, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
	const results: INodeExecutionData[] = [];
	for await (const response of kustomerPages(this, toKustomerRequest(requestData), pageSize)) {
		results.push(...(await applyOutput(this, requestData, response)));
		if (results.length >= limit) return results.slice(0, limit);
	}
	return results;
}

/** Return All and Limit, the n8n way, for one list operation. */
/** How many records Return All / Limit asks for: Infinity for Return All. The one reading of the two. */
export function wantedRecords(context: IExecuteSingleFunctions): number {
	if (parameter(context, 'returnAll', false) as boolean) return Infinity;
	const limit = coerce(context, 'Limit', parameter(context, 'limit', 50), toFiniteNumber);
	if (!Number.isInteger(limit) || limit < 1) throw fieldError(context, 'Limit', `must be a whole number of at least 1 (got ${limit})`);
	return limit;
}

export function returnAllAndLimit(show: Record<string, string[]>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions: { show },
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			displayOptions: { show: { ...show, returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

/**
 * Search paging (POST /v1/customers/search). A search page holds up to 500 records, against 100 for
 * most lists (https://developer.kustomer.com/docs/concepts/pagination), and Kustomer serves at most
 * 100 pages of one query (https://developer.kustomer.com/docs/guides/search-recipes).
 */
export const MAX_SEARCH_PAGE_SIZE = 500;
export const MAX_SEARCH_PAGES = 100;
/** Conditions the paginator may add to the `and` group: a time range (gte, lt) on `<object>_updated_at`. */
export const SEARCH_WINDOW_CONDITIONS = 2;

/** The prefix of a query context's standard attributes: `kobject` for every `kobject_<klass>`. */
export function searchAttributePrefix(queryContext: string): string {
	return queryContext.startsWith('kobject_') ? 'kobject' : queryContext;
}

/** Whether a search of this operation may go past the 100-page cap (and so add its time range). */
export function searchMayWindow(limit: number): boolean {
	return limit > MAX_SEARCH_PAGES * MAX_SEARCH_PAGE_SIZE;
}

/** A range of `<object>_updated_at` in epoch ms: from (gte, inclusive) to (lt, exclusive); open where undefined. */
export interface TimeWindow {
	from?: number;
	to?: number;
}

/** Safety net: a query this fragmented means something is wrong with the answers, not the data. */
const MAX_WINDOWS = 1000;

function asList(group: unknown): IDataObject[] {
	if (Array.isArray(group)) return group as IDataObject[];
	return group && typeof group === 'object' ? [group as IDataObject] : [];
}

export function windowBody(query: IDataObject, updatedAt: string, window: TimeWindow): IDataObject {
	const range: IDataObject[] = [];
	if (window.from !== undefined) range.push({ [updatedAt]: { gte: new Date(window.from).toISOString() } });
	if (window.to !== undefined) range.push({ [updatedAt]: { lt: new Date(window.to).toISOString() } });
	return range.length ? { ...query, and: [...asList(query.and), ...range] } : query;
}

/**
 * Splits a window that holds more matches than one query can page through, at the middle of its
 * time span. An open end takes its bound from the update times of the window's first page. Returns
 * undefined when the window is a single millisecond: its matches cannot be told apart by time.
 */
export function splitWindow(window: TimeWindow, times: number[]): [TimeWindow, TimeWindow] | undefined {
	const seen = times.filter(Number.isFinite);
	const lo = window.from ?? (seen.length ? Math.min(...seen) : undefined);
	const hi = window.to ?? (seen.length ? Math.max(...seen) + 1 : undefined);
	if (lo === undefined || hi === undefined) return undefined;
	let middle = Math.max(lo + 1, Math.floor((lo + hi) / 2));
	if (window.to !== undefined && middle >= window.to) {
		if (window.from !== undefined) return undefined;
		// (-inf, to) whose first page is all at to - 1 ms: split off what is older
		middle = lo;
	}
	return [
		{ from: window.from, to: middle },
		{ from: middle, to: window.to },
	];
}

/**
 * Pagination hook of Search. Pages of up to 500; Limit stops as soon as enough records came. When a
 * query matches more than 100 pages hold (meta.total), Return All splits it into time windows on
 * `<object>_updated_at` (gte / lt, both documented operators; no sort, which Kustomer allows on a
 * few customer attributes only), halving any window that still holds too many, and pages through
 * each window, oldest first. Windows do not overlap and together cover every time, and a repeated id
 * is dropped, so no match comes back twice; a record updated during the run moves to the last window
 * (kept open-ended and read last). Pages within a window are offsets: a record that leaves a window
 * while it is being read can shift another one past a page boundary, so a run over records that
 * change meanwhile is not guaranteed to see each of them.
 */
export async function paginateSearch(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const limit = wantedRecords(this);
	const request = toKustomerRequest(requestData);
	const query = { ...(request.body as IDataObject) };
	const updatedAt = `${searchAttributePrefix(String(query.queryContext))}_updated_at`;
	const pageSize = Number.isFinite(limit) ? Math.min(limit, MAX_SEARCH_PAGE_SIZE) : MAX_SEARCH_PAGE_SIZE;
	const cap = MAX_SEARCH_PAGES * pageSize;
	const mayWindow = searchMayWindow(limit);

	const results: INodeExecutionData[] = [];
	const seen = new Set<string>();
	/** Pages through one window; returns the first page's update times when the window holds more than the cap. */
	const readWindow = async (window: TimeWindow): Promise<number[] | undefined> => {
		const body = windowBody(query, updatedAt, window);
		for (let page = 1; page <= MAX_SEARCH_PAGES; page++) {
			const response = await kustomerApiRequest(this, { ...request, qs: { page, pageSize }, body });
			const answer = (response.body ?? {}) as IDataObject;
			const data = (answer.data as IDataObject[] | undefined) ?? [];
			const total = Number((answer.meta as IDataObject | undefined)?.total);
			if (page === 1 && mayWindow && total > cap) {
				return data.map((record) => Date.parse(String((record.attributes as IDataObject | undefined)?.updatedAt)));
			}
			const items = await applyOutput(this, requestData, response);
			data.forEach((record, index) => {
				const id = String(record.id);
				if (seen.has(id)) return;
				seen.add(id);
				if (items[index]) results.push(items[index]);
			});
			if (results.length >= limit) return undefined;
			const next = (answer.links as IDataObject | undefined)?.next;
			if (!next || !data.length) return undefined;
		}
		// Still more after Kustomer's last page, though its total did not say so: never stop silently.
		throw new NodeOperationError(
			this.getNode(),
			`Kustomer served its ${MAX_SEARCH_PAGES} pages of this search and has more matches, but gave no total to split the search by`,
			{
				itemIndex: this.getItemIndex(),
				description: `The ${results.length} matches read so far are not output, so none is missed unknowingly. Narrow the search (for example by a date filter) and run it in parts.`,
			},
		);
	};

	// Windows still to read, the oldest last (popped first).
	const windows: TimeWindow[] = [{}];
	let read = 0;
	while (windows.length) {
		const window = windows.pop()!;
		const tooMany = await readWindow(window);
		if (results.length >= limit) return results.slice(0, limit);
		if (!tooMany) continue;
		if (query.sort) {
			throw new NodeOperationError(this.getNode(), `The search matches more than Kustomer returns for one sorted query (${MAX_SEARCH_PAGES} pages of ${pageSize})`, {
				itemIndex: this.getItemIndex(),
				description: 'Remove the sort to get every match (the node then reads them in time windows), or narrow the filters.',
			});
		}
		const halves = splitWindow(window, tooMany);
		if (!halves || ++read > MAX_WINDOWS) {
			const at = window.from === undefined ? '' : ` (${new Date(window.from).toISOString()})`;
			throw new NodeOperationError(this.getNode(), `More than ${cap} matches share the same ${updatedAt}${at}; Kustomer cannot page past them`, {
				itemIndex: this.getItemIndex(),
				description: 'Narrow the filters so fewer records share one update time.',
			});
		}
		windows.push(halves[1], halves[0]);
	}
	return results;
}
