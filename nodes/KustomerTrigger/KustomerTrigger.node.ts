import { NodeConnectionTypes } from 'n8n-workflow';
import type { IHookFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { receive } from './delivery';
import { KUSTOMER_EVENTS } from './events';
import { checkExists, create, remove } from './webhooks';

export class KustomerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kustomer Trigger',
		name: 'kustomerTrigger',
		icon: { light: 'file:../Kustomer/kustomer.svg', dark: 'file:../Kustomer/kustomer.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when Kustomer customers, conversations, messages, tags, teams or users are created or updated',
		defaults: { name: 'Kustomer Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kustomerApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: KUSTOMER_EVENTS,
				default: [],
				description: 'The Kustomer events that start the workflow (at most 12). The API key needs the role org.outbound_webhooks (or org.permission.outbound_webhook.read, .create and .delete).',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to return the record\'s fields with the event name, ID and changes instead of Kustomer\'s whole event',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	webhook = receive;
}
