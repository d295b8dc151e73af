/**
 * Messages (https://developer.kustomer.com/api/core-resources/create-message): timeline records of messages sent elsewhere — creating one sends nothing. Created under a
 * conversation (inheriting its customer) or under a customer (linked to `conversation` when given, else to
 * a new conversation). The conversation's messageCount, channels and direction counters follow.
 */
import type { HandlerContext, ResourceModule, SandboxState } from '../context';
import { bump } from '../context';
import { invalid, notFound, relationship, type ResourceObject, type SandboxResponse } from '../envelope';
import { pagedList } from '../paging';
import { SANDBOX_ORG_ID, type ConversationRecord, type MessageAttributes, type MessageRecord } from '../store';
import { createConversation, isConversation, touchConversation } from './conversationModel';

const TYPE = 'message';

/** Body members that are relationships or set by Kustomer rather than attributes. */
const NOT_ATTRIBUTES = ['id', 'conversation', 'customer', 'createdBy', 'modifiedBy', 'modifiedAt'] as const;

export function renderMessage(record: MessageRecord): ResourceObject {
	return {
		type: TYPE,
		id: record.id,
		attributes: { ...record.attributes },
		relationships: {
			org: relationship({ type: 'org', id: SANDBOX_ORG_ID }),
			customer: relationship({ type: 'customer', id: record.customerId }),
			conversation: relationship({ type: 'conversation', id: record.conversationId }),
			createdBy: relationship({ type: 'user', id: record.createdBy }),
			modifiedBy: relationship({ type: 'user', id: record.modifiedBy }),
		},
		links: { self: `/v1/messages/${record.id}` },
	};
}

/** initial-in/out for a conversation's first message, then response-* on a change of side, followup-* otherwise. */
function directionType(conversation: ConversationRecord, direction: string, state: SandboxState): string {
	let last: MessageRecord | undefined;
	for (const m of state.store.messages.values()) if (m.conversationId === conversation.id) last = m;
	if (!last) return `initial-${direction}`;
	return last.attributes.direction === direction ? `followup-${direction}` : `response-${direction}`;
}

/** Records a message on the conversation (also how a sent draft reaches the timeline: drafts.ts). */
export function addMessage(ctx: Pick<HandlerContext, 'state' | 'principal' | 'body'>, conversation: ConversationRecord): SandboxResponse {
	const { state, principal } = ctx;
	const body = (ctx.body ?? {}) as Record<string, unknown>;
	const fields = { ...body };
	for (const key of NOT_ATTRIBUTES) delete fields[key];
	const now = state.store.clock.nowIso();
	const direction = body.direction === 'out' ? 'out' : 'in';
	const record: MessageRecord = {
		id: typeof body.id === 'string' && !state.store.messages.has(body.id) ? body.id : state.store.ids.next(),
		attributes: {
			size: 1,
			meta: {},
			status: direction === 'out' ? 'sent' : 'received',
			sentAt: now,
			...fields,
			channel: String(body.channel),
			app: String(body.app),
			direction,
			directionType: directionType(conversation, direction, state),
			createdAt: typeof fields.createdAt === 'string' ? fields.createdAt : now,
			updatedAt: now,
			modifiedAt: now,
		} as MessageAttributes,
		conversationId: conversation.id,
		customerId: conversation.customerId,
		createdBy: principal.userId,
		modifiedBy: principal.userId,
	};
	state.store.messages.set(record.id, record);
	const a = conversation.attributes;
	const summary = { id: record.id, sentAt: record.attributes.sentAt, channel: record.attributes.channel };
	touchConversation(state, conversation, {
		messageCount: a.messageCount + 1,
		inboundMessageCount: a.inboundMessageCount + (direction === 'in' ? 1 : 0),
		outboundMessageCount: a.outboundMessageCount + (direction === 'out' ? 1 : 0),
		channels: a.channels.includes(record.attributes.channel) ? a.channels : [...a.channels, record.attributes.channel],
		...(direction === 'in' ? { lastMessageIn: summary } : { lastMessageOut: summary }),
	});
	bump(state.counters.created, TYPE);
	state.webhooks?.emit('kustomer.message.create', renderMessage(record));
	return { status: 201, body: { data: renderMessage(record) } };
}

function createInConversation(ctx: HandlerContext): SandboxResponse {
	const conversation = ctx.state.store.conversations.get(ctx.params.id);
	return conversation ? addMessage(ctx, conversation) : notFound(`conversation ${ctx.params.id} not found`);
}

function createForCustomer(ctx: HandlerContext): SandboxResponse {
	const { state } = ctx;
	const customerId = ctx.params.id;
	if (!state.store.customers.has(customerId)) return notFound(`customer ${customerId} not found`);
	const body = (ctx.body ?? {}) as Record<string, unknown>;
	if (typeof body.conversation === 'string') {
		const conversation = state.store.conversations.get(body.conversation);
		if (!conversation) return notFound(`conversation ${body.conversation} not found`);
		if (conversation.customerId !== customerId) {
			return invalid(`conversation ${conversation.id} belongs to another customer`, { pointer: '/conversation' });
		}
		return addMessage(ctx, conversation);
	}
	// no conversation given: Kustomer starts one, named after the message
	const name = String(body.subject ?? body.preview ?? '').slice(0, 256);
	const started = createConversation(state, customerId, { name, direction: body.direction === 'out' ? 'out' : 'in' }, ctx.principal);
	return isConversation(started) ? addMessage(ctx, started) : started;
}

function listWhere(ctx: HandlerContext, keep: (m: MessageRecord) => boolean, basePath: string): SandboxResponse {
	const messages = [...ctx.state.store.messages.values()].filter(keep);
	if (ctx.query.sort === 'desc') messages.reverse();
	return pagedList(ctx.query, messages, renderMessage, basePath, ctx.query.sort ? { sort: ctx.query.sort } : {});
}

function listForConversation(ctx: HandlerContext): SandboxResponse {
	const id = ctx.params.id;
	if (!ctx.state.store.conversations.has(id)) return notFound(`conversation ${id} not found`);
	return listWhere(ctx, (m) => m.conversationId === id, `/v1/conversations/${id}/messages`);
}

function listForCustomer(ctx: HandlerContext): SandboxResponse {
	const id = ctx.params.id;
	if (!ctx.state.store.customers.has(id)) return notFound(`customer ${id} not found`);
	return listWhere(ctx, (m) => m.customerId === id, `/v1/customers/${id}/messages`);
}

function getById(ctx: HandlerContext): SandboxResponse {
	const record = ctx.state.store.messages.get(ctx.params.id);
	return record ? { status: 200, body: { data: renderMessage(record) } } : notFound(`message ${ctx.params.id} not found`);
}

export const messages: ResourceModule = {
	name: 'messages',
	handlers: {
		CreateMessageFromConversation: createInConversation,
		CreateMessageByCustomer: createForCustomer,
		GetMessagesByConversation: listForConversation,
		GetMessagesByCustomer: listForCustomer,
		GetMessages: (ctx) => listWhere(ctx, () => true, '/v1/messages'),
		GetMessage: getById,
	},
};
