import type { INodeProperties } from 'n8n-workflow';

import { searchFields, searchRouting, type SearchAttribute } from '../../shared/search';

/** Customer search attributes from Kustomer's search schema (the search operation's description). */
const ATTRIBUTES: SearchAttribute[] = [
	{ name: 'Any Text', value: 'any_text' },
	{ name: 'Conversation Count', value: 'conversations_count', type: 'number' },
	{ name: 'Created At', value: 'created_at' },
	{ name: 'Email', value: 'email' },
	{ name: 'External ID', value: 'externalId' },
	{ name: 'Gender', value: 'gender' },
	{ name: 'Last Activity At', value: 'activity_at' },
	{ name: 'Locale', value: 'locale' },
	{ name: 'Name', value: 'name' },
	{ name: 'Phone', value: 'phone' },
	{ name: 'Status', value: 'status' },
	{ name: 'Tags', value: 'tags' },
	{ name: 'Updated At', value: 'updated_at' },
];

export const searchCustomerRouting = searchRouting('customer', ATTRIBUTES, 'filters');

export const searchCustomerFields: INodeProperties[] = searchFields('customer', ATTRIBUTES, { resource: ['customer'], operation: ['search'] }, 'filters');
