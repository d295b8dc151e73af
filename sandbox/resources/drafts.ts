/**
 * Drafts and forwards: how Kustomer sends something to a customer (messages only record one:
 * https://developer.kustomer.com/api/core-resources/create-message).
 *
 * Drafts (https://developer.kustomer.com/api/core-resources/create-draft-for-customer ;
 * https://developer.kustomer.com/api/core-resources/update-draft): there is no send endpoint, `sendAt`
 * decides.
 * - Create without `sendAt`: the draft is saved (status `draft`) and held.
 * - Create with `sendAt` and `scheduled: true`: held (status `scheduled`) until the record clock
 *   (store.clock) passes `sendAt`; a `sendAt` already due is sent at once.
 * - Create with `sendAt` but without `scheduled: true`: the page says `sendAt` is overridden and the
 *   draft handled immediately: sent at once.
 * - PUT with a timestamp in `sendAt` schedules it (sent at once when due), an empty `sendAt` (null or
 *   '') unschedules it (status `draft`), no `sendAt` keeps its state.
 * - Sending removes the draft and records an outbound (`direction: out`) message on its conversation
 *   (a new conversation when the draft named none), as the update page says.
 * The `from` of an email, SMS or WhatsApp draft must be one of the account's outbound accounts
 * (GET /v1/outboundAccounts: https://developer.kustomer.com/api/core-resources/get-outbound-accounts);
 * only one note draft is allowed per conversation. Answers are 200 with the draft (the document's
 * response code), DELETE 204. Sent drafts are answered with status `sent` and are gone afterwards.
 *
 * Forwards (https://developer.kustomer.com/api/core-resources/create-forward-by-conversation): a
 * conversation's messages emailed; status draft → scheduled → sent, by `sendAt` at create. They do not
 * touch the timeline (the docs say nothing of it).
 */
import type { Principal } from '../auth';
import type { HandlerContext, ResourceModule, SandboxState } from '../context';
import { bump } from '../context';
import { invalid, notFound, relationship, type ResourceObject, type SandboxResponse } from '../envelope';
import { pagedList } from '../paging';
import { SANDBOX_ORG_ID, type StoredRecord } from '../store';
import { createConversation, isConversation } from './conversationModel';
import { addMessage } from './messages';

export interface DraftRecord extends StoredRecord {
	customerId: string;
	conversationId?: string;
	/** Who created it: the sender when it goes out on its own (scheduled). */
	principal: Principal;
}

export interface ForwardRecord extends StoredRecord {
	customerId: string;
	conversationId: string;
}

/** The sandbox account's connected outbound accounts (the document's example shape). */
export const OUTBOUND_ACCOUNTS = [
	{ channel: 'email', name: 'Sandbox Support', account: 'support@sandbox.example.com' },
	{ channel: 'email', name: 'Sandbox Billing', account: 'billing@sandbox.example.com' },
	{ channel: 'sms', name: '(800) 555-1212', account: '+18005551212' },
	{ channel: 'whatsapp', name: 'WhatsApp Support', account: '+18005551313' },
];

/** The integration a draft names no `app` for goes out through (the sandbox's choice). */
const DEFAULT_APP: Record<string, string> = { email: 'postmark', sms: 'twilio', whatsapp: 'whatsapp' };

/** Draft members that are relationships or decided here rather than attributes. */
const NOT_ATTRIBUTES = ['customer', 'conversation', 'scheduled', 'sendAt'];

function renderDraft(record: DraftRecord): ResourceObject {
	return {
		type: 'draft',
		id: record.id,
		attributes: { ...record.attributes },
		relationships: {
			org: relationship({ type: 'org', id: SANDBOX_ORG_ID }),
			customer: relationship({ type: 'customer', id: record.customerId }),
			...(record.conversationId ? { conversation: relationship({ type: 'conversation', id: record.conversationId }) } : {}),
			createdBy: relationship({ type: 'user', id: record.createdBy }),
			modifiedBy: relationship({ type: 'user', id: record.modifiedBy }),
		},
		links: { self: `/v1/drafts/${record.id}` },
	};
}

function renderForward(record: ForwardRecord): ResourceObject {
	return {
		type: 'forward',
		id: record.id,
		attributes: { ...record.attributes },
		relationships: {
			org: relationship({ type: 'org', id: SANDBOX_ORG_ID }),
			customer: relationship({ type: 'customer', id: record.customerId }),
			conversation: relationship({ type: 'conversation', id: record.conversationId }),
			createdBy: relationship({ type: 'user', id: record.createdBy }),
			modifiedBy: relationship({ type: 'user', id: record.modifiedBy }),
		},
		links: { self: `/v1/forwards/${record.id}` },
	};
}

const isDue = (state: SandboxState, sendAt: unknown) =>
	typeof sendAt === 'string' && Date.parse(sendAt) <= state.store.clock.peekMs();

/** A `from` that is no connected outbound account of the draft's channel: the 400 to answer. */
function unknownSender(channel: string, from: unknown): SandboxResponse | undefined {
	if (from === undefined || !['email', 'sms', 'whatsapp'].includes(channel)) return undefined;
	const address = channel === 'email' ? (from as { email?: unknown })?.email : from;
	const known = OUTBOUND_ACCOUNTS.some((entry) => entry.channel === channel && entry.account.toLowerCase() === String(address).toLowerCase());
	return known
		? undefined
		: invalid('from is not a connected outbound account', { pointer: '/from' }, `${String(address)} is not among GET /v1/outboundAccounts for ${channel}`);
}

/** Sends the draft: an outbound message on its conversation (a new one when it has none), the draft gone. */
function sendDraft(state: SandboxState, draft: DraftRecord): SandboxResponse | undefined {
	const a = draft.attributes;
	const channel = String(a.channel);
	let conversation = draft.conversationId ? state.store.conversations.get(draft.conversationId) : undefined;
	if (!conversation) {
		const started = createConversation(state, draft.customerId, { name: String(a.subject ?? a.body ?? '').slice(0, 256), direction: 'out' }, draft.principal);
		if (!isConversation(started)) return started;
		conversation = started;
	}
	const meta: Record<string, unknown> = { draft: draft.id };
	for (const key of ['to', 'from', 'cc', 'bcc', 'htmlBody', 'replyTo']) if (a[key] !== undefined) meta[key] = a[key];
	const body: Record<string, unknown> = {
		channel,
		app: String(a.app ?? DEFAULT_APP[channel] ?? channel),
		direction: 'out',
		preview: typeof a.body === 'string' ? a.body : '',
		...(typeof a.subject === 'string' ? { subject: a.subject } : {}),
		meta,
	};
	const sent = addMessage({ state, principal: draft.principal, body }, conversation);
	if (sent.status >= 300) return sent;
	state.store.drafts.delete(draft.id);
	draft.conversationId = conversation.id;
	const now = state.store.clock.nowIso();
	draft.attributes = { ...a, status: 'sent', sentAt: now, updatedAt: now, modifiedAt: now };
	return undefined;
}

/** Sends every scheduled draft and forward the record clock has reached (before each API request). */
export function sendDueDrafts(state: SandboxState): void {
	for (const draft of [...state.store.drafts.values()]) {
		if (draft.attributes.status === 'scheduled' && isDue(state, draft.attributes.sendAt)) sendDraft(state, draft);
	}
	for (const forward of state.store.forwards.values()) {
		if (forward.attributes.status === 'scheduled' && isDue(state, forward.attributes.sendAt)) {
			const now = state.store.clock.nowIso();
			forward.attributes = { ...forward.attributes, status: 'sent', sentAt: now, updatedAt: now, modifiedAt: now };
		}
	}
}

/** After a create or update set `sendAt`: held, scheduled or sent, as the docs say. */
function settle(ctx: HandlerContext, draft: DraftRecord, scheduleWanted: boolean): SandboxResponse {
	const { state } = ctx;
	const sendAt = draft.attributes.sendAt;
	if (sendAt === undefined || sendAt === null || sendAt === '') {
		draft.attributes = { ...draft.attributes, status: 'draft', sendAt: null };
	} else if (scheduleWanted && !isDue(state, sendAt)) {
		draft.attributes = { ...draft.attributes, status: 'scheduled' };
	} else {
		const failed = sendDraft(state, draft);
		if (failed) return failed;
		return { status: 200, body: { data: renderDraft(draft) } };
	}
	state.store.drafts.set(draft.id, draft);
	return { status: 200, body: { data: renderDraft(draft) } };
}

function createDraft(ctx: HandlerContext): SandboxResponse {
	const { state, principal } = ctx;
	const customerId = ctx.params.id;
	if (!state.store.customers.has(customerId)) return notFound(`customer ${customerId} not found`);
	const body = (ctx.body ?? {}) as Record<string, unknown>;
	const channel = String(body.channel);
	let conversationId: string | undefined;
	if (typeof body.conversation === 'string') {
		const conversation = state.store.conversations.get(body.conversation);
		if (!conversation) return notFound(`conversation ${body.conversation} not found`);
		if (conversation.customerId !== customerId) return invalid(`conversation ${conversation.id} belongs to another customer`, { pointer: '/conversation' });
		conversationId = conversation.id;
		if (channel === 'note' && [...state.store.drafts.values()].some((d) => d.conversationId === conversationId && d.attributes.channel === 'note')) {
			return invalid('only one note draft is allowed per conversation', { pointer: '/channel' });
		}
	}
	const wrongSender = unknownSender(channel, body.from);
	if (wrongSender) return wrongSender;
	const fields = { ...body };
	for (const key of NOT_ATTRIBUTES) delete fields[key];
	const now = state.store.clock.nowIso();
	const draft: DraftRecord = {
		id: state.store.ids.next(),
		attributes: { ...fields, channel, status: 'draft', sendAt: body.sendAt ?? null, createdAt: now, updatedAt: now, modifiedAt: now },
		customerId,
		...(conversationId ? { conversationId } : {}),
		createdBy: principal.userId,
		modifiedBy: principal.userId,
		principal,
	};
	bump(state.counters.created, 'draft');
	return settle(ctx, draft, body.scheduled === true);
}

function updateDraft(ctx: HandlerContext): SandboxResponse {
	const { state, principal } = ctx;
	const draft = state.store.drafts.get(ctx.params.id);
	if (!draft) return notFound(`draft ${ctx.params.id} not found`);
	const body = (ctx.body ?? {}) as Record<string, unknown>;
	if (body.channel !== draft.attributes.channel) {
		return invalid(`channel must stay ${String(draft.attributes.channel)}`, { pointer: '/channel' });
	}
	const wrongSender = unknownSender(String(body.channel), body.from);
	if (wrongSender) return wrongSender;
	const fields = { ...body };
	for (const key of NOT_ATTRIBUTES) delete fields[key];
	const now = state.store.clock.nowIso();
	draft.attributes = { ...draft.attributes, ...fields, updatedAt: now, modifiedAt: now };
	draft.modifiedBy = principal.userId;
	bump(state.counters.updated, 'draft');
	// No sendAt: the draft keeps its state (a scheduled one stays scheduled for its time).
	if (!('sendAt' in body)) return { status: 200, body: { data: renderDraft(draft) } };
	draft.attributes = { ...draft.attributes, sendAt: body.sendAt };
	return settle(ctx, draft, true);
}

function deleteDraft(ctx: HandlerContext): SandboxResponse {
	const { state } = ctx;
	if (!state.store.drafts.delete(ctx.params.id)) return notFound(`draft ${ctx.params.id} not found`);
	bump(state.counters.deleted, 'draft');
	return { status: 204, body: undefined };
}

function listDrafts(ctx: HandlerContext): SandboxResponse {
	const id = ctx.params.id;
	if (!ctx.state.store.customers.has(id)) return notFound(`customer ${id} not found`);
	const drafts = [...ctx.state.store.drafts.values()].filter((d) => d.customerId === id);
	return pagedList(ctx.query, drafts, renderDraft, `/v1/customers/${id}/drafts`);
}

function createForward(ctx: HandlerContext): SandboxResponse {
	const { state, principal } = ctx;
	const conversation = state.store.conversations.get(ctx.params.id);
	if (!conversation) return notFound(`conversation ${ctx.params.id} not found`);
	const body = (ctx.body ?? {}) as Record<string, unknown>;
	const wrongSender = unknownSender('email', body.from);
	if (wrongSender) return wrongSender;
	if (typeof body.customer === 'string' && body.customer !== conversation.customerId) {
		return invalid(`conversation ${conversation.id} belongs to another customer`, { pointer: '/customer' });
	}
	const now = state.store.clock.nowIso();
	const fields = { ...body };
	delete fields.customer;
	const sendAt = typeof body.sendAt === 'string' ? body.sendAt : undefined;
	const status = sendAt === undefined ? 'draft' : isDue(state, sendAt) ? 'sent' : 'scheduled';
	const forward: ForwardRecord = {
		id: state.store.ids.next(),
		attributes: { app: DEFAULT_APP.email, ...fields, status, ...(status === 'sent' ? { sentAt: now } : {}), createdAt: now, updatedAt: now, modifiedAt: now },
		customerId: conversation.customerId,
		conversationId: conversation.id,
		createdBy: principal.userId,
		modifiedBy: principal.userId,
	};
	state.store.forwards.set(forward.id, forward);
	bump(state.counters.created, 'forward');
	return { status: 200, body: { data: renderForward(forward) } };
}

function getForward(ctx: HandlerContext): SandboxResponse {
	const forward = ctx.state.store.forwards.get(ctx.params.id);
	return forward ? { status: 200, body: { data: renderForward(forward) } } : notFound(`forward ${ctx.params.id} not found`);
}

function listForwards(ctx: HandlerContext): SandboxResponse {
	const id = ctx.params.id;
	if (!ctx.state.store.conversations.has(id)) return notFound(`conversation ${id} not found`);
	const forwards = [...ctx.state.store.forwards.values()].filter((f) => f.conversationId === id);
	return pagedList(ctx.query, forwards, renderForward, `/v1/conversations/${id}/forwards`);
}

function outboundAccounts(ctx: HandlerContext): SandboxResponse {
	const data = OUTBOUND_ACCOUNTS.map((attributes) => ({ type: 'outbound_account', attributes: { ...attributes } }));
	if (ctx.query.page && ctx.query.page !== '1') return { status: 200, body: { meta: {}, data: [], links: { self: '/v1/outboundAccounts' } } };
	return { status: 200, body: { meta: {}, data, links: { self: '/v1/outboundAccounts' } } };
}

export const drafts: ResourceModule = {
	name: 'drafts',
	handlers: {
		CreateDraftByCustomer: createDraft,
		GetAllDraftsByCustomer: listDrafts,
		UpdateDraft: updateDraft,
		DeleteDraft: deleteDraft,
		CreateForwardByConversation: createForward,
		GetAllForwardsByConversation: listForwards,
		GetaDraftForwardById: getForward,
		GetOutboundAccounts: outboundAccounts,
	},
};
