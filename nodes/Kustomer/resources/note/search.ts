import type { INodeProperties } from 'n8n-workflow';

import { searchFields, searchRouting, type SearchAttribute } from '../../shared/search';

/** Note search attributes from Kustomer's search schema (the search operation's description). */
const ATTRIBUTES: SearchAttribute[] = [
	{ name: 'Any Text', value: 'any_text' },
	{ name: 'Body', value: 'body' },
	{ name: 'Conversation ID', value: 'conversation_id' },
	{ name: 'Created At', value: 'created_at' },
	{ name: 'Customer ID', value: 'customer_id' },
	{ name: 'External ID', value: 'external_id' },
	{ name: 'Modified At', value: 'modified_at' },
	{ name: 'Updated At', value: 'updated_at' },
	{ name: 'User Mentions', value: 'user_mentions' },
];

export const searchNoteRouting = searchRouting('note', ATTRIBUTES, 'noteFilters');

export const searchNoteFields: INodeProperties[] = searchFields('note', ATTRIBUTES, {
	resource: ['note'],
	operation: ['search'],
}, 'noteFilters');
