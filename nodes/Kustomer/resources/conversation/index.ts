import type { INodeProperties } from 'n8n-workflow';

import { withRoles } from '../../shared/roles';
import { createFields, createRouting } from './create';
import { deleteFields, deleteRouting } from './delete';
import { getFields, getRouting } from './get';
import { getAllFields, getAllRouting } from './getAll';
import { addTagsRouting, removeTagsRouting, tagsFields } from './tags';
import { searchConversationFields, searchConversationRouting } from './search';
import { updateFields, updateRouting } from './update';

export const conversationDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversation'] } },
		options: withRoles('conversation', [
			{
				name: 'Add Tags',
				value: 'addTags',
				action: 'Add tags to a conversation',
				description: 'Add tags to a conversation, keeping its other tags',
				routing: addTagsRouting,
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create a conversation',
				description: 'Create a new, empty conversation for a customer',
				routing: createRouting,
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a conversation',
				description: 'Delete a conversation with its messages and notes',
				routing: deleteRouting,
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a conversation',
				description: 'Get one conversation by ID, URL or external ID',
				routing: getRouting,
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many conversations',
				description: 'List the organization\'s conversations, or one customer\'s',
				routing: getAllRouting,
			},
			{
				name: 'Remove Tags',
				value: 'removeTags',
				action: 'Remove tags from a conversation',
				description: 'Remove tags from a conversation, keeping its other tags',
				routing: removeTagsRouting,
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search conversations',
				description: 'Find conversations matching filters, with every match through Return All (Kustomer searches only records updated in the last two years)',
				routing: searchConversationRouting,
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a conversation',
				description: 'Change status (including snoozing), priority, assignment, tags or other fields',
				routing: updateRouting,
			},
		]),
		default: 'get',
	},
	...createFields,
	...deleteFields,
	...getFields,
	...getAllFields,
	...tagsFields,
	...searchConversationFields,
	...updateFields,
];
