import { NodeOperationError, randomString } from 'n8n-workflow';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { kustomerError } from '../Kustomer/shared/errors';
import { kustomerApiRequest, kustomerPath } from '../Kustomer/shared/transport';

/**
 * The trigger's webhook lifecycle (kustomer-api.md §14.1): one Kustomer outbound webhook per active
 * trigger, found again by its URL, carrying a random secret in a custom header that every delivery
 * must present. What n8n keeps between calls lives in the node's static data.
 */

export const VERIFICATION_HEADER = 'x-n8n-kustomer-secret';

/** Kustomer's limit on user-created outbound webhooks per organization. */
const WEBHOOK_LIMIT = 5;

export interface TriggerStaticData extends IDataObject {
	webhookId?: string;
	secret?: string;
}

interface OutboundWebhook {
	id: string;
	attributes: { name?: string; url?: string; events?: string[]; enabled?: boolean };
}

const WEBHOOKS_PATH = '/v1/outbound-webhooks';

async function listWebhooks(context: IHookFunctions): Promise<OutboundWebhook[]> {
	const response = await kustomerApiRequest(context, { method: 'GET', url: WEBHOOKS_PATH, qs: { pageSize: 100 } });
	const data = (response.body as { data?: unknown })?.data;
	return Array.isArray(data) ? (data as OutboundWebhook[]) : [];
}

function selectedEvents(context: IHookFunctions): string[] {
	return [...new Set(context.getNodeParameter('events', []) as string[])].sort();
}

function sameEvents(webhook: OutboundWebhook, events: string[]): boolean {
	const registered = [...new Set(webhook.attributes.events ?? [])].sort();
	return registered.length === events.length && registered.every((event, index) => event === events[index]);
}

async function deleteWebhook(context: IHookFunctions, id: string): Promise<void> {
	// Already gone (deleted in Kustomer by hand) is what we wanted.
	await kustomerApiRequest(context, {
		method: 'DELETE',
		url: kustomerPath(`${WEBHOOKS_PATH}/{id}`, { id }),
		acceptStatus: [404],
	});
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
	const url = this.getNodeWebhookUrl('default');
	const existing = (await listWebhooks(this)).find((webhook) => webhook.attributes.url === url);
	if (!existing) {
		delete staticData.webhookId;
		return false;
	}
	// A webhook for other events, or one whose secret n8n no longer knows, is replaced.
	if (!staticData.secret || !sameEvents(existing, selectedEvents(this))) {
		await deleteWebhook(this, existing.id);
		delete staticData.webhookId;
		return false;
	}
	staticData.webhookId = existing.id;
	return true;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
	const events = selectedEvents(this);
	if (!events.length) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one event in "Events"', {
			description: 'The trigger registers a Kustomer outbound webhook for the chosen events.',
		});
	}
	const secret = randomString(40);
	const workflowName = this.getWorkflow().name ?? this.getWorkflow().id ?? 'workflow';
	const body = {
		name: `n8n: ${workflowName}`.slice(0, 100),
		url: this.getNodeWebhookUrl('default') as string,
		events,
		headers: [{ name: VERIFICATION_HEADER, value: secret }],
	};
	const response = await kustomerApiRequest(this, { method: 'POST', url: WEBHOOKS_PATH, body, acceptStatus: [400] });
	if (response.statusCode === 400) {
		const hooks = await listWebhooks(this);
		if (hooks.length >= WEBHOOK_LIMIT) {
			const names = hooks.map((hook) => `"${hook.attributes.name ?? hook.id}" (${hook.attributes.url ?? 'no URL'})`).join(', ');
			throw new NodeOperationError(
				this.getNode(),
				`Kustomer allows ${WEBHOOK_LIMIT} outbound webhooks per organization, and all ${WEBHOOK_LIMIT} are in use: ${names}`,
				{
					description:
						'Delete one you no longer need in Kustomer (Settings › Platform › Outbound Webhooks), or deactivate another n8n workflow that uses the Kustomer Trigger, then activate this workflow again.',
				},
			);
		}
		// Any other refusal: worded by the error-mapping module.
		throw kustomerError(this, 400, response.body, { method: 'POST', url: WEBHOOKS_PATH });
	}
	const id = (response.body as { data?: { id?: string } })?.data?.id;
	if (!id) {
		throw new NodeOperationError(this.getNode(), 'Kustomer did not return the new outbound webhook\'s ID');
	}
	staticData.webhookId = id;
	staticData.secret = secret;
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
	if (staticData.webhookId) await deleteWebhook(this, staticData.webhookId);
	delete staticData.webhookId;
	delete staticData.secret;
	return true;
}
