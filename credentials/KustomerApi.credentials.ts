import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateKustomer, KUSTOMER_BASE_URL_EXPRESSION } from '../nodes/Kustomer/shared/transport';

export class KustomerApi implements ICredentialType {
	name = 'kustomerApi';

	displayName = 'Kustomer API';

	icon = { light: 'file:../nodes/Kustomer/kustomer.svg', dark: 'file:../nodes/Kustomer/kustomer.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-kustomer/n8n-nodes-kustomer#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Key created in Kustomer under Settings › Security › API Keys. Give it the roles of the operations you use (see the README).',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{
					name: 'Custom Base URL',
					value: 'custom',
					description: 'A proxy or a local Kustomer sandbox (https, or http on localhost, 127.x.x.x or [::1] only)',
				},
				{
					name: 'EU (api.prod2.kustomerapp.com)',
					value: 'eu',
					description: 'Organizations hosted in Kustomer\'s EU deployment (prod2)',
				},
				{
					name: 'India (api.prod4.kustomerapp.com)',
					value: 'india',
					description: 'Organizations hosted in Kustomer\'s India deployment (prod4)',
				},
				{
					name: 'Organization Host ({org}.api.kustomerapp.com)',
					value: 'org',
					description: 'Your organization\'s own API host, in whichever region it lives (Kustomer\'s recommended host)',
				},
				{
					name: 'US (api.kustomerapp.com)',
					value: 'us',
					description: 'Organizations hosted in Kustomer\'s US deployment (prod1)',
				},
			],
			default: 'us',
			description: 'Where your Kustomer organization is hosted',
		},
		{
			displayName: 'Organization Name',
			name: 'orgName',
			type: 'string',
			default: '',
			placeholder: 'acme',
			required: true,
			displayOptions: { show: { region: ['org'] } },
			description: 'The first part of your Kustomer address: "acme" for acme.kustomerapp.com (letters, digits and hyphens only)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://kustomer-proxy.example.com',
			required: true,
			displayOptions: { show: { region: ['custom'] } },
			description: 'Root URL that serves Kustomer\'s /v1 API, without /v1',
		},
		{
			// n8n adds these two fields to every credential that has no own; declared here so the
			// default keeps the key to Kustomer's hosts when the credential is used elsewhere.
			displayName: 'Allowed HTTP Request Domains',
			name: 'allowedHttpRequestDomains',
			type: 'options',
			options: [
				{
					name: 'All',
					value: 'all',
					description: 'Allow any domain when this credential is used in the HTTP Request or GraphQL node',
				},
				{
					name: 'None',
					value: 'none',
					description: 'Block this credential in the HTTP Request and GraphQL nodes',
				},
				{
					name: 'Specific Domains',
					value: 'domains',
					description: 'Allow only the domains listed below',
				},
			],
			default: 'domains',
			description:
				'Where this credential may send the API key when used in the HTTP Request or GraphQL node. The Kustomer node always uses the host chosen above.',
		},
		{
			displayName: 'Allowed Domains',
			name: 'allowedDomains',
			type: 'string',
			default: '*.kustomerapp.com',
			placeholder: '*.kustomerapp.com, kustomer-proxy.example.com',
			displayOptions: { show: { allowedHttpRequestDomains: ['domains'] } },
			description:
				'Comma-separated domains; "*.kustomerapp.com" allows every Kustomer API host. Add your proxy\'s domain when you use a custom base URL.',
		},
	];

	/**
	 * Adds `Authorization: Bearer <key>`, but only to a request for the host chosen above (https, or
	 * plain http on loopback): the same check for the node, the trigger, the credential test and any
	 * other node using this credential (transport.ts keyDestinationProblem).
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return await authenticateKustomer(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: KUSTOMER_BASE_URL_EXPRESSION,
			url: '/v1/users/current',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Kustomer refused the API key: check that it is copied whole, has not expired, and belongs to an organization in the chosen region',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No Kustomer API answered at this address: check the region, organization name or base URL',
				},
			},
		],
	};
}
