import type { INodeProperties } from 'n8n-workflow';

/**
 * The node's own Request Options. n8n merges them into the "Request Options" it gives every
 * declarative node (n8n-core's DirectoryLoader.applyDeclarativeNodeOptionParameters: Batching,
 * Ignore SSL Issues, Proxy and Timeout), so Timeout is n8n's and not declared here again. transport.ts
 * reads all of them for every request (proxy and SSL included). The defaults are literals for n8n's
 * linter; a unit test keeps them equal to retry.ts's DEFAULT_POLICY, which applies when an option is
 * not set (and DEFAULT_TIMEOUT_MS when Timeout is not).
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
				'How often one request is sent again after a temporary server error (500, 502, 503, 504), a dropped connection, a timeout or a per-record limit. The organization\'s rate limit (429) is not counted here: it is waited out, up to 10 minutes per request. Changes are only sent again when that cannot make them twice.',
		},
	],
};
