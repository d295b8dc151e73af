/**
 * Conversation records (https://developer.kustomer.com/docs/concepts/conversations-and-messages): building attributes, rendering, and the bookkeeping other resources share —
 * the customer's conversationCounts, and message/note counters on the conversation.
 */
import type { Principal } from '../auth';
import type { SandboxState } from '../context';
import { bump } from '../context';
import { errorResponse, relationship, type Relationship, type ResourceObject, type SandboxResponse } from '../envelope';
import { SANDBOX_ORG_ID, type ConversationAttributes, type ConversationRecord, type ConversationStatus } from '../store';
import { resolveTagIds } from './tags';

export const CONVERSATION_TYPE = 'conversation';

/** Kustomer's "normal" priority, used when a conversation is created without one. */
export const DEFAULT_PRIORITY = 3;

/** Attributes Kustomer computes; they survive a PUT ?replace=true and clients cannot set them. */
const COMPUTED = [
	'channels',
	'messageCount',
	'noteCount',
	'outboundMessageCount',
	'inboundMessageCount',
	'lastMessageIn',
	'lastMessageOut',
	'firstResponse',
	'createdAt',
] as const;

/** Body members that are relationships or request plumbing, not attributes. */
const NOT_ATTRIBUTES = ['id', 'customer', 'queue', 'campaign', 'rev', 'updatedAt', 'modifiedAt'] as const;

export function withoutNulls(custom: unknown): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (custom && typeof custom === 'object') {
		for (const [k, v] of Object.entries(custom)) if (v !== null && v !== undefined) out[k] = v;
	}
	return out;
}

/** The attribute part of a create/update body (tags still as sent). */
export function conversationFields(body: Record<string, unknown>): Record<string, unknown> {
	const fields = { ...body };
	for (const key of [...NOT_ATTRIBUTES, ...COMPUTED]) if (key !== 'createdAt') delete fields[key];
	return fields;
}

/** A complete attribute document: defaults, then the client's fields, then what Kustomer owns. */
export function newConversationAttributes(fields: Record<string, unknown>, tags: string[], now: string): ConversationAttributes {
	return {
		name: '',
		status: 'open',
		priority: DEFAULT_PRIORITY,
		direction: 'in',
		satisfaction: 0,
		suggestedTags: [],
		sentiment: {},
		lastMessageIn: {},
		firstResponse: {},
		assignedUsers: [],
		assignedTeams: [],
		...fields,
		channels: [],
		messageCount: 0,
		noteCount: 0,
		outboundMessageCount: 0,
		inboundMessageCount: 0,
		tags,
		custom: withoutNulls(fields.custom),
		createdAt: typeof fields.createdAt === 'string' ? fields.createdAt : now,
		updatedAt: now,
		modifiedAt: now,
		rev: 1,
	} as ConversationAttributes;
}

/** The computed attributes of `from`, for carrying over a replace. */
export function computedAttributes(from: ConversationAttributes): Partial<ConversationAttributes> {
	const out: Record<string, unknown> = {};
	for (const key of COMPUTED) if (from[key] !== undefined) out[key] = from[key];
	return out as Partial<ConversationAttributes>;
}

export function renderConversation(record: ConversationRecord): ResourceObject {
	const relationships: Record<string, Relationship> = {
		org: relationship({ type: 'org', id: SANDBOX_ORG_ID }),
		customer: relationship({ type: 'customer', id: record.customerId }),
		messages: { links: { self: `/v1/conversations/${record.id}/messages` } },
		createdBy: relationship({ type: 'user', id: record.createdBy }),
		modifiedBy: relationship({ type: 'user', id: record.modifiedBy }),
	};
	if (record.queueId) relationships.queue = relationship({ type: 'queue', id: record.queueId });
	return {
		type: CONVERSATION_TYPE,
		id: record.id,
		attributes: { ...record.attributes },
		relationships,
		links: { self: `/v1/conversations/${record.id}` },
	};
}

/** Moves the customer's conversationCounts by `delta` for one conversation in `status`. */
export function countConversation(state: SandboxState, customerId: string, status: ConversationStatus, delta: number): void {
	const customer = state.store.customers.get(customerId);
	if (!customer) return;
	const counts = { ...customer.attributes.conversationCounts };
	counts.all += delta;
	counts[status] += delta;
	customer.attributes = { ...customer.attributes, conversationCounts: counts };
}

/** Replaces a conversation's attributes with `changes` applied and its timestamps moved to now. */
export function touchConversation(state: SandboxState, record: ConversationRecord, changes: Partial<ConversationAttributes>): void {
	const now = state.store.clock.nowIso();
	record.attributes = { ...record.attributes, ...changes, updatedAt: now, modifiedAt: now };
}

/** externalId is unique among conversations; the 409 to answer when another one already has it. */
export function duplicateExternalId(state: SandboxState, externalId: unknown, selfId?: string): SandboxResponse | undefined {
	if (typeof externalId !== 'string') return undefined;
	for (const other of state.store.conversations.values()) {
		if (other.attributes.externalId === externalId && other.id !== selfId) {
			return errorResponse(409, 'duplicate', 'Duplicate', {
				detail: `conversation with externalId "${externalId}" already exists (${other.id})`,
				source: { pointer: '/externalId' },
			});
		}
	}
	return undefined;
}

export function queueIdOf(queue: unknown): string | undefined {
	const id = (queue as { id?: unknown } | undefined)?.id;
	return typeof id === 'string' && id ? id : undefined;
}

/**
 * Creates and stores a conversation for an existing customer (both create endpoints and messages posted
 * to a customer without a conversation come here). Answers the error instead when the body conflicts.
 */
export function createConversation(
	state: SandboxState,
	customerId: string,
	body: Record<string, unknown>,
	principal: Principal,
): ConversationRecord | SandboxResponse {
	const dup = duplicateExternalId(state, body.externalId);
	if (dup) return dup;
	if (typeof body.id === 'string' && state.store.conversations.has(body.id)) {
		return errorResponse(409, 'duplicate', 'Duplicate', { detail: `conversation ${body.id} already exists`, source: { pointer: '/id' } });
	}
	const now = state.store.clock.nowIso();
	const fields = conversationFields(body);
	const tags = resolveTagIds(state, Array.isArray(fields.tags) ? (fields.tags as string[]) : [], principal.userId, true);
	const record: ConversationRecord = {
		id: typeof body.id === 'string' ? body.id : state.store.ids.next(),
		attributes: newConversationAttributes(fields, tags, now),
		customerId,
		createdBy: principal.userId,
		modifiedBy: principal.userId,
	};
	const queueId = queueIdOf(body.queue);
	if (queueId) record.queueId = queueId;
	state.store.conversations.set(record.id, record);
	countConversation(state, customerId, record.attributes.status, 1);
	bump(state.counters.created, CONVERSATION_TYPE);
	state.webhooks?.emit('kustomer.conversation.create', renderConversation(record));
	return record;
}

export function isConversation(value: ConversationRecord | SandboxResponse): value is ConversationRecord {
	return 'customerId' in value;
}
