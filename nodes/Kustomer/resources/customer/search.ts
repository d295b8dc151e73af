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

/** Sort keys Kustomer allows, a subset of its customer_* list (see SORTABLE_ATTRIBUTES). */
const SORTABLE = [
	{ name: 'Created At', value: 'created_at' },
	{ name: 'External ID', value: 'externalId' },
	{ name: 'Last Activity At', value: 'activity_at' },
	{ name: 'Last Seen At', value: 'last_seen_at' },
	{ name: 'Name', value: 'name' },
	{ name: 'Signed Up At', value: 'signed_up_at' },
	{ name: 'Updated At', value: 'updated_at' },
];

export const searchCustomerRouting = searchRouting('customer', ATTRIBUTES, SORTABLE);

export const searchCustomerFields: INodeProperties[] = searchFields('customer', ATTRIBUTES, SORTABLE, {
	resource: ['customer'],
	operation: ['search'],
});
