import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { conversationLocator, customerLocator } from '../../shared/descriptions';
import { CONVERSATION, CUSTOMER, recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { operationRouting } from '../../shared/routing';

const show = { resource: ['message'], operation: ['getAll'] };

const ofConversation = recordPath(CONVERSATION, '/v1/conversations/{id}/messages');
const ofCustomer = recordPath(CUSTOMER, '/v1/customers/{id}/messages');

async function messageListPath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	return await (this.getNodeParameter('scope', 'conversation') === 'customer' ? ofCustomer : ofConversation).call(
		this,
		requestOptions,
	);
}

export const getAllRouting = operationRouting({
	method: 'GET',
	path: messageListPath,
	output: recordOutput,
	execute: paginateKustomerList,
});

export const getAllFields: INodeProperties[] = [
	{
		displayName: 'Messages Of',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'A Conversation', value: 'conversation' },
			{ name: 'A Customer', value: 'customer', description: 'Messages of all of the customer\'s conversations' },
		],
		default: 'conversation',
		displayOptions: { show },
	},
	conversationLocator({ ...show, scope: ['conversation'] }, 'The conversation whose messages to list'),
	customerLocator({ ...show, scope: ['customer'] }, 'The customer whose messages to list'),
	...returnAllAndLimit(show),
	simplifyProperty(show),
];
