/**
 * Notes (Kustomer's Core Resources OpenAPI): internal comments on a conversation. Created under a conversation, listed per conversation,
 * per customer or org-wide, updated (merge or replace) and deleted by id. The conversation's noteCount
 * follows every create, move and delete.
 */
import type { HandlerContext, ResourceModule, SandboxState } from '../context';
import { bump } from '../context';
import { notFound, relationship, type ResourceObject, type SandboxResponse } from '../envelope';
import { pagedList } from '../paging';
import { SANDBOX_ORG_ID, type NoteAttributes, type NoteRecord } from '../store';
import { touchConversation } from './conversationModel';

const TYPE = 'note';

/** Body members that are relationships or set by Kustomer rather than attributes. */
const NOT_ATTRIBUTES = ['id', 'conversation', 'createdBy', 'modifiedBy', 'updatedAt', 'modifiedAt'] as const;

function noteFields(body: Record<string, unknown>): Record<string, unknown> {
	const fields = { ...body };
	for (const key of NOT_ATTRIBUTES) delete fields[key];
	return fields;
}

export function renderNote(record: NoteRecord): ResourceObject {
	const mentions = (record.attributes.userMentions ?? []).flatMap((m) =>
		m.user ? [{ type: 'user', id: m.user }] : m.team ? [{ type: 'team', id: m.team }] : [],
	);
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
			userMentions: { data: mentions },
		},
		links: { self: `/v1/notes/${record.id}` },
	};
}

const single = (status: number, record: NoteRecord): SandboxResponse => ({ status, body: { data: renderNote(record) } });
const noteNotFound = (id: string) => notFound(`note ${id} not found`);
const conversationNotFound = (id: string) => notFound(`conversation ${id} not found`);

/** Moves the noteCount of a conversation (if it still exists) by delta. */
function countNote(state: SandboxState, conversationId: string, delta: number): void {
	const conversation = state.store.conversations.get(conversationId);
	if (conversation) touchConversation(state, conversation, { noteCount: conversation.attributes.noteCount + delta });
}

function create(ctx: HandlerContext): SandboxResponse {
	const { state, principal } = ctx;
	const conversation = state.store.conversations.get(ctx.params.id);
	if (!conversation) return conversationNotFound(ctx.params.id);
	const body = (ctx.body ?? {}) as Record<string, unknown>;
	const now = state.store.clock.nowIso();
	const fields = noteFields(body);
	const record: NoteRecord = {
		id: typeof body.id === 'string' && body.id && !state.store.notes.has(body.id) ? body.id : state.store.ids.next(),
		attributes: {
			userMentions: [],
			...fields,
			body: String(fields.body),
			createdAt: typeof fields.createdAt === 'string' ? fields.createdAt : now,
			updatedAt: now,
			modifiedAt: now,
		} as NoteAttributes,
		conversationId: conversation.id,
		customerId: conversation.customerId,
		createdBy: principal.userId,
		modifiedBy: principal.userId,
	};
	state.store.notes.set(record.id, record);
	countNote(state, conversation.id, 1);
	bump(state.counters.created, TYPE);
	return single(201, record);
}

function listForConversation(ctx: HandlerContext): SandboxResponse {
	const id = ctx.params.id;
	if (!ctx.state.store.conversations.has(id)) return conversationNotFound(id);
	const notes = [...ctx.state.store.notes.values()].filter((n) => n.conversationId === id);
	return pagedList(ctx.query, notes, renderNote, `/v1/conversations/${id}/notes`);
}

function listForCustomer(ctx: HandlerContext): SandboxResponse {
	const id = ctx.params.id;
	if (!ctx.state.store.customers.has(id)) return notFound(`customer ${id} not found`);
	const notes = [...ctx.state.store.notes.values()].filter((n) => n.customerId === id);
	return pagedList(ctx.query, notes, renderNote, `/v1/customers/${id}/notes`);
}

function getById(ctx: HandlerContext): SandboxResponse {
	const record = ctx.state.store.notes.get(ctx.params.id);
	return record ? single(200, record) : noteNotFound(ctx.params.id);
}

/** Merge (PATCH, PUT) or replace (PUT ?replace=true); a different `conversation` moves the note there. */
function update(ctx: HandlerContext, replace: boolean): SandboxResponse {
	const { state } = ctx;
	const record = state.store.notes.get(ctx.params.id);
	if (!record) return noteNotFound(ctx.params.id);
	const body = (ctx.body ?? {}) as Record<string, unknown>;
	if (typeof body.conversation === 'string' && body.conversation !== record.conversationId) {
		const target = state.store.conversations.get(body.conversation);
		if (!target) return conversationNotFound(body.conversation);
		countNote(state, record.conversationId, -1);
		countNote(state, target.id, 1);
		record.conversationId = target.id;
		record.customerId = target.customerId;
	}
	const now = state.store.clock.nowIso();
	const old = record.attributes;
	const fields = noteFields(body);
	const base = replace ? { userMentions: [] } : old;
	record.attributes = { ...base, ...fields, createdAt: old.createdAt, updatedAt: now, modifiedAt: now } as NoteAttributes;
	record.modifiedBy = ctx.principal.userId;
	bump(state.counters.updated, TYPE);
	return single(200, record);
}

function remove(ctx: HandlerContext): SandboxResponse {
	const record = ctx.state.store.notes.get(ctx.params.id);
	if (!record) return noteNotFound(ctx.params.id);
	ctx.state.store.notes.delete(record.id);
	ctx.state.store.tombstone('note', record, ctx.principal.userId);
	countNote(ctx.state, record.conversationId, -1);
	bump(ctx.state.counters.deleted, TYPE);
	return { status: 204 };
}

export const notes: ResourceModule = {
	name: 'notes',
	handlers: {
		CreateNoteWithinConversation: create,
		GetNotesByConversation: listForConversation,
		GetNotesByCustomer: listForCustomer,
		GetNotesForOrg: (ctx) => pagedList(ctx.query, [...ctx.state.store.notes.values()], renderNote, '/v1/notes'),
		GetNoteById: getById,
		UpdateNoteById: (ctx) => update(ctx, ctx.query.replace === 'true'),
		PatchNoteById: (ctx) => update(ctx, false),
		DeleteNoteById: remove,
	},
};
