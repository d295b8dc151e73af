import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { conversationLocator, customerLocator } from '../../shared/descriptions';
import { CONVERSATION, CUSTOMER, chosenBy, recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { endpointRoles } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { parameter } from '../../shared/parameters';

const show = { resource: ['note'], operation: ['getAll'] };

const OF_CONVERSATION = chosenBy(CONVERSATION, 'notesOfConversation');
const OF_CUSTOMER = chosenBy(CUSTOMER, 'notesOfCustomer');
const ofConversation = recordPath(OF_CONVERSATION, '/v1/conversations/{id}/notes');
const ofCustomer = recordPath(OF_CUSTOMER, '/v1/customers/{id}/notes');

async function noteListPath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const scope = parameter(this, 'notesOf', 'conversation');
	return await (scope === 'customer' ? ofCustomer : ofConversation).call(this, requestOptions);
}

export const getAllRouting = operationRouting({
	roles: [endpointRoles('GetNotesByConversation', 'to list them', 'org.user.note.read', 'org.permission.note.read')],
	method: 'GET',
	path: noteListPath,
	output: recordOutput,
	execute: paginateKustomerList,
});

export const getAllFields: INodeProperties[] = [
	{
		displayName: 'Notes Of',
		name: 'notesOf',
		type: 'options',
		options: [
			{ name: 'A Conversation', value: 'conversation' },
			{ name: 'A Customer', value: 'customer', description: 'Notes on all of the customer\'s conversations' },
		],
		default: 'conversation',
		displayOptions: { show },
	},
	conversationLocator({ ...show, notesOf: ['conversation'] }, 'The conversation whose notes to list', OF_CONVERSATION.parameter),
	customerLocator({ ...show, notesOf: ['customer'] }, 'The customer whose notes to list', OF_CUSTOMER.parameter),
	...returnAllAndLimit(show),
	simplifyProperty(show),
];
