import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { searchConversations } from './listSearch/searchConversations';
import { searchCustomers } from './listSearch/searchCustomers';
import { getQueues, getTags, getTeams, getUsers } from './methods/loadOptions';
import { conversationDescription } from './resources/conversation';
import { customerDescription } from './resources/customer';
import { messageDescription } from './resources/message';
import { noteDescription } from './resources/note';
import { sendKustomerRequest } from './shared/routing';
import { KUSTOMER_BASE_URL_EXPRESSION } from './shared/transport';

export class Kustomer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kustomer',
		name: 'kustomer',
		icon: { light: 'file:kustomer.svg', dark: 'file:kustomer.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Work with customers, conversations, notes and messages in Kustomer, the customer service CRM',
		defaults: { name: 'Kustomer' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kustomerApi', required: true }],
		requestDefaults: {
			baseURL: KUSTOMER_BASE_URL_EXPRESSION,
			headers: { Accept: 'application/json' },
		},
		// Every operation sets `paginate`, so every request goes through this one function.
		requestOperations: { pagination: sendKustomerRequest },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Customer', value: 'customer' },
					{ name: 'Message', value: 'message' },
					{ name: 'Note', value: 'note' },
				],
				default: 'customer',
			},
			...conversationDescription,
			...customerDescription,
			...messageDescription,
			...noteDescription,
		],
	};

	methods = {
		listSearch: { searchConversations, searchCustomers },
		loadOptions: { getQueues, getTags, getTeams, getUsers },
	};
}
