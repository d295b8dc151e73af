import { NodeOperationError, randomString } from 'n8n-workflow';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { kustomerError } from '../Kustomer/shared/errors';
import { MAX_PAGE_SIZE, kustomerPages } from '../Kustomer/shared/pagination';
import { kustomerApiRequest, kustomerPath } from '../Kustomer/shared/transport';
import { EVENT_NAMES, MAX_EVENTS_PER_WEBHOOK } from './events';

/**
 * The trigger's webhook lifecycle: one Kustomer outbound webhook per active trigger, found again by its
 * URL, carrying a random secret in a custom header that every delivery must present, and signed by
 * Kustomer with the webhook's token, which the trigger keeps (never outputs or logs) to check every
 * delivery's signature. https://developer.kustomer.com/docs/events/outbound-webhooks
 * What n8n keeps between calls lives in the node's static data.
 */

export const VERIFICATION_HEADER = 'x-n8n-kustomer-secret';

/** Kustomer's limit on user-created outbound webhooks per organization. */
const WEBHOOK_LIMIT = 5;

export interface TriggerStaticData extends IDataObject {
	webhookId?: string;
	/** Value of the custom header registered with the webhook. */
	secret?: string;
	/** Kustomer's HMAC key for the webhook's deliveries (the `token` of the outbound webhook). */
	token?: string;
}

interface OutboundWebhook {
	id: string;
	attributes: { name?: string; url?: string; events?: string[]; enabled?: boolean; token?: unknown };
}

const WEBHOOKS_PATH = '/v1/outbound-webhooks';

/**
 * The trigger's secrets that an answer must not carry into an error: the header secret always (the
 * trigger never reads it back), the signing token only where the answer is not where it is read from.
 * The transport removes them from the answer (redact.ts), as it does the API key.
 */
function knownSecrets(context: IHookFunctions, withToken: boolean): string[] {
	const staticData = context.getWorkflowStaticData('node') as TriggerStaticData;
	return [staticData.secret, withToken ? staticData.token : undefined].filter((value): value is string => typeof value === 'string' && value !== '');
}

/** Every outbound webhook of the organization, all pages read (apps may add to the five of its own). */
async function listWebhooks(context: IHookFunctions): Promise<OutboundWebhook[]> {
	const webhooks: OutboundWebhook[] = [];
	const start = { method: 'GET' as const, url: WEBHOOKS_PATH, secrets: knownSecrets(context, false) };
	for await (const response of kustomerPages(context, start, MAX_PAGE_SIZE)) {
		const data = (response.body as { data?: unknown })?.data;
		if (Array.isArray(data)) webhooks.push(...(data as OutboundWebhook[]));
	}
	return webhooks;
}

function tokenOf(webhook: OutboundWebhook | undefined): string | undefined {
	const token = webhook?.attributes?.token;
	return typeof token === 'string' && token ? token : undefined;
}

/**
 * The webhook's token as `GET /v1/outbound-webhooks/{id}` answers it (where Kustomer's docs say it can be
 * read again: https://developer.kustomer.com/docs/events/delivery-and-retries); undefined when gone or absent.
 */
async function readToken(context: IHookFunctions, id: string): Promise<string | undefined> {
	const response = await kustomerApiRequest(context, {
		method: 'GET',
		url: kustomerPath(`${WEBHOOKS_PATH}/{id}`, { id }),
		acceptStatus: [404],
		secrets: knownSecrets(context, false),
	});
	if (response.statusCode === 404) return undefined;
	return tokenOf((response.body as { data?: OutboundWebhook })?.data);
}

function selectedEvents(context: IHookFunctions): string[] {
	const value = context.getNodeParameter('events', []) as unknown;
	const events = [...new Set(Array.isArray(value) ? (value as unknown[]).map(String) : [])].sort();
	const fail = (message: string, description: string) => new NodeOperationError(context.getNode(), message, { description });
	if (!events.length) {
		throw fail('Choose at least one event in "Events"', 'The trigger registers a Kustomer outbound webhook for the chosen events.');
	}
	if (events.length > MAX_EVENTS_PER_WEBHOOK) {
		throw fail(
			`"Events" holds ${events.length} events; Kustomer takes at most ${MAX_EVENTS_PER_WEBHOOK} per outbound webhook`,
			`Remove events until ${MAX_EVENTS_PER_WEBHOOK} or fewer are left, or split them over two workflows.`,
		);
	}
	const unknown = events.filter((event) => !EVENT_NAMES.has(event));
	if (unknown.length) {
		throw fail(`"Events" holds events Kustomer does not send: ${unknown.join(', ')}`, `Choose events from the list: ${[...EVENT_NAMES].join(', ')}.`);
	}
	return events;
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
		secrets: knownSecrets(context, true),
	});
}

function forget(staticData: TriggerStaticData): void {
	delete staticData.webhookId;
	delete staticData.secret;
	delete staticData.token;
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
	const url = this.getNodeWebhookUrl('default');
	const existing = (await listWebhooks(this)).find((webhook) => webhook.attributes.url === url);
	if (!existing) {
		forget(staticData);
		return false;
	}
	// A webhook for other events, or one whose secret n8n no longer knows, is replaced.
	if (!staticData.secret || !sameEvents(existing, selectedEvents(this))) {
		await deleteWebhook(this, existing.id);
		forget(staticData);
		return false;
	}
	// Registered before the trigger kept Kustomer's token (or found under another id): read it again,
	// and replace the webhook when Kustomer does not give it.
	if (!staticData.token || staticData.webhookId !== existing.id) {
		const token = tokenOf(existing) ?? (await readToken(this, existing.id));
		if (!token) {
			await deleteWebhook(this, existing.id);
			forget(staticData);
			return false;
		}
		staticData.token = token;
	}
	staticData.webhookId = existing.id;
	return true;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
	const events = selectedEvents(this);
	const secret = randomString(40);
	const workflowName = this.getWorkflow().name ?? this.getWorkflow().id ?? 'workflow';
	const body = {
		name: `n8n: ${workflowName}`.slice(0, 100),
		url: this.getNodeWebhookUrl('default') as string,
		events,
		headers: [{ name: VERIFICATION_HEADER, value: secret }],
	};
	// The new secret is in the body: an answer echoing it (in an error, say) must not show it.
	const response = await kustomerApiRequest(this, { method: 'POST', url: WEBHOOKS_PATH, body, acceptStatus: [400], secrets: [secret, ...knownSecrets(this, true)] });
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
	const created = (response.body as { data?: OutboundWebhook })?.data;
	if (!created?.id) {
		throw new NodeOperationError(this.getNode(), 'Kustomer did not return the new outbound webhook\'s ID');
	}
	const token = tokenOf(created) ?? (await readToken(this, created.id));
	if (!token) {
		// Without the token no delivery could be verified: take the webhook away again.
		await deleteWebhook(this, created.id);
		throw new NodeOperationError(this.getNode(), 'Kustomer did not return the new outbound webhook\'s signing token', {
			description: 'The trigger checks every delivery\'s X-Kustomer-Webhook-Signature with it. Activate the workflow again; if this persists, check that the API key may read outbound webhooks (org.permission.outbound_webhook).',
		});
	}
	staticData.webhookId = created.id;
	staticData.secret = secret;
	staticData.token = token;
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
	if (staticData.webhookId) await deleteWebhook(this, staticData.webhookId);
	forget(staticData);
	return true;
}
