import type { INodeProperties } from 'n8n-workflow';

import { withRoles } from '../../shared/roles';
import { bulkFields, createManyRouting, updateManyRouting } from './bulk';
import { createFields, createRouting } from './create';
import { getBulkJobRouting } from '../customObject/getBulkJob';
import { deleteFields, deleteRouting } from './delete';
import { getFields, getRouting } from './get';
import { getAllFields, getAllRouting } from './getAll';
import { mergeFields, mergeRouting } from './merge';
import { searchCustomerFields, searchCustomerRouting } from './search';
import { updateFields, updateRouting } from './update';
import { updateDataFields, updateDataRouting } from './updateData';
import { upsertFields, upsertRouting } from './upsert';

const showOnlyForCustomers = { resource: ['customer'] };

export const customerDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showOnlyForCustomers },
		options: withRoles('customer', [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a customer',
				description: 'Create a new customer record',
				routing: createRouting,
			},
			{
				name: 'Create Many',
				value: 'createMany',
				action: 'Create many customers',
				description: 'Create up to thousands of customers through Kustomer\'s bulk API (100 per request), with each customer\'s result',
				routing: createManyRouting,
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update a customer',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				routing: upsertRouting,
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a customer',
				description: 'Delete a customer record',
				routing: deleteRouting,
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a customer',
				description: 'Get one customer by ID, URL, email, external ID or phone',
				routing: getRouting,
			},
			{
				name: 'Get Bulk Job Result',
				value: 'getBulkJob',
				action: 'Get the result of a customer bulk job',
				description: 'Pick up the customers of bulk jobs a Create Many or Update Many left pending, without sending them again',
				routing: getBulkJobRouting,
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many customers',
				description: 'List customers, newest pages first as Kustomer orders them',
				routing: getAllRouting,
			},
			{
				name: 'Merge',
				value: 'merge',
				action: 'Merge two customers',
				description: 'Merge a source customer into a target customer and wait for Kustomer to finish (the source is deleted)',
				routing: mergeRouting,
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search customers',
				description: 'Find customers matching filters, with every match through Return All (Kustomer searches only records updated in the last two years)',
				routing: searchCustomerRouting,
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a customer',
				description: 'Change some fields of a customer; other fields keep their values',
				routing: updateRouting,
			},
			{
				name: 'Update Customer Data',
				value: 'updateData',
				action: 'Update customer personalization data',
				description: 'Write personalization key/value pairs into the customer\'s custom attributes',
				routing: updateDataRouting,
			},
			{
				name: 'Update Many',
				value: 'updateMany',
				action: 'Update many customers',
				description: 'Change many customers through Kustomer\'s bulk API (100 per request), each named by its ID, with each customer\'s result',
				routing: updateManyRouting,
			},
		]),
		default: 'get',
	},
	...createFields,
	...bulkFields,
	...upsertFields,
	...deleteFields,
	...getFields,
	...getAllFields,
	...mergeFields,
	...searchCustomerFields,
	...updateFields,
	...updateDataFields,
];
