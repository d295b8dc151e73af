import type { INodeProperties } from 'n8n-workflow';

/** The node's Rate Limiting options, read by transport.ts for every request (defaults = retry.ts DEFAULT_POLICY). */
export const rateLimitingProperty: INodeProperties = {
	displayName: 'Rate Limiting',
	name: 'rateLimiting',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	description: 'How the node keeps within Kustomer\'s request limit. It waits and retries a refused request itself, so n8n\'s Retry On Fail (which repeats every item) is not needed.',
	options: [
		{
			displayName: 'Max Requests In Flight',
			name: 'maxInFlight',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 8,
			description: 'Most requests to Kustomer at the same time; the node also slows down when Kustomer reports few requests left in the current minute',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 5,
			description: 'How often one request is retried after a rate limit (429), and reads after a temporary server error (502, 503, 504) or a dropped connection',
		},
	],
};
