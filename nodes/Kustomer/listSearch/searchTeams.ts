import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listSearchPage } from './page';

interface TeamResource {
	id: string;
	attributes?: { name?: string; displayName?: string };
}

/** The team list behind the Team resource locator; a filter matches name or display name. */
export async function searchTeams(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const text = filter?.trim().toLowerCase();
	return await listSearchPage<TeamResource>(
		this,
		paginationToken,
		(page) => ({ method: 'GET', url: '/v1/teams', qs: { page, pageSize: 100 } }),
		({ id, attributes: a }) => a?.displayName || a?.name || id,
		({ attributes: a }) => !text || `${a?.name ?? ''} ${a?.displayName ?? ''}`.toLowerCase().includes(text),
	);
}
