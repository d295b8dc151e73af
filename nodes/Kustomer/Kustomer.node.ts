import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { searchCustomers } from './listSearch/searchCustomers';
import { customerDescription } from './resources/customer';
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
		description: 'Work with customers and their data in Kustomer, the customer service CRM',
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
				options: [{ name: 'Customer', value: 'customer' }],
				default: 'customer',
			},
			...customerDescription,
		],
	};

	methods = {
		listSearch: { searchCustomers },
	};
}
