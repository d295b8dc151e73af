import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { kustomerApiRequest, type KustomerRequest } from '../shared/transport';

export interface ListedRecord {
	id: string;
	attributes?: IDataObject;
}

/**
 * One page of a resource locator's list: the request for the page n8n asks for (its pagination
 * token is the page number), the records as the list shows them, and the next page's token while
 * Kustomer links a next page.
 */
export async function listSearchPage<R extends ListedRecord>(
	context: ILoadOptionsFunctions,
	paginationToken: string | undefined,
	request: (page: number) => KustomerRequest,
	label: (record: R) => string,
	keep: (record: R) => boolean = () => true,
): Promise<INodeListSearchResult> {
	const page = Math.max(1, Number(paginationToken) || 1);
	const body = (await kustomerApiRequest(context, request(page))).body as IDataObject;
	const records = (body?.data as R[] | undefined) ?? [];
	const next = (body?.links as IDataObject | undefined)?.next;
	return {
		results: records.filter(keep).map((record) => ({ name: label(record), value: record.id })),
		paginationToken: next && records.length ? String(page + 1) : undefined,
	};
}
