import type { INodeProperties } from 'n8n-workflow';

import { bodyFrom } from '../../shared/body';
import { customAttributesProperty } from '../../shared/customAttributes';
import { customerLocator } from '../../shared/descriptions';
import { CONVERSATION, CUSTOMER, chosenBy, recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { endpointRoles } from '../../shared/roles';
import type { FindCreated } from '../../shared/request';
import { operationRouting } from '../../shared/routing';
import { kustomerPath } from '../../shared/transport';
import { CONVERSATION_CREATE_FIELDS, conversationFieldOptions, withQueueExternal } from './fields';

const show = { resource: ['conversation'], operation: ['create'] };
const CONVERSATION_CUSTOMER = chosenBy(CUSTOMER, 'customer');

/** Created under its customer, found by its External ID at the conversations' own lookup. */
export const FIND_CONVERSATION: FindCreated = {
	lookup: (externalId) => ({ url: kustomerPath(CONVERSATION.lookupPaths.externalId!, { value: externalId }) }),
	roles: endpointRoles('GetConversationByExternalId', 'to find it by its External ID after a lost answer', 'org.user.conversation.read', 'org.permission.conversation.read'),
};

export const createRouting = operationRouting({
	roles: [
		endpointRoles('CreateConversationForCustomer', 'to create it', 'org.user.conversation.write', 'org.permission.conversation.create'),
	],
	method: 'POST',
	findCreated: FIND_CONVERSATION,
	path: recordPath(CONVERSATION_CUSTOMER, '/v1/customers/{id}/conversations'),
	preSend: [
		bodyFrom({
			specs: CONVERSATION_CREATE_FIELDS,
			topLevel: [['conversationName', 'name']],
			collection: 'conversationAdditionalFields',
			customAttributes: 'conversationCustomAttributes',
			finish: withQueueExternal,
		}),
	],
	output: recordOutput,
});

export const createFields: INodeProperties[] = [
	customerLocator(show, 'The customer the conversation is with', CONVERSATION_CUSTOMER.parameter),
	{
		// Named apart from Customer › Create's and Klass › Create's `name` (see customer/create.ts).
		displayName: 'Name',
		name: 'conversationName',
		type: 'string',
		default: '',
		displayOptions: { show },
		description: 'Subject line shown in Kustomer',
	},
	{
		displayName: 'Additional Fields',
		name: 'conversationAdditionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: conversationFieldOptions('create').filter((field) => field.name !== 'name'),
	},
	customAttributesProperty({ displayName: 'Custom Attributes', name: 'conversationCustomAttributes', displayOptions: { show } }, 'getConversationAttributes'),
	simplifyProperty(show),
];
