import type { INodeProperties } from 'n8n-workflow';

import { withRoles } from '../../shared/roles';
import { getFields, getRouting } from './get';
import { getAllFields, getAllRouting } from './getAll';

export const teamDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['team'] } },
		options: withRoles('team', [
			{ name: 'Get', value: 'get', action: 'Get a team', description: 'Get one team by ID', routing: getRouting },
			{ name: 'Get Many', value: 'getAll', action: 'Get many teams', description: 'List the teams of the account', routing: getAllRouting },
		]),
		default: 'getAll',
	},
	...getFields,
	...getAllFields,
];
