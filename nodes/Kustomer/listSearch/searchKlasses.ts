import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { kustomerApiRequest } from '../shared/transport';

/** The Klass list behind the Klass resource locator; a filter matches name or display name. */
export async function searchKlasses(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Math.max(1, Number(paginationToken) || 1);
	const response = await kustomerApiRequest(this, {
		method: 'GET',
		url: '/v1/klasses',
		qs: { page, pageSize: 100, status: 'existing_only' },
	});
	const body = response.body as IDataObject;
	const klasses = (body?.data as Array<{ id: string; attributes?: { name?: string; displayName?: string } }> | undefined) ?? [];
	const text = filter?.trim().toLowerCase();
	return {
		results: klasses
			.filter((klass) => !text || `${klass.attributes?.name ?? ''} ${klass.attributes?.displayName ?? ''}`.toLowerCase().includes(text))
			.map((klass) => ({
				name: klass.attributes?.displayName ? `${klass.attributes.displayName} (${klass.attributes.name})` : (klass.attributes?.name ?? klass.id),
				value: klass.id,
			})),
		paginationToken: (body?.links as IDataObject | undefined)?.next && klasses.length ? String(page + 1) : undefined,
	};
}
