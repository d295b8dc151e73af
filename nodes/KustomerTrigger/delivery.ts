import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readSeen, rememberEvent, REMEMBER_MS, type SeenEvents } from './remembered';
import { safeEqual, signatureMatches, SIGNATURE_HEADER } from './signature';
import { VERIFICATION_HEADER, type TriggerStaticData } from './webhooks';

/**
 * What happens to one delivery: it must carry the secret header set at activation and Kustomer's
 * signature made with the webhook's token (else 401, nothing starts); it is routed by its event name;
 * repeats of an event already delivered are acknowledged without a second execution.
 */

/** The event name Kustomer puts on every delivery (https://developer.kustomer.com/docs/events). */
export const EVENT_HEADER = 'x-kustomer-webhook-event';

interface KustomerEvent {
	id?: string;
	name: string;
	createdAt?: string;
	data: { id?: string; type?: string; attributes?: IDataObject; relationships?: IDataObject };
	/** null on create events (https://developer.kustomer.com/docs/events/event-catalog). */
	changes?: { attributes?: IDataObject; relationships?: IDataObject } | null;
}

function isKustomerEvent(body: unknown): body is KustomerEvent {
	const event = body as KustomerEvent | undefined;
	return typeof event?.name === 'string' && typeof event.data === 'object' && event.data !== null;
}

/** `{ field: { op, before, after } }` → `{ field: { before, after } }`, attributes and relationships together. */
function simplifyChanges(changes: KustomerEvent['changes']): IDataObject | undefined {
	if (!changes) return undefined;
	const simple: IDataObject = {};
	for (const group of [changes.attributes, changes.relationships]) {
		for (const [field, change] of Object.entries(group ?? {})) {
			const { before, after } = (change ?? {}) as IDataObject;
			simple[field] = { before, after };
		}
	}
	return simple;
}

/** The record's fields, its own `id` and `type` (never an attribute of that name), then what the event says about it. */
export function simplifyEvent(event: KustomerEvent): IDataObject {
	const output: IDataObject = {
		...(event.data.attributes ?? {}),
		id: event.data.id,
		type: event.data.type,
		event: event.name,
		eventId: event.id,
		eventCreatedAt: event.createdAt,
	};
	const changes = simplifyChanges(event.changes);
	if (changes) output.changes = changes;
	return output;
}

/** Ids seen by this n8n process, per outbound webhook, for deliveries whose static data was not saved yet. */
const seenInProcess = new Map<string, SeenEvents>();

function alreadyDelivered(staticData: TriggerStaticData, eventId: string, now: number): boolean {
	const key = staticData.webhookId ?? 'unregistered';
	const stored = rememberEvent(readSeen(staticData.seenEvents, staticData.recentEventIds, now), eventId, now);
	staticData.seenEvents = stored.seen;
	delete staticData.recentEventIds;
	const inProcess = rememberEvent(seenInProcess.get(key) ?? [], eventId, now);
	seenInProcess.set(key, inProcess.seen);
	// Webhooks that received nothing within the window (deleted, replaced) are forgotten entirely.
	for (const [other, seen] of seenInProcess) {
		if (!seen.length || seen[seen.length - 1][1] <= now - REMEMBER_MS) seenInProcess.delete(other);
	}
	return stored.duplicate || inProcess.duplicate;
}

function header(headers: IDataObject, name: string): string | undefined {
	const value = headers[name];
	return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

/** The body exactly as received: the signature is over these bytes, not over the parsed JSON. */
function rawBodyOf(context: IWebhookFunctions): Uint8Array | undefined {
	const raw = (context.getRequestObject() as { rawBody?: unknown }).rawBody;
	if (typeof raw === 'string') return new TextEncoder().encode(raw);
	return ArrayBuffer.isView(raw) ? (raw as Uint8Array) : undefined;
}

export async function receive(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
	const headers = this.getHeaderData() as IDataObject;
	const refuse = (status: number, message: string): IWebhookResponseData => {
		this.getResponseObject().status(status).json({ message });
		return { noWebhookResponse: true };
	};

	const given = header(headers, VERIFICATION_HEADER);
	if (!staticData.secret || given === undefined || !safeEqual(given, staticData.secret)) {
		return refuse(401, 'Unauthorized');
	}
	const signature = header(headers, SIGNATURE_HEADER);
	const rawBody = rawBodyOf(this);
	if (!staticData.token || signature === undefined || !rawBody || !(await signatureMatches(staticData.token, rawBody, signature))) {
		return refuse(401, 'Invalid signature');
	}

	const body = this.getBodyData();
	if (!isKustomerEvent(body)) return refuse(400, 'The body is not a Kustomer event');
	const eventName = header(headers, EVENT_HEADER) ?? body.name;
	// The body is signed, the header is not: they must agree.
	if (eventName !== body.name) return refuse(400, 'The X-Kustomer-Webhook-Event header does not match the event');
	const events = this.getNodeParameter('events', []) as string[];
	// An event the trigger no longer listens for (changed while a delivery was on its way).
	if (!events.includes(eventName)) return { webhookResponse: { received: true } };
	if (body.id && alreadyDelivered(staticData, body.id, Date.now())) return { webhookResponse: { received: true, duplicate: true } };

	const simplify = this.getNodeParameter('simplify', true) as boolean;
	const output = simplify ? simplifyEvent(body) : (body as unknown as IDataObject);
	return { workflowData: [this.helpers.returnJsonArray([output])] };
}
