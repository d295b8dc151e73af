import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { searchCompanies } from './listSearch/searchCompanies';
import { searchConversations } from './listSearch/searchConversations';
import { searchCustomers } from './listSearch/searchCustomers';
import { searchKlasses } from './listSearch/searchKlasses';
import { searchTeams } from './listSearch/searchTeams';
import { searchUsers } from './listSearch/searchUsers';
import {
	getCompanyAttributes,
	getConversationAttributes,
	getCustomObjectAttributes,
	getCustomerAttributes,
	getKlasses,
	getMessageAttributes,
	getOutboundAccounts,
	getOutboundEmailAccounts,
	getQueues,
	getTags,
	getTeams,
	getUsers,
} from './methods/loadOptions';
import { kustomerProperties } from './properties';
import { compactProperties } from './shared/compactProperties';
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
		description: 'Work with customers, companies, conversations, notes, messages, Klasses, custom objects, users and teams in Kustomer, the customer service CRM',
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
		properties: compactProperties(kustomerProperties),
	};

	methods = {
		listSearch: { searchCompanies, searchConversations, searchCustomers, searchKlasses, searchTeams, searchUsers },
		loadOptions: {
			getCompanyAttributes,
			getConversationAttributes,
			getCustomObjectAttributes,
			getCustomerAttributes,
			getKlasses,
			getMessageAttributes,
			getOutboundAccounts,
			getOutboundEmailAccounts,
			getQueues,
			getTags,
			getTeams,
			getUsers,
		},
	};
}
