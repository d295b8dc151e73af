import type { INodeProperties } from 'n8n-workflow';

import { withRoles } from '../../shared/roles';
import { getFields, getRouting } from './get';
import { getAllFields, getAllRouting } from './getAll';
import { logFields, logRouting } from './log';
import { searchMessageFields, searchMessageRouting } from './search';

export const messageDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: withRoles('message', [
			{ name: 'Get', value: 'get', action: 'Get a message', description: 'Get one message by ID', routing: getRouting },
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many messages',
				description: 'List the messages of a conversation or of a customer',
				routing: getAllRouting,
			},
			{
				name: 'Log Message (Record Only, Nothing Is Sent)',
				value: 'log',
				action: 'Log a message on the timeline without sending it',
				description: 'Record a message exchanged elsewhere on a conversation\'s timeline; nothing reaches the customer (to send one, use Draft › Send Message)',
				routing: logRouting,
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search messages',
				description: 'Find messages matching filters, with every match through Return All (Kustomer searches only records updated in the last two years)',
				routing: searchMessageRouting,
			},
		]),
		default: 'log',
	},
	...getFields,
	...getAllFields,
	...logFields,
	...searchMessageFields,
];
