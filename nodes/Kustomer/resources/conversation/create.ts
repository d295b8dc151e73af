import type { INodeProperties } from 'n8n-workflow';

import { bodyFrom } from '../../shared/body';
import { customAttributesProperty } from '../../shared/customAttributes';
import { customerLocator } from '../../shared/descriptions';
import { CUSTOMER, recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { operationRouting } from '../../shared/routing';
import { CONVERSATION_FIELDS, conversationFieldOptions } from './fields';

const show = { resource: ['conversation'], operation: ['create'] };

export const createRouting = operationRouting({
	method: 'POST',
	path: recordPath(CUSTOMER, '/v1/customers/{id}/conversations'),
	preSend: [
		bodyFrom({ specs: CONVERSATION_FIELDS, topLevel: [['conversationName', 'name']], collection: 'additionalFields', customAttributes: 'customAttributes' }),
	],
	output: recordOutput,
});

export const createFields: INodeProperties[] = [
	customerLocator(show, 'The customer the conversation is with'),
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
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: conversationFieldOptions('create').filter((field) => field.name !== 'name'),
	},
	customAttributesProperty({ displayName: 'Custom Attributes', name: 'customAttributes', displayOptions: { show } }, 'getConversationAttributes'),
	simplifyProperty(show),
];
