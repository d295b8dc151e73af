import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { customerLocator } from '../../shared/descriptions';
import { CUSTOMER, chosenBy, recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { endpointRoles } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { parameter } from '../../shared/parameters';

const show = { resource: ['conversation'], operation: ['getAll'] };

const OF_CUSTOMER = chosenBy(CUSTOMER, 'conversationsOfCustomer');
const customerConversations = recordPath(OF_CUSTOMER, '/v1/customers/{id}/conversations');

/** All of the organization's conversations, or one customer's. */
async function conversationListPath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	if (parameter(this, 'conversationsOf', 'all') === 'customer') return await customerConversations.call(this, requestOptions);
	requestOptions.url = '/v1/conversations';
	const sort = (parameter(this, 'listOptions', {}) as { sort?: string }).sort;
	if (sort === 'desc') requestOptions.qs = { ...requestOptions.qs, sort: 'desc' };
	return requestOptions;
}

export const getAllRouting = operationRouting({
	roles: [endpointRoles('GetConversations', 'to list them', 'org.user.conversation.read', 'org.permission.conversation.read')],
	method: 'GET',
	path: conversationListPath,
	output: recordOutput,
	execute: paginateKustomerList,
});

export const getAllFields: INodeProperties[] = [
	{
		displayName: 'Conversations Of',
		name: 'conversationsOf',
		type: 'options',
		options: [
			{ name: 'All Customers', value: 'all' },
			{ name: 'One Customer', value: 'customer' },
		],
		default: 'all',
		displayOptions: { show },
	},
	customerLocator({ ...show, conversationsOf: ['customer'] }, 'The customer whose conversations to list', OF_CUSTOMER.parameter),
	...returnAllAndLimit(show),
	{
		displayName: 'Options',
		name: 'listOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { ...show, conversationsOf: ['all'] } },
		options: [
			{
				displayName: 'Order',
				name: 'sort',
				type: 'options',
				options: [
					{ name: 'Newest First', value: 'desc' },
					{ name: 'Oldest First', value: 'asc' },
				],
				default: 'desc',
			},
		],
	},
	simplifyProperty(show),
];
