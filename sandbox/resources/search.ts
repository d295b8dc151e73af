/**
 * POST /v1/customers/search — one endpoint for every object type; `queryContext` picks which (https://developer.kustomer.com/docs/concepts/search).
 * Resource modules contribute SearchContexts; this module only runs the query, over the cached column
 * store of searchIndex.ts so a page over tens of thousands of records costs a single scan.
 */
import type { HandlerContext, ResourceModule, SearchContext } from '../context';
import type { StoredRecord } from '../store';
import { errorResponse, invalid, listBody, notImplemented, type SandboxResponse } from '../envelope';
import { isResponse, readPaging } from '../paging';
import { ALWAYS, compileFilter, compileSort, SearchError, type RowPredicate, type SearchQuery } from '../search';
import { searchTable } from '../searchIndex';
import { kobjectSearch, messageSearch, noteSearch } from './recordSearch';

/** Kustomer serves at most 100 pages of any search (https://developer.kustomer.com/kustomer-api-docs/reference/customersearch). */
export const SEARCH_MAX_PAGE = 100;
export const SEARCH_PAGE_SIZE = 100;
/** Search pages hold up to 500 records (100 for most lists) (https://developer.kustomer.com/docs/concepts/pagination). */
export const SEARCH_MAX_PAGE_SIZE = 500;

function search(ctx: HandlerContext, basePath: string): SandboxResponse {
	// API keys search at most 100 times a minute, apart from the org budget
	// (https://developer.kustomer.com/docs/concepts/rate-limits); see SearchRateLimiter.
	const rate = ctx.state.searchLimiter?.consume(ctx.principal.key, ctx.state.store.clock.currentMs()) ?? { allowed: true, headers: {} };
	if (!rate.allowed) {
		const { limit, windowMs } = ctx.state.searchLimiter!.current;
		const refused = errorResponse(429, 'too_many_requests', 'Too Many Requests', {
			detail: `search rate limit of ${limit} searches per ${windowMs} ms for this API key exceeded`,
		});
		return { ...refused, headers: { ...(refused.headers ?? {}), ...rate.headers } };
	}
	const answer = answerSearch(ctx, basePath);
	return { ...answer, headers: { ...(answer.headers ?? {}), ...rate.headers } };
}

/** The same search context over live and deleted records (live first, in creation order, then the deleted ones in order of deletion). */
function withDeleted(context: SearchContext<StoredRecord>): SearchContext<StoredRecord> {
	return {
		...context,
		records: (state) => {
			const deleted = state.store.tombstones.get(context.queryContext);
			if (!deleted?.size) return context.records(state);
			return new Map([...context.records(state), ...deleted]);
		},
	};
}

function answerSearch(ctx: HandlerContext, basePath: string): SandboxResponse {
	const paging = readPaging(ctx.query, { defaultPageSize: SEARCH_PAGE_SIZE, maxPage: SEARCH_MAX_PAGE, maxPageSize: SEARCH_MAX_PAGE_SIZE });
	if (isResponse(paging)) return paging;
	const body = (ctx.body ?? {}) as SearchQuery & { queryContext?: string; includeDeleted?: boolean };
	// the endpoint lives under /customers, and customers are what it returns when no context is given
	const queryContext = body.queryContext ?? 'customer';
	const context =
		ctx.registry.searchContexts.get(queryContext) ?? (queryContext.startsWith('kobject_') ? kobjectSearch(queryContext, ctx.state) : undefined);
	if (!context && queryContext.startsWith('kobject_')) {
		return invalid(`queryContext "${queryContext}": no Klass named "${queryContext.slice('kobject_'.length)}"`, { pointer: '/queryContext' });
	}
	if (!context) return notImplemented(`search with queryContext "${queryContext}" is not implemented by the sandbox yet`);
	// includeDeleted (https://developer.kustomer.com/docs/concepts/search) adds the deleted records (store.tombstone)
	const table = body.includeDeleted === true ? searchTable(withDeleted(context), ctx.state, `${queryContext}+deleted`) : searchTable(context, ctx.state);
	let filter: RowPredicate;
	let order: number[] | undefined;
	try {
		filter = compileFilter(body, context, table);
		order = table.order(compileSort(body.sort, context));
	} catch (err) {
		if (err instanceof SearchError) return invalid(err.message, { pointer: err.pointer });
		throw err;
	}
	// one pass: count every match, keep only the rows of the requested page
	const first = (paging.page - 1) * paging.pageSize;
	const pageRows: number[] = [];
	let total = 0;
	const rows = table.records.length;
	for (let i = 0; i < rows; i++) {
		const row = order ? order[i] : i;
		if (filter !== ALWAYS && !filter(row)) continue;
		if (total >= first && pageRows.length < paging.pageSize) pageRows.push(row);
		total++;
	}
	const data = pageRows.map((row) => context.render(table.records[row], ctx.state));
	return {
		status: 200,
		body: listBody(data, { ...paging, total, basePath }, { aggregations: {} }),
	};
}

export const searchResource: ResourceModule = {
	name: 'search',
	handlers: {
		CustomerSearch: (ctx) => search(ctx, '/v1/customers/search'),
	},
	searchContexts: [messageSearch, noteSearch],
};
