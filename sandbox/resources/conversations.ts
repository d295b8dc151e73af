/** Conversations (https://developer.kustomer.com/docs/concepts/conversations-and-messages): create (two ways), lists, lookups, merge/replace updates, delete and tag edits. */
import { updateChanges } from '../webhooks';
import type { HandlerContext, ResourceModule, SandboxState } from '../context';
import { bump } from '../context';
import { errorResponse, notFound, type SandboxResponse } from '../envelope';
import { pagedList } from '../paging';
import type { ConversationAttributes, ConversationRecord } from '../store';
import {
	CONVERSATION_TYPE,
	computedAttributes,
	conversationFields,
	countConversation,
	createConversation,
	duplicateExternalId,
	isConversation,
	newConversationAttributes,
	queueIdOf,
	renderConversation,
	touchConversation,
} from './conversationModel';
import { conversationSearch } from './conversationSearch';
import { resolveTagIds } from './tags';

const single = (status: number, record: ConversationRecord): SandboxResponse => ({ status, body: { data: renderConversation(record) } });
const conversationNotFound = (id: string): SandboxResponse => notFound(`conversation ${id} not found`);
const customerNotFound = (id: string): SandboxResponse => notFound(`customer ${id} not found`);

const bodyOf = (ctx: HandlerContext) => (ctx.body ?? {}) as Record<string, unknown>;

/** The relationships an update can change ({customer} moves, queue assigns), for the event's `changes`. */
const changeableRelationships = (record: ConversationRecord): Record<string, unknown> => ({
	customer: { type: 'customer', id: record.customerId },
	queue: record.queueId ? { type: 'queue', id: record.queueId } : undefined,
});

function created(result: ConversationRecord | SandboxResponse): SandboxResponse {
	return isConversation(result) ? single(201, result) : result;
}

function create(ctx: HandlerContext): SandboxResponse {
	const body = bodyOf(ctx);
	const customerId = String(body.customer);
	if (!ctx.state.store.customers.has(customerId)) return customerNotFound(customerId);
	return created(createConversation(ctx.state, customerId, body, ctx.principal));
}

function createForCustomer(ctx: HandlerContext): SandboxResponse {
	const customerId = ctx.params.id;
	if (!ctx.state.store.customers.has(customerId)) return customerNotFound(customerId);
	return created(createConversation(ctx.state, customerId, bodyOf(ctx), ctx.principal));
}

function list(ctx: HandlerContext): SandboxResponse {
	const all = [...ctx.state.store.conversations.values()];
	// the documented sort=desc orders by id, newest first (https://developer.kustomer.com/docs/concepts/pagination)
	if (ctx.query.sort === 'desc') all.reverse();
	return pagedList(ctx.query, all, renderConversation, '/v1/conversations', ctx.query.sort ? { sort: ctx.query.sort } : {});
}

function listForCustomer(ctx: HandlerContext): SandboxResponse {
	const customerId = ctx.params.id;
	if (!ctx.state.store.customers.has(customerId)) return customerNotFound(customerId);
	// fromDate keeps conversations updated at or after it (what an incremental sync needs)
	const from = ctx.query.fromDate ? Date.parse(ctx.query.fromDate) : Number.NEGATIVE_INFINITY;
	const mine = [...ctx.state.store.conversations.values()].filter(
		(c) => c.customerId === customerId && Date.parse(c.attributes.updatedAt) >= from,
	);
	const keep: Record<string, string> = ctx.query.fromDate ? { fromDate: ctx.query.fromDate } : {};
	return pagedList(ctx.query, mine, renderConversation, `/v1/customers/${customerId}/conversations`, keep);
}

/** GET /conversations/{id}; a comma-separated list of ids answers a list of the ones that exist (https://developer.kustomer.com/docs/concepts/conversations-and-messages). */
function getById(ctx: HandlerContext): SandboxResponse {
	const ids = ctx.params.id.split(',').map((s) => s.trim()).filter(Boolean);
	const { conversations } = ctx.state.store;
	if (ids.length <= 1) {
		const record = conversations.get(ctx.params.id);
		return record ? single(200, record) : conversationNotFound(ctx.params.id);
	}
	const found = ids.map((id) => conversations.get(id)).filter((c): c is ConversationRecord => Boolean(c));
	if (found.length === 0) return conversationNotFound(ctx.params.id);
	return { status: 200, body: { data: found.map(renderConversation) } };
}

function byExternalId(ctx: HandlerContext): SandboxResponse {
	const value = ctx.params.externalId;
	for (const record of ctx.state.store.conversations.values()) {
		if (record.attributes.externalId === value) return single(200, record);
	}
	return notFound(`conversation with externalId ${value} not found`);
}

/** The update body's second shape, `{customer}`, moves the conversation (and its timeline) to another customer. */
function move(state: SandboxState, record: ConversationRecord, customerId: string): SandboxResponse | undefined {
	if (!state.store.customers.has(customerId)) return customerNotFound(customerId);
	if (customerId === record.customerId) return undefined;
	countConversation(state, record.customerId, record.attributes.status, -1);
	countConversation(state, customerId, record.attributes.status, 1);
	record.customerId = customerId;
	for (const note of state.store.notes.values()) if (note.conversationId === record.id) note.customerId = customerId;
	for (const message of state.store.messages.values()) if (message.conversationId === record.id) message.customerId = customerId;
	return undefined;
}

/**
 * Merge (PATCH, PUT without replace=true): members overwrite, `custom` merges key by key and a null deletes
 * a key. Replace (PUT ?replace=true): the body becomes the document; computed attributes survive.
 */
function update(ctx: HandlerContext, replace: boolean): SandboxResponse {
	const { state } = ctx;
	const record = state.store.conversations.get(ctx.params.id);
	if (!record) return conversationNotFound(ctx.params.id);
	const body = bodyOf(ctx);
	const old = record.attributes;
	const related = changeableRelationships(record);
	if (typeof body.rev === 'number' && body.rev !== old.rev) {
		return errorResponse(409, 'conflict', 'Conflict', {
			detail: `rev ${body.rev} does not match the current rev ${old.rev} of conversation ${record.id}`,
			source: { pointer: '/rev' },
		});
	}
	const conflict = duplicateExternalId(state, body.externalId, record.id);
	if (conflict) return conflict;
	if (typeof body.customer === 'string') {
		const moved = move(state, record, body.customer);
		if (moved) return moved;
	}
	const fields = conversationFields(body);
	if (Array.isArray(fields.tags)) fields.tags = resolveTagIds(state, fields.tags as string[], ctx.principal.userId, true);
	let next: ConversationAttributes;
	if (replace) {
		next = { ...newConversationAttributes(fields, (fields.tags as string[]) ?? [], old.createdAt), ...computedAttributes(old) };
	} else {
		const custom: Record<string, unknown> = { ...old.custom };
		if (fields.custom && typeof fields.custom === 'object') {
			for (const [k, v] of Object.entries(fields.custom)) {
				if (v === null) delete custom[k];
				else custom[k] = v;
			}
		}
		next = { ...old, ...fields, custom } as ConversationAttributes;
	}
	if ('queue' in body) {
		const queueId = queueIdOf(body.queue);
		if (queueId) record.queueId = queueId;
		else delete record.queueId;
	}
	if (next.status !== old.status) {
		countConversation(state, record.customerId, old.status, -1);
		countConversation(state, record.customerId, next.status, 1);
	}
	next.rev = old.rev + 1;
	record.attributes = next;
	record.modifiedBy = ctx.principal.userId;
	touchConversation(state, record, {});
	bump(state.counters.updated, CONVERSATION_TYPE);
	const changes = updateChanges(old, record.attributes, { before: related, after: changeableRelationships(record) });
	state.webhooks?.emit('kustomer.conversation.update', renderConversation(record), changes);
	return single(200, record);
}

function remove(ctx: HandlerContext): SandboxResponse {
	const { store } = ctx.state;
	const record = store.conversations.get(ctx.params.id);
	if (!record) return conversationNotFound(ctx.params.id);
	store.conversations.delete(record.id);
	store.tombstone('conversation', record, ctx.principal.userId);
	countConversation(ctx.state, record.customerId, record.attributes.status, -1);
	// a conversation's notes and messages go with it
	for (const [id, note] of store.notes) {
		if (note.conversationId !== record.id) continue;
		store.notes.delete(id);
		store.tombstone('note', note, ctx.principal.userId);
	}
	for (const [id, message] of store.messages) {
		if (message.conversationId !== record.id) continue;
		store.messages.delete(id);
		store.tombstone('message', message, ctx.principal.userId);
	}
	bump(ctx.state.counters.deleted, CONVERSATION_TYPE);
	return { status: 204 };
}

/** POST (add, creating unknown tags) or DELETE (remove) /conversations/{id}/tags with a JSON array of names or ids. */
function editTags(ctx: HandlerContext, add: boolean): SandboxResponse {
	const record = ctx.state.store.conversations.get(ctx.params.id);
	if (!record) return conversationNotFound(ctx.params.id);
	const ids = resolveTagIds(ctx.state, (ctx.body ?? []) as string[], ctx.principal.userId, add);
	const current = record.attributes.tags;
	const tags = add ? [...current, ...ids.filter((id) => !current.includes(id))] : current.filter((id) => !ids.includes(id));
	record.modifiedBy = ctx.principal.userId;
	const before = record.attributes;
	touchConversation(ctx.state, record, { tags, rev: record.attributes.rev + 1 });
	bump(ctx.state.counters.updated, CONVERSATION_TYPE);
	ctx.state.webhooks?.emit('kustomer.conversation.update', renderConversation(record), updateChanges(before, record.attributes));
	return single(200, record);
}

export const conversations: ResourceModule = {
	name: 'conversations',
	handlers: {
		CreateConversation: create,
		CreateConversationForCustomer: createForCustomer,
		GetConversations: list,
		GetConversationsByCustomer: listForCustomer,
		GetConversation: getById,
		GetConversationByExternalId: byExternalId,
		UpdateConversation: (ctx) => update(ctx, ctx.query.replace === 'true'),
		UpdateConversationAttributes: (ctx) => update(ctx, false),
		DeleteConversation: remove,
		AppendTagsToConversation: (ctx) => editTags(ctx, true),
		RemoveTagsFromConversation: (ctx) => editTags(ctx, false),
	},
	searchContexts: [conversationSearch],
};
