/** page / pageSize query parameters as Kustomer's list endpoints read them (https://developer.kustomer.com/docs/concepts/pagination, https://developer.kustomer.com/kustomer-api-docs/reference/customersearch). */
import { invalid, listBody, pageOf, type ResourceObject, type SandboxResponse } from './envelope';

export interface Paging {
	page: number;
	pageSize: number;
}

export interface PagingRules {
	defaultPageSize: number;
	/** Hard cap on the page number (search: 100). */
	maxPage?: number;
	maxPageSize?: number;
}

function positiveInt(raw: string | undefined, fallback: number): number | undefined {
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** Paging, or the 400 to answer. The spec only types these as numbers; integers >= 1 are enforced here. */
export function readPaging(query: Record<string, string>, rules: PagingRules): Paging | SandboxResponse {
	const page = positiveInt(query.page, 1);
	if (page === undefined) return invalid('page must be an integer >= 1', { parameter: 'page' });
	const pageSize = positiveInt(query.pageSize, rules.defaultPageSize);
	if (pageSize === undefined) return invalid('pageSize must be an integer >= 1', { parameter: 'pageSize' });
	if (rules.maxPage !== undefined && page > rules.maxPage) {
		return invalid(
			`page must be at most ${rules.maxPage}`,
			{ parameter: 'page' },
			`Results are limited to ${rules.maxPage} pages; narrow the query (e.g. split it into ranges of <object>_updated_at with gte and lt) instead of paging further.`,
		);
	}
	if (rules.maxPageSize !== undefined && pageSize > rules.maxPageSize) {
		return invalid(`pageSize must be at most ${rules.maxPageSize}`, { parameter: 'pageSize' });
	}
	return { page, pageSize };
}

export function isResponse(value: Paging | SandboxResponse): value is SandboxResponse {
	return 'status' in value;
}

/** Default page size of Kustomer's list endpoints (https://developer.kustomer.com/docs/concepts/pagination). */
export const LIST_PAGE_SIZE = 100;

/**
 * The 200 reply of a plain list endpoint: one page of `items` (already in answer order) rendered, with meta
 * and links. `keep` are query parameters repeated in every link (e.g. sort=desc).
 */
export function pagedList<R>(
	query: Record<string, string>,
	items: R[],
	render: (item: R) => ResourceObject,
	basePath: string,
	keep: Record<string, string> = {},
): SandboxResponse {
	const paging = readPaging(query, { defaultPageSize: LIST_PAGE_SIZE });
	if (isResponse(paging)) return paging;
	const data = pageOf(items, paging.page, paging.pageSize).map(render);
	return { status: 200, body: listBody(data, { ...paging, total: items.length, basePath, query: keep }) };
}
