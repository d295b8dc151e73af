import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listSearchPage } from './page';

interface CustomerResource {
	id: string;
	attributes?: { displayName?: string; name?: string; emails?: Array<{ email?: string }> };
}

const PAGE_SIZE = 50;

function label(customer: CustomerResource): string {
	const attributes = customer.attributes ?? {};
	const name = attributes.displayName || attributes.name || customer.id;
	const email = attributes.emails?.[0]?.email;
	return email && email !== name ? `${name} (${email})` : name;
}

/**
 * The customer list behind the Customer resource locator. Without a filter it pages through
 * GET /v1/customers; with one it asks Kustomer's search for customers whose name contains it or
 * whose email or external ID equals it.
 */
export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = filter?.trim();
	return await listSearchPage<CustomerResource>(
		this,
		paginationToken,
		(page) =>
			text
				? {
						method: 'POST',
						url: '/v1/customers/search',
						qs: { page, pageSize: PAGE_SIZE },
						body: {
							queryContext: 'customer',
							or: [
								{ customer_name: { contains: text } },
								{ customer_email: { equals: text } },
								{ customer_externalId: { equals: text } },
							],
							sort: [{ customer_updated_at: 'desc' }],
						},
					}
				: { method: 'GET', url: '/v1/customers', qs: { page, pageSize: PAGE_SIZE } },
		label,
	);
}
