import type { INodeProperties } from 'n8n-workflow';

import { withRoles } from '../../shared/roles';
import { createFields, createRouting } from './create';
import { getFields, getRouting } from './get';
import { getAllFields, getAllRouting } from './getAll';
import { updateFields, updateRouting } from './update';

export const klassDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['klass'] } },
		options: withRoles('klass', [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a klass',
				description: 'Create a custom object schema (Klass), optionally with its attributes',
				routing: createRouting,
			},
			{ name: 'Get', value: 'get', action: 'Get a klass', description: 'Get a Klass by ID or name', routing: getRouting },
			{ name: 'Get Many', value: 'getAll', action: 'Get many klasses', description: 'List the organization\'s Klasses', routing: getAllRouting },
			{
				name: 'Update',
				value: 'update',
				action: 'Update a klass',
				description: 'Change a Klass\'s display name, icon, color, status or description, or define more attributes',
				routing: updateRouting,
			},
		]),
		default: 'create',
	},
	...createFields,
	...getFields,
	...getAllFields,
	...updateFields,
];
