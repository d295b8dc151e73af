/**
 * POST /v1/customers/search — one endpoint for every object type; `queryContext` picks which (§6).
 * Resource modules contribute SearchContexts; this module only runs the query.
 */
import type { HandlerContext, ResourceModule } from '../context';
import { invalid, listBody, notImplemented, pageOf, type SandboxResponse } from '../envelope';
import { isResponse, readPaging } from '../paging';
import { compileFilter, compileSort, SearchError, type SearchQuery } from '../search';

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
	let matches: unknown[];
	try {
		const filter = compileFilter(body, context);
		const { compare, direction } = compileSort(body.sort, context);
		// ties fall back to creation order, in the direction of the first sort key (desc = newest first)
		matches = context
			.records(ctx.state)
			.filter(filter)
			.map((r, i) => ({ r, i }))
			.sort((a, b) => compare(a.r, b.r) || (a.i - b.i) * direction)
			.map(({ r }) => r);
	} catch (err) {
		if (err instanceof SearchError) return invalid(err.message, { pointer: err.pointer });
		throw err;
	}
	const data = pageOf(matches, paging.page, paging.pageSize).map((r) => context.render(r, ctx.state));
	return {
		status: 200,
		body: listBody(data, { ...paging, total: matches.length, basePath }, { aggregations: {} }),
	};
}

export const searchResource: ResourceModule = {
	name: 'search',
	handlers: {
		CustomerSearch: (ctx) => search(ctx, '/v1/customers/search'),
	},
};
