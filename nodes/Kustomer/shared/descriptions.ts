import type { INodeProperties } from 'n8n-workflow';

/** Resource locators reused across operations. */

const CUSTOMER_URL_PLACEHOLDER = 'https://acme.kustomerapp.com/app/customers/5f3c6a1b2c3d4e5f6a7b8c9d';

export function customerLocator(
	show: Record<string, string[]>,
	description: string,
): INodeProperties {
	return {
		displayName: 'Customer',
		name: 'customerId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { show },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchCustomers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '5f3c6a1b2c3d4e5f6a7b8c9d',
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: CUSTOMER_URL_PLACEHOLDER,
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
			},
			// Kustomer's lookup endpoints (kustomer-api.md §5.1).
			{ displayName: 'By Email', name: 'email', type: 'string', placeholder: 'name@email.com' },
			{ displayName: 'By External ID', name: 'externalId', type: 'string', placeholder: 'crm-1042' },
			{ displayName: 'By Phone', name: 'phone', type: 'string', placeholder: '+18005551212' },
		],
	};
}
