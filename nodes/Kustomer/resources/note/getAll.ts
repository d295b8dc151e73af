import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { conversationLocator, customerLocator } from '../../shared/descriptions';
import { CONVERSATION, CUSTOMER, recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { operationRouting } from '../../shared/routing';

const show = { resource: ['note'], operation: ['getAll'] };

const ofConversation = recordPath(CONVERSATION, '/v1/conversations/{id}/notes');
const ofCustomer = recordPath(CUSTOMER, '/v1/customers/{id}/notes');

async function noteListPath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const scope = this.getNodeParameter('scope', 'conversation');
	return await (scope === 'customer' ? ofCustomer : ofConversation).call(this, requestOptions);
}

export const getAllRouting = operationRouting({
	method: 'GET',
	path: noteListPath,
	output: recordOutput,
	execute: paginateKustomerList,
});

export const getAllFields: INodeProperties[] = [
	{
		displayName: 'Notes Of',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'A Conversation', value: 'conversation' },
			{ name: 'A Customer', value: 'customer', description: 'Notes on all of the customer\'s conversations' },
		],
		default: 'conversation',
		displayOptions: { show },
	},
	conversationLocator({ ...show, scope: ['conversation'] }, 'The conversation whose notes to list'),
	customerLocator({ ...show, scope: ['customer'] }, 'The customer whose notes to list'),
	...returnAllAndLimit(show),
	simplifyProperty(show),
];
