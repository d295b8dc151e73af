import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { conversationLocator, customerLocator } from '../../shared/descriptions';
import { CONVERSATION, CUSTOMER, chosenBy, recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { endpointRoles } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { parameter } from '../../shared/parameters';

const show = { resource: ['message'], operation: ['getAll'] };

const OF_CONVERSATION = chosenBy(CONVERSATION, 'messagesOfConversation');
const OF_CUSTOMER = chosenBy(CUSTOMER, 'messagesOfCustomer');
const ofConversation = recordPath(OF_CONVERSATION, '/v1/conversations/{id}/messages');
const ofCustomer = recordPath(OF_CUSTOMER, '/v1/customers/{id}/messages');

async function messageListPath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	return await (parameter(this, 'messagesOf', 'conversation') === 'customer' ? ofCustomer : ofConversation).call(
		this,
		requestOptions,
	);
}

export const getAllRouting = operationRouting({
	roles: [endpointRoles('GetMessagesByConversation', 'to list them', 'org.user.message.read', 'org.permission.message.read')],
	method: 'GET',
	path: messageListPath,
	output: recordOutput,
	execute: paginateKustomerList,
});

export const getAllFields: INodeProperties[] = [
	{
		displayName: 'Messages Of',
		name: 'messagesOf',
		type: 'options',
		options: [
			{ name: 'A Conversation', value: 'conversation' },
			{ name: 'A Customer', value: 'customer', description: 'Messages of all of the customer\'s conversations' },
		],
		default: 'conversation',
		displayOptions: { show },
	},
	conversationLocator({ ...show, messagesOf: ['conversation'] }, 'The conversation whose messages to list', OF_CONVERSATION.parameter),
	customerLocator({ ...show, messagesOf: ['customer'] }, 'The customer whose messages to list', OF_CUSTOMER.parameter),
	...returnAllAndLimit(show),
	simplifyProperty(show),
];
