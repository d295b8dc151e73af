import type { INodeProperties } from 'n8n-workflow';

import { searchFields, searchRouting, type SearchAttribute } from '../../shared/search';

/** Message search attributes from Kustomer's search schema (the search operation's description). */
const ATTRIBUTES: SearchAttribute[] = [
	{ name: 'Any Text', value: 'any_text' },
	{ name: 'Channel', value: 'channel' },
	{ name: 'Created At', value: 'created_at' },
	{ name: 'Customer ID', value: 'customer_id' },
	{ name: 'Direction', value: 'direction' },
	{ name: 'Direction Type', value: 'direction_type' },
	{ name: 'External ID', value: 'external_id' },
	{ name: 'Preview', value: 'preview' },
	{ name: 'Sent At', value: 'sent_at' },
	{ name: 'Status', value: 'status' },
	{ name: 'Subject', value: 'subject' },
	{ name: 'Updated At', value: 'updated_at' },
];

export const searchMessageRouting = searchRouting('message', ATTRIBUTES, 'messageFilters');

export const searchMessageFields: INodeProperties[] = searchFields('message', ATTRIBUTES, {
	resource: ['message'],
	operation: ['search'],
}, 'messageFilters');
