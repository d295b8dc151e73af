import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { VERIFICATION_HEADER, type TriggerStaticData } from './webhooks';

/**
 * What happens to one delivery: it must carry the secret set at activation (and, when the user
 * configured Kustomer's signing secret and the delivery is signed, a valid signature); repeats of
 * an event Kustomer already delivered are acknowledged without a second execution.
 */

/** Header name used by Kustomer's signed deliveries (kustomer-api.md §14.4: not confirmed by Kustomer). */
export const SIGNATURE_HEADER = 'x-kustomer-signature';

/** Event ids remembered per trigger: Kustomer retries a failed delivery about ten times. */
const REMEMBERED_EVENTS = 500;

/** Compares without stopping at the first difference, so timing does not reveal the secret. */
export function safeEqual(given: string, expected: string): boolean {
	const length = Math.max(given.length, expected.length);
	let difference = given.length ^ expected.length;
	for (let index = 0; index < length; index++) {
		difference |= (given.charCodeAt(index) || 0) ^ (expected.charCodeAt(index) || 0);
	}
	return difference === 0;
}

/** HMAC-SHA256 of the raw body, given as hex (optionally `sha256=`) or base64. */
export async function signatureMatches(secret: string, rawBody: Uint8Array, header: string): Promise<boolean> {
	const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
	const digest = Buffer.from(await crypto.subtle.sign('HMAC', key, rawBody));
	const given = header.trim().replace(/^sha256=/i, '');
	const hex = safeEqual(given.toLowerCase(), digest.toString('hex'));
	const base64 = safeEqual(given, digest.toString('base64'));
	return hex || base64;
}

interface KustomerEvent {
	id?: string;
	name: string;
	createdAt?: string;
	data: { id?: string; type?: string; attributes?: IDataObject; relationships?: IDataObject };
	changes?: { attributes?: IDataObject; relationships?: IDataObject };
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

/** The record's fields, then what the event says about it. */
export function simplifyEvent(event: KustomerEvent): IDataObject {
	const output: IDataObject = {
		id: event.data.id,
		type: event.data.type,
		...(event.data.attributes ?? {}),
		event: event.name,
		eventId: event.id,
		eventCreatedAt: event.createdAt,
	};
	const changes = simplifyChanges(event.changes);
	if (changes) output.changes = changes;
	return output;
}

/** Ids seen by this n8n process, per outbound webhook, for when static data is not saved between calls. */
const seenInProcess = new Map<string, string[]>();

function remember(list: string[], eventId: string): string[] {
	list.push(eventId);
	return list.length > REMEMBERED_EVENTS ? list.slice(-REMEMBERED_EVENTS) : list;
}

function alreadyDelivered(staticData: TriggerStaticData, eventId: string): boolean {
	const key = staticData.webhookId ?? 'unregistered';
	const inProcess = seenInProcess.get(key) ?? [];
	const stored = Array.isArray(staticData.recentEventIds) ? (staticData.recentEventIds as string[]) : [];
	if (inProcess.includes(eventId) || stored.includes(eventId)) return true;
	seenInProcess.set(key, remember(inProcess, eventId));
	staticData.recentEventIds = remember([...stored], eventId);
	return false;
}

function header(headers: IDataObject, name: string): string | undefined {
	const value = headers[name];
	return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
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
	const signingSecret = this.getNodeParameter('options.signingSecret', '') as string;
	const signature = header(headers, SIGNATURE_HEADER);
	if (signingSecret && signature !== undefined) {
		const rawBody = (this.getRequestObject() as { rawBody?: Uint8Array }).rawBody;
		if (!rawBody || !(await signatureMatches(signingSecret, rawBody, signature))) return refuse(401, 'Invalid signature');
	}

	const body = this.getBodyData();
	if (!isKustomerEvent(body)) return refuse(400, 'The body is not a Kustomer event');
	const events = this.getNodeParameter('events', []) as string[];
	// An event the trigger no longer listens for (changed while a delivery was on its way).
	if (!events.includes(body.name)) return { webhookResponse: { received: true } };
	if (body.id && alreadyDelivered(staticData, body.id)) return { webhookResponse: { received: true, duplicate: true } };

	const simplify = this.getNodeParameter('simplify', true) as boolean;
	const output = simplify ? simplifyEvent(body) : (body as unknown as IDataObject);
	return { workflowData: [this.helpers.returnJsonArray([output])] };
}
