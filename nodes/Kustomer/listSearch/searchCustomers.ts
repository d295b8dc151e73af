import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { kustomerApiRequest } from '../shared/transport';

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
	const page = Math.max(1, Number(paginationToken) || 1);
	const text = filter?.trim();
	const response = text
		? await kustomerApiRequest(this, {
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
			})
		: await kustomerApiRequest(this, {
				method: 'GET',
				url: '/v1/customers',
				qs: { page, pageSize: PAGE_SIZE },
			});
	const body = response.body as IDataObject;
	const customers = (body?.data as CustomerResource[] | undefined) ?? [];
	const next = (body?.links as IDataObject | undefined)?.next;
	return {
		results: customers.map((customer) => ({ name: label(customer), value: customer.id })),
		paginationToken: next && customers.length ? String(page + 1) : undefined,
	};
}
