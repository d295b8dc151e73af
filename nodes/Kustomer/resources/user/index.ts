import type { INodeProperties } from 'n8n-workflow';

import { withRoles } from '../../shared/roles';
import { getFields, getRouting } from './get';
import { getAllFields, getAllRouting } from './getAll';

export const userDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: withRoles('user', [
			{ name: 'Get', value: 'get', action: 'Get a user', description: 'Get one user by ID or email', routing: getRouting },
			{ name: 'Get Many', value: 'getAll', action: 'Get many users', description: 'List the users of the account', routing: getAllRouting },
		]),
		default: 'get',
	},
	...getFields,
	...getAllFields,
];
