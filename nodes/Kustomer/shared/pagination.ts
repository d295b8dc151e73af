import { NodeOperationError } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { applyOutput, toKustomerRequest } from './routing';
import { kustomerApiRequest } from './transport';

/**
 * The one pagination module. Kustomer lists take `page` and `pageSize` (1-based, at most 100 per
 * page) and answer with `links.next`, a host-relative `/v1/...` path, or null on the last page
 * (kustomer-api.md §3). Return All follows `links.next`; Limit stops as soon as enough records came.
 */

export const MAX_PAGE_SIZE = 100;

function nextLink(body: unknown): string | undefined {
	const next = (body as { links?: { next?: unknown } } | undefined)?.links?.next;
	return typeof next === 'string' && next ? next : undefined;
}

/** Pagination hook for list operations (attached through operationRouting's `execute`). */
export async function paginateKustomerList(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', false) as boolean;
	const limit = returnAll ? Infinity : Math.max(1, Number(this.getNodeParameter('limit', 50)));
	const request = toKustomerRequest(requestData);
	request.qs = {
		...(request.qs ?? {}),
		page: 1,
		pageSize: Number.isFinite(limit) ? Math.min(limit, MAX_PAGE_SIZE) : MAX_PAGE_SIZE,
	};

	const results: INodeExecutionData[] = [];
	const seenLinks = new Set<string>();
	for (;;) {
		const response = await kustomerApiRequest(this, request);
		const pageItems = await applyOutput(this, requestData, response);
		results.push(...pageItems);
		if (results.length >= limit) return results.slice(0, limit);

		const next = nextLink(response.body);
		const pageData = (response.body as IDataObject | undefined)?.data;
		if (!next || (Array.isArray(pageData) && pageData.length === 0)) return results;
		// Only ever follow a link on the same host and API version, and never loop.
		if (!next.startsWith('/v1/') || seenLinks.has(next)) {
			throw new NodeOperationError(this.getNode(), `Kustomer returned an unexpected next-page link: ${next}`, {
				itemIndex: this.getItemIndex(),
			});
		}
		seenLinks.add(next);
		request.url = next;
		request.qs = undefined;
	}
}

/** Return All and Limit, the n8n way, for one list operation. */
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
