/**
 * Outbound webhook registrations. Not in the Core Resources document, so these are extra routes: create
 * (at most 5 per org), list, get, delete. Delivery: ../webhooks.ts.
 * https://developer.kustomer.com/docs/events/outbound-webhooks ; https://developer.kustomer.com/api/apps-platform/list-outbound-webhooks
 */
import { randomBytes } from 'node:crypto';

import type { HandlerContext, ResourceModule } from '../context';
import { errorResponse, errorsResponse, notFound, relationship, type KustomerError, type ResourceObject, type SandboxResponse } from '../envelope';
import { pagedList } from '../paging';
import { SANDBOX_ORG_ID } from '../store';
import { EVENT_HEADER, SIGNATURE_HEADER, WEBHOOK_EVENTS, type OutboundWebhookRecord, type WebhookHeader } from '../webhooks';

/** Kustomer's limit on user-created outbound webhooks per organization. */
export const OUTBOUND_WEBHOOK_LIMIT = 5;

/**
 * Roles per route, as Kustomer lists them: the special `org.outbound_webhooks`, the permission-set
 * role of the action, or the legacy `org.admin.outbound_webhooks`.
 * https://developer.kustomer.com/api/apps-platform/list-outbound-webhooks ;
 * https://developer.kustomer.com/api/apps-platform/delete-outbound-webhook (create's permission-set
 * role follows the same naming; its page was not read).
 */
const rolesFor = (action: 'create' | 'read' | 'delete') => ['org.outbound_webhooks', `org.permission.outbound_webhook.${action}`, 'org.admin.outbound_webhooks'];
const BASE = '/v1/outbound-webhooks';

/** At most 12 events per webhook (https://developer.kustomer.com/docs/events/outbound-webhooks). */
export const MAX_EVENTS = 12;

/** Display name length (https://developer.kustomer.com/docs/events/outbound-webhooks). */
const MAX_NAME_LENGTH = 255;

/**
 * The `token` (the signature's key) is answered by create and by GET of one webhook, where Kustomer's docs
 * say it can be read (https://developer.kustomer.com/docs/events/outbound-webhooks ;
 * https://developer.kustomer.com/docs/events/delivery-and-retries); the list leaves it out (the docs do
 * not say it carries it: a sandbox choice, so clients read it where it is documented).
 */
function render(record: OutboundWebhookRecord, withToken: boolean): ResourceObject {
	const { token, ...attributes } = record.attributes;
	return {
		type: 'outbound_webhook',
		id: record.id,
		attributes: {
			...attributes,
			headers: record.attributes.headers.map((h) => ({ ...h })),
			events: [...record.attributes.events],
			...(withToken ? { token } : {}),
		},
		relationships: {
			org: relationship({ type: 'org', id: SANDBOX_ORG_ID }),
			createdBy: relationship({ type: 'user', id: record.createdBy }),
			modifiedBy: relationship({ type: 'user', id: record.modifiedBy }),
		},
		links: { self: `${BASE}/${record.id}` },
	};
}

const problem = (pointer: string, detail: string): KustomerError => ({ status: 400, code: 'invalid', title: 'Invalid value', detail, source: { pointer } });

/** RFC 9110 token: what an HTTP header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Headers the delivery itself sets (a JSON body) or that belong to the connection: the sandbox could not
 * send them as registered (fetch refuses some, others would corrupt the request), so it refuses them up front.
 */
const RESERVED_HEADERS = new Set([
	'content-type',
	'content-length',
	'host',
	'connection',
	'keep-alive',
	'transfer-encoding',
	'upgrade',
	'expect',
	'te',
	'trailer',
	EVENT_HEADER,
	SIGNATURE_HEADER,
]);

const MAX_URL_LENGTH = 255;

/** Why `value` is not a deliverable webhook url, or undefined when it is one. */
function urlProblem(value: unknown): string | undefined {
	if (typeof value !== 'string' || !value) return 'url must be a non-empty string';
	if (value.length > MAX_URL_LENGTH) return `url must be at most ${MAX_URL_LENGTH} characters`;
	let url: URL | undefined;
	try {
		url = /\s/.test(value) ? undefined : new URL(value);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return 'url must be an absolute http(s) URL';
	return undefined;
}

function headerProblems(headers: unknown): KustomerError[] {
	if (headers === undefined) return [];
	if (!Array.isArray(headers)) return [problem('/headers', 'headers must be a list of {name, value}')];
	const errors: KustomerError[] = [];
	headers.forEach((header, i) => {
		const h = (header && typeof header === 'object' ? header : {}) as { name?: unknown; value?: unknown };
		if (typeof h.name !== 'string' || !HEADER_NAME.test(h.name)) errors.push(problem(`/headers/${i}/name`, 'header name must be a valid HTTP header name'));
		else if (RESERVED_HEADERS.has(h.name.toLowerCase())) errors.push(problem(`/headers/${i}/name`, `${h.name} is set by the delivery itself`));
		// a line break would let a value smuggle in further headers
		if (typeof h.value !== 'string' || /[\r\n\0]/.test(h.value)) errors.push(problem(`/headers/${i}/value`, 'header value must be a string without line breaks'));
	});
	return errors;
}

/** Every problem of a create body, in field order, each naming its field. */
function validate(body: Record<string, unknown>): KustomerError[] {
	const errors: KustomerError[] = [];
	if (typeof body.name !== 'string' || !body.name.trim()) errors.push(problem('/name', 'name must be a non-empty string'));
	else if (body.name.length > MAX_NAME_LENGTH) errors.push(problem('/name', `name must be at most ${MAX_NAME_LENGTH} characters`));
	const url = urlProblem(body.url);
	if (url) errors.push(problem('/url', url));
	if (!Array.isArray(body.events) || body.events.length === 0) errors.push(problem('/events', 'events must be a non-empty list of event names'));
	else if (body.events.length > MAX_EVENTS) errors.push(problem('/events', `a webhook takes at most ${MAX_EVENTS} events`));
	else body.events.forEach((event, i) => {
		if (typeof event !== 'string' || !WEBHOOK_EVENTS.includes(event)) errors.push(problem(`/events/${i}`, `unknown event ${JSON.stringify(event)}; known: ${WEBHOOK_EVENTS.join(', ')}`));
	});
	errors.push(...headerProblems(body.headers));
	if (body.enabled !== undefined && typeof body.enabled !== 'boolean') errors.push(problem('/enabled', 'enabled must be a boolean'));
	return errors;
}

function create(ctx: HandlerContext): SandboxResponse {
	const { store } = ctx.state;
	const body = (ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? ctx.body : {}) as Record<string, unknown>;
	const errors = validate(body);
	if (errors.length) return errorsResponse(400, errors);
	if (store.outboundWebhooks.size >= OUTBOUND_WEBHOOK_LIMIT) {
		return errorResponse(400, 'outbound_webhook_limit', 'Outbound webhook limit reached', {
			detail: `An organization can have at most ${OUTBOUND_WEBHOOK_LIMIT} outbound webhooks`,
		});
	}
	const now = store.clock.nowIso();
	const record: OutboundWebhookRecord = {
		id: store.ids.next(),
		attributes: {
			name: String(body.name),
			url: String(body.url),
			events: [...(body.events as string[])],
			headers: ((body.headers ?? []) as WebhookHeader[]).map(({ name, value }) => ({ name, value })),
			token: randomBytes(32).toString('hex'),
			enabled: body.enabled !== false,
			isError: false,
			createdAt: now,
			modifiedAt: now,
			updatedAt: now,
		},
		createdBy: ctx.principal.userId,
		modifiedBy: ctx.principal.userId,
	};
	store.outboundWebhooks.set(record.id, record);
	return { status: 201, body: { data: render(record, true) } };
}

function list(ctx: HandlerContext): SandboxResponse {
	return pagedList(ctx.query, [...ctx.state.store.outboundWebhooks.values()], (record) => render(record, false), BASE);
}

function get(ctx: HandlerContext): SandboxResponse {
	const record = ctx.state.store.outboundWebhooks.get(ctx.params.id);
	return record ? { status: 200, body: { data: render(record, true) } } : notFound(`outbound webhook ${ctx.params.id} not found`);
}

function remove(ctx: HandlerContext): SandboxResponse {
	return ctx.state.store.outboundWebhooks.delete(ctx.params.id) ? { status: 204 } : notFound(`outbound webhook ${ctx.params.id} not found`);
}

export const outboundWebhooks: ResourceModule = {
	name: 'outboundWebhooks',
	extraRoutes: [
		{ method: 'POST', pattern: /^\/outbound-webhooks\/?$/, operationId: 'CreateOutboundWebhook', roles: rolesFor('create'), handler: create },
		{ method: 'GET', pattern: /^\/outbound-webhooks\/?$/, operationId: 'GetOutboundWebhooks', roles: rolesFor('read'), handler: list },
		{ method: 'GET', pattern: /^\/outbound-webhooks\/(?<id>[^/]+)$/, operationId: 'GetOutboundWebhook', roles: rolesFor('read'), handler: get },
		{ method: 'DELETE', pattern: /^\/outbound-webhooks\/(?<id>[^/]+)$/, operationId: 'DeleteOutboundWebhook', roles: rolesFor('delete'), handler: remove },
	],
};
