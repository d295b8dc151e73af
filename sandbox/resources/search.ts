/**
 * POST /v1/customers/search — one endpoint for every object type; `queryContext` picks which (§6).
 * Resource modules contribute SearchContexts; this module only runs the query, over the cached column
 * store of searchIndex.ts so a page over tens of thousands of records costs a single scan.
 */
import type { HandlerContext, ResourceModule } from '../context';
import { invalid, listBody, notImplemented, type SandboxResponse } from '../envelope';
import { isResponse, readPaging } from '../paging';
import { ALWAYS, compileFilter, compileSort, SearchError, type RowPredicate, type SearchQuery } from '../search';
import { searchTable } from '../searchIndex';

/** Kustomer serves at most 100 pages of any search (§6.2). */
export const SEARCH_MAX_PAGE = 100;
export const SEARCH_PAGE_SIZE = 100;

function search(ctx: HandlerContext, basePath: string): SandboxResponse {
	const paging = readPaging(ctx.query, { defaultPageSize: SEARCH_PAGE_SIZE, maxPage: SEARCH_MAX_PAGE });
	if (isResponse(paging)) return paging;
	const body = (ctx.body ?? {}) as SearchQuery & { queryContext?: string };
	// the endpoint lives under /customers, and customers are what it returns when no context is given
	const queryContext = body.queryContext ?? 'customer';
	const context = ctx.registry.searchContexts.get(queryContext);
	if (!context) return notImplemented(`search with queryContext "${queryContext}" is not implemented by the sandbox yet`);
	const table = searchTable(context, ctx.state);
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
};
