import type { INodeProperties } from 'n8n-workflow';

import { withRoles } from '../../shared/roles';
import { createFields, createRouting } from './create';
import { deleteFields, deleteRouting } from './delete';
import { getFields, getRouting } from './get';
import { getAllFields, getAllRouting } from './getAll';
import { searchNoteFields, searchNoteRouting } from './search';
import { updateFields, updateRouting } from './update';

export const noteDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['note'] } },
		options: withRoles('note', [
			{
				name: 'Create',
				value: 'create',
				action: 'Add a note to a conversation',
				description: 'Add an internal note (visible to your team only) to a conversation',
				routing: createRouting,
			},
			{ name: 'Delete', value: 'delete', action: 'Delete a note', description: 'Delete a note', routing: deleteRouting },
			{ name: 'Get', value: 'get', action: 'Get a note', description: 'Get one note by ID', routing: getRouting },
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many notes',
				description: 'List the notes of a conversation or of a customer',
				routing: getAllRouting,
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search notes',
				description: 'Find notes matching filters, with every match through Return All (Kustomer searches only records updated in the last two years)',
				routing: searchNoteRouting,
			},
			{ name: 'Update', value: 'update', action: 'Update a note', description: 'Change a note\'s text or mentions', routing: updateRouting },
		]),
		default: 'create',
	},
	...createFields,
	...deleteFields,
	...getFields,
	...getAllFields,
	...searchNoteFields,
	...updateFields,
];
