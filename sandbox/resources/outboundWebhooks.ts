/**
 * Outbound webhook registrations (kustomer-api.md §14.1). Not in the Core Resources document, so
 * these are extra routes: create (at most 5 per org), list, get, delete. Delivery: ../webhooks.ts.
 */
import type { HandlerContext, ResourceModule } from '../context';
import { errorResponse, errorsResponse, notFound, type KustomerError, type ResourceObject, type SandboxResponse } from '../envelope';
import { pagedList } from '../paging';
import { WEBHOOK_EVENTS, type OutboundWebhookRecord } from '../webhooks';

/** Kustomer's limit on user-created outbound webhooks per organization. */
export const OUTBOUND_WEBHOOK_LIMIT = 5;

const ROLES = ['org.permission.outbound_webhook', 'org.admin.outbound_webhook', 'org.admin'];
const BASE = '/v1/outbound-webhooks';

function render(record: OutboundWebhookRecord): ResourceObject {
	return {
		type: 'outbound_webhook',
		id: record.id,
		attributes: { ...record.attributes, headers: record.attributes.headers.map((h) => ({ ...h })), events: [...record.attributes.events] },
		relationships: {},
		links: { self: `${BASE}/${record.id}` },
	};
}

const problem = (pointer: string, detail: string): KustomerError => ({ status: 400, code: 'invalid', title: 'Invalid value', detail, source: { pointer } });

function validate(body: Record<string, unknown>): KustomerError[] {
	const errors: KustomerError[] = [];
	if (typeof body.name !== 'string' || !body.name.trim()) errors.push(problem('/name', 'name must be a non-empty string'));
	if (typeof body.url !== 'string' || body.url.length > 255 || !/^https?:\/\/[^\s/]+/i.test(body.url)) {
		errors.push(problem('/url', 'url must be an absolute http(s) URL of at most 255 characters'));
	}
	if (!Array.isArray(body.events) || body.events.length === 0) errors.push(problem('/events', 'events must be a non-empty list'));
	else body.events.forEach((event, i) => {
		if (typeof event !== 'string' || !WEBHOOK_EVENTS.includes(event)) errors.push(problem(`/events/${i}`, `unknown event ${JSON.stringify(event)}`));
	});
	if (body.headers !== undefined) {
		if (!Array.isArray(body.headers)) errors.push(problem('/headers', 'headers must be a list of {name, value}'));
		else body.headers.forEach((header, i) => {
			const h = header as { name?: unknown; value?: unknown } | null;
			if (typeof h?.name !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h.name)) errors.push(problem(`/headers/${i}/name`, 'header name must be a valid HTTP header name'));
			if (typeof h?.value !== 'string') errors.push(problem(`/headers/${i}/value`, 'header value must be a string'));
		});
	}
	if (body.enabled !== undefined && typeof body.enabled !== 'boolean') errors.push(problem('/enabled', 'enabled must be a boolean'));
	return errors;
}

function create(ctx: HandlerContext): SandboxResponse {
	const { store } = ctx.state;
	const body = (ctx.body && typeof ctx.body === 'object' ? ctx.body : {}) as Record<string, unknown>;
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
			headers: ((body.headers ?? []) as Array<{ name: string; value: string }>).map(({ name, value }) => ({ name, value })),
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
	return { status: 201, body: { data: render(record) } };
}

function list(ctx: HandlerContext): SandboxResponse {
	return pagedList(ctx.query, [...ctx.state.store.outboundWebhooks.values()], render, BASE);
}

function get(ctx: HandlerContext): SandboxResponse {
	const record = ctx.state.store.outboundWebhooks.get(ctx.params.id);
	return record ? { status: 200, body: { data: render(record) } } : notFound(`outbound webhook ${ctx.params.id} not found`);
}

function remove(ctx: HandlerContext): SandboxResponse {
	return ctx.state.store.outboundWebhooks.delete(ctx.params.id) ? { status: 204 } : notFound(`outbound webhook ${ctx.params.id} not found`);
}

export const outboundWebhooks: ResourceModule = {
	name: 'outboundWebhooks',
	extraRoutes: [
		{ method: 'POST', pattern: /^\/outbound-webhooks\/?$/, operationId: 'CreateOutboundWebhook', roles: ROLES, handler: create },
		{ method: 'GET', pattern: /^\/outbound-webhooks\/?$/, operationId: 'GetOutboundWebhooks', roles: ROLES, handler: list },
		{ method: 'GET', pattern: /^\/outbound-webhooks\/(?<id>[^/]+)$/, operationId: 'GetOutboundWebhook', roles: ROLES, handler: get },
		{ method: 'DELETE', pattern: /^\/outbound-webhooks\/(?<id>[^/]+)$/, operationId: 'DeleteOutboundWebhook', roles: ROLES, handler: remove },
	],
};
