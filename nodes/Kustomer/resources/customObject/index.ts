import type { INodeProperties } from 'n8n-workflow';

import { withRoles } from '../../shared/roles';
import { createFields, createRouting } from './create';
import { createManyFields, createManyRouting } from './createMany';
import { deleteFields, deleteRouting } from './delete';
import { getFields, getRouting } from './get';
import { getBulkJobFields, getBulkJobRouting } from './getBulkJob';
import { getAllFields, getAllRouting } from './getAll';
import { searchCustomObjectFields, searchCustomObjectRouting } from './search';
import { updateFields, updateRouting } from './update';

export const customObjectDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customObject'] } },
		options: withRoles('customObject', [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a custom object',
				description: 'Create one object of a Klass, linked to a customer or not',
				routing: createRouting,
			},
			{
				name: 'Create Many',
				value: 'createMany',
				action: 'Create many custom objects',
				description: 'Create a list of objects with typed data through Kustomer\'s bulk API, with a result per object',
				routing: createManyRouting,
			},
			{ name: 'Delete', value: 'delete', action: 'Delete a custom object', description: 'Delete an object', routing: deleteRouting },
			{ name: 'Get', value: 'get', action: 'Get a custom object', description: 'Get an object by ID or external ID', routing: getRouting },
			{
				name: 'Get Bulk Job Result',
				value: 'getBulkJob',
				action: 'Get the result of a bulk job',
				description: 'Pick up the objects of bulk jobs a Create Many left pending: their IDs, errors, or that they are still pending',
				routing: getBulkJobRouting,
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many custom objects',
				description: 'List the objects of a Klass, optionally of one customer',
				routing: getAllRouting,
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search custom objects',
				description: 'Find objects of a Klass matching filters, with every match through Return All (Kustomer searches only records updated in the last two years)',
				routing: searchCustomObjectRouting,
			},
			{ name: 'Update', value: 'update', action: 'Update a custom object', description: 'Change an object\'s fields and custom attributes', routing: updateRouting },
		]),
		default: 'create',
	},
	...createFields,
	...createManyFields,
	...deleteFields,
	...getFields,
	...getBulkJobFields,
	...getAllFields,
	...searchCustomObjectFields,
	...updateFields,
];
