import type { INodeProperties } from 'n8n-workflow';

/**
 * The node's Request Options, read by transport.ts for every request. The name and the Timeout
 * option follow n8n's own convention for declarative nodes (RoutingNode reads
 * `requestOptions.timeout` too). The defaults are literals for n8n's linter; a unit test keeps them
 * equal to retry.ts's DEFAULT_POLICY and DEFAULT_TIMEOUT_MS, which apply when an option is not set.
 */
export const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	description:
		'How the node talks to Kustomer. It keeps within Kustomer\'s request limit and retries a refused request itself, so n8n\'s Retry On Fail (which repeats every item) is not needed.',
	options: [
		{
			displayName: 'Max Requests In Flight',
			name: 'maxInFlight',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 8,
			description:
				'Most requests to Kustomer at the same time. The node also holds requests back when Kustomer reports the minute\'s limit used up.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 5,
			description:
				'How often one request is sent again after a rate limit (429), a temporary server error (500, 502, 503, 504), a dropped connection or a timeout. Changes are only sent again when that cannot make them twice.',
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60000,
			description: 'Milliseconds to wait for Kustomer\'s answer to one request before giving up on it',
		},
	],
};
