import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

/** Resource locators reused across operations. */

/* eslint-disable n8n-nodes-base/node-param-default-missing -- these are locator modes, which have no default of their own */

const idMode: INodePropertyMode = {
	displayName: 'By ID',
	name: 'id',
	type: 'string',
	placeholder: '5f3c6a1b2c3d4e5f6a7b8c9d',
};

const urlMode: INodePropertyMode = {
	displayName: 'By URL',
	name: 'url',
	type: 'string',
	placeholder: 'https://acme.kustomerapp.com/app/customers/5f3c6a1b2c3d4e5f6a7b8c9d',
	extractValue: { type: 'regex', regex: '/customers/([0-9a-zA-Z_-]+)' },
	validation: [
		{
			type: 'regex',
			properties: {
				regex: '.*/customers/[0-9a-zA-Z_-]+.*',
				errorMessage: 'Not a Kustomer customer URL',
			},
		},
	],
};

export const customerLookupModes: INodePropertyMode[] = [
	{ displayName: 'By Email', name: 'email', type: 'string', placeholder: 'name@email.com' },
	{ displayName: 'By External ID', name: 'externalId', type: 'string', placeholder: 'crm-1042' },
	{ displayName: 'By Phone', name: 'phone', type: 'string', placeholder: '+18005551212' },
];

export function customerLocator(
	show: Record<string, string[]>,
	options: { lookups?: boolean; description?: string } = {},
): INodeProperties {
	return {
		displayName: 'Customer',
		name: 'customerId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { show },
		description: options.description ?? 'The customer to work on',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchCustomers', searchable: true },
			},
			idMode,
			urlMode,
			...(options.lookups ? customerLookupModes : []),
		],
	};
}
