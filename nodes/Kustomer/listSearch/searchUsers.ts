import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listSearchPage } from './page';

interface UserResource {
	id: string;
	attributes?: { name?: string; displayName?: string; email?: string };
}

/** The user list behind the User resource locator; a filter matches name, display name or email. */
export async function searchUsers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const text = filter?.trim().toLowerCase();
	return await listSearchPage<UserResource>(
		this,
		paginationToken,
		(page) => ({ method: 'GET', url: '/v1/users', qs: { page, pageSize: 100 } }),
		({ id, attributes: a }) => {
			const name = a?.displayName || a?.name || a?.email || id;
			return a?.email && a.email !== name ? `${name} (${a.email})` : name;
		},
		({ attributes: a }) => !text || `${a?.name ?? ''} ${a?.displayName ?? ''} ${a?.email ?? ''}`.toLowerCase().includes(text),
	);
}
