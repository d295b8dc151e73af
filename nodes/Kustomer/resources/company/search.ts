import type { INodeProperties } from 'n8n-workflow';

import { searchFields, searchRouting, type SearchAttribute } from '../../shared/search';

/**
 * Company search attributes (queryContext `company`, https://developer.kustomer.com/docs/concepts/search).
 * Kustomer's search page names company_created_at and company_updated_at; name, external ID, tags and
 * domains follow the naming of the other objects' standard attributes. Anything else goes through
 * the filter's "Other" attribute or a custom attribute (company_custom_<name>).
 */
const ATTRIBUTES: SearchAttribute[] = [
	{ name: 'Created At', value: 'created_at' },
	{ name: 'Domains', value: 'domains' },
	{ name: 'External ID', value: 'external_id' },
	{ name: 'Name', value: 'name' },
	{ name: 'Tags', value: 'tags' },
	{ name: 'Updated At', value: 'updated_at' },
];

export const searchCompanyRouting = searchRouting('company', ATTRIBUTES, 'companyFilters');

export const searchCompanyFields: INodeProperties[] = searchFields('company', ATTRIBUTES, {
	resource: ['company'],
	operation: ['search'],
}, 'companyFilters');
