import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listSearchPage } from './page';

interface CompanyResource {
	id: string;
	attributes?: { name?: string; externalId?: string };
}

/**
 * The company list behind the Company resource locator: GET /v1/companies, filtered by name when
 * a filter is typed (Kustomer's `filter` query, https://developer.kustomer.com/api/core-resources/get-companies).
 */
export async function searchCompanies(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = filter?.trim();
	return await listSearchPage<CompanyResource>(
		this,
		paginationToken,
		(page) => ({ method: 'GET', url: '/v1/companies', qs: { page, pageSize: 50, ...(text ? { filter: text } : {}) } }),
		(company) => {
			const name = company.attributes?.name || company.id;
			const externalId = company.attributes?.externalId;
			return externalId ? `${name} (${externalId})` : name;
		},
	);
}
