import type { INodeProperties } from 'n8n-workflow';

import { companyDescription } from './resources/company';
import { conversationDescription } from './resources/conversation';
import { customObjectDescription } from './resources/customObject';
import { customerDescription } from './resources/customer';
import { draftDescription } from './resources/draft';
import { klassDescription } from './resources/klass';
import { messageDescription } from './resources/message';
import { noteDescription } from './resources/note';
import { teamDescription } from './resources/team';
import { userDescription } from './resources/user';
import { requestOptionsProperty } from './shared/requestOptionsProperty';

/** The node's properties as each resource and operation file declares them (see compactProperties). */
export const kustomerProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Company', value: 'company' },
			{ name: 'Conversation', value: 'conversation' },
			{ name: 'Custom Object', value: 'customObject' },
			{ name: 'Customer', value: 'customer' },
			{ name: 'Draft', value: 'draft' },
			{ name: 'Klass', value: 'klass' },
			{ name: 'Message', value: 'message' },
			{ name: 'Note', value: 'note' },
			{ name: 'Team', value: 'team' },
			{ name: 'User', value: 'user' },
		],
		default: 'customer',
	},
	...companyDescription,
	...conversationDescription,
	...customObjectDescription,
	...customerDescription,
	...draftDescription,
	...klassDescription,
	...messageDescription,
	...noteDescription,
	...teamDescription,
	...userDescription,
	requestOptionsProperty,
];
