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
		description:
			'Starts the workflow when Kustomer customers, conversations, messages, tags, teams or users are created or updated. Repeats of an event are dropped; with several webhook processors (queue mode) add the README\'s Redis claim step to run each event once.',
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
				displayName:
					'Kustomer may deliver an event more than once: this trigger drops repeats it has seen. With several n8n webhook processors (queue mode), a repeat reaching two of them at the same moment can still run twice: follow the trigger with a Redis Increment of kustomer-event:{{eventId}} and go on only when it returns 1 (README, Running in queue mode).',
				name: 'repeatsNotice',
				type: 'notice',
				default: '',
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
