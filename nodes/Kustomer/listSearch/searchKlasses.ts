import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listSearchPage } from './page';

interface KlassResource {
	id: string;
	attributes?: { name?: string; displayName?: string };
}

/** The Klass list behind the Klass resource locator; a filter matches name or display name. */
export async function searchKlasses(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = filter?.trim().toLowerCase();
	return await listSearchPage<KlassResource>(
		this,
		paginationToken,
		(page) => ({ method: 'GET', url: '/v1/klasses', qs: { page, pageSize: 100, status: 'existing_only' } }),
		(klass) => (klass.attributes?.displayName ? `${klass.attributes.displayName} (${klass.attributes.name})` : (klass.attributes?.name ?? klass.id)),
		(klass) => !text || `${klass.attributes?.name ?? ''} ${klass.attributes?.displayName ?? ''}`.toLowerCase().includes(text),
	);
}
