import type { INodeProperties } from 'n8n-workflow';

import { withRoles } from '../../shared/roles';
import { createFields, createRouting } from './create';
import { customObjectsFields, customObjectsRouting } from './customObjects';
import { deleteFields, deleteRouting } from './delete';
import { getFields, getRouting } from './get';
import { getAllFields, getAllRouting } from './getAll';
import { searchCompanyFields, searchCompanyRouting } from './search';
import { updateFields, updateRouting } from './update';

export const companyDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['company'] } },
		options: withRoles('company', [
			{ name: 'Create', value: 'create', action: 'Create a company', description: 'Create a company', routing: createRouting },
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a company',
				description: 'Delete a company (Kustomer marks it deleted through an update)',
				routing: deleteRouting,
			},
			{ name: 'Get', value: 'get', action: 'Get a company', description: 'Get one company by ID, external ID or name', routing: getRouting },
			{
				name: 'Get Custom Objects',
				value: 'getCustomObjects',
				action: 'Get custom objects of a company',
				description: 'List the custom objects of one Klass linked to a company',
				routing: customObjectsRouting,
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many companies',
				description: 'List companies, optionally by name or external ID',
				routing: getAllRouting,
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search companies',
				description: 'Find companies matching filters, with every match through Return All (Kustomer searches only records updated in the last two years)',
				routing: searchCompanyRouting,
			},
			{ name: 'Update', value: 'update', action: 'Update a company', description: 'Change a company\'s fields or custom attributes', routing: updateRouting },
		]),
		default: 'create',
	},
	...createFields,
	...deleteFields,
	...getFields,
	...customObjectsFields,
	...getAllFields,
	...searchCompanyFields,
	...updateFields,
];
