import type { INodeProperties } from 'n8n-workflow';

import { searchFields, searchRouting, type SearchAttribute } from '../../shared/search';

/** Conversation search attributes from Kustomer's search schema (the search operation's description). */
const ATTRIBUTES: SearchAttribute[] = [
	{ name: 'Any Text', value: 'any_text' },
	{ name: 'Assigned Teams', value: 'assigned_teams' },
	{ name: 'Assigned Users', value: 'assigned_users' },
	{ name: 'Channels', value: 'channels' },
	{ name: 'Created At', value: 'created_at' },
	{ name: 'Customer ID', value: 'customer_id' },
	{ name: 'Direction', value: 'direction' },
	{ name: 'Message Count', value: 'message_count', type: 'number' },
	{ name: 'Name', value: 'name' },
	{ name: 'Priority', value: 'priority', type: 'number' },
	{ name: 'Queue', value: 'queue' },
	{ name: 'Status', value: 'status' },
	{ name: 'Tags', value: 'tags' },
	{ name: 'Updated At', value: 'updated_at' },
];

export const searchConversationRouting = searchRouting('conversation', ATTRIBUTES, 'conversationFilters');

export const searchConversationFields: INodeProperties[] = searchFields('conversation', ATTRIBUTES, {
	resource: ['conversation'],
	operation: ['search'],
}, 'conversationFilters');
