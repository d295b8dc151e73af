/**
 * Customer merges (https://developer.kustomer.com/kustomer-api-docs/reference/customers-merges):
 * POST /v1/customers/merges {source, target} answers 201 with a merge in status `queued`; GET
 * /v1/customers/merges/{id} (and GET /v1/customers/{id}/merges) report it. Kustomer's docs do not say
 * how long a merge takes, only that the answer is a merge object with a status, so the sandbox runs a
 * queued merge at a poll: the `pollsBeforeMerge`-th GET of it (1 by default: the first poll answers
 * `complete`). Tests hold merges queued with a large count and complete them with finishMerges().
 *
 * Running a merge applies the documented field rules to the target, moves the source's conversations
 * (with their messages and notes) and custom objects to the target, and deletes the source. When the
 * source or the target is gone by then, the merge ends `failed` with an `error`.
 *
 * Field rules, from the reference page above:
 * - unioned: emails, phones, socials, locations, watchers, tags, klassNames; `custom` merged key by key,
 *   the target's value winning a clash;
 * - summed: conversationCounts;
 * - most recent kept: preview (preview.previewAt), lastMessageIn and lastConversation (lastMessageIn.sentAt),
 *   recentLocation (updatedAt), signedUpAt, modifiedAt/By, lastSeenAt, lastActivityAt;
 * - oldest kept: createdAt/By;
 * - the target's value when it has one: company, name, externalId, username, avatarUrl, locale, timeZone,
 *   birthdayAt, gender.
 * Fields the page does not name (URLs, WhatsApp numbers, the shared lists, external ID lists…) keep the
 * target's value: the source's identifiers are freed with it.
 */
import { updateChanges } from '../webhooks';
import type { HandlerContext, ResourceModule, SandboxState } from '../context';
import { bump } from '../context';
import { errorResponse, notFound, relationship, type ResourceObject, type SandboxResponse } from '../envelope';
import { SANDBOX_ORG_ID, type CustomerAttributes, type CustomerRecord } from '../store';
import { digitsOnly, renderCustomer } from './customers';
import type { CustomerMerge } from '../customerMergeData';

export const MERGE_TYPE = 'customer_merge';

const UNIONED: Record<string, (entry: any) => string> = {
	emails: (e) => String(e?.email ?? '').toLowerCase(),
	phones: (p) => digitsOnly(String(p?.phone ?? '')),
	socials: (s) => `${String(s?.type ?? '')} ${String(s?.username ?? '')}`.toLowerCase(),
	locations: (l) => JSON.stringify(l),
	watchers: (w) => JSON.stringify(w),
	tags: (t) => String(t),
	klassNames: (k) => String(k),
};

const MOST_RECENT_DATES = ['signedUpAt', 'lastSeenAt', 'lastActivityAt'] as const;
const TARGET_WINS = ['company', 'name', 'externalId', 'username', 'avatarUrl', 'locale', 'timeZone', 'birthdayAt', 'gender'] as const;

const time = (value: unknown): number => (typeof value === 'string' ? Date.parse(value) : NaN);

/** Whichever of the two is more recent by `stamp` (the target's on a tie or when neither has one). */
function moreRecent(target: unknown, source: unknown, stamp: (value: any) => unknown): unknown {
	if (source === undefined || source === null) return target;
	if (target === undefined || target === null) return source;
	return time(stamp(source)) > time(stamp(target)) ? source : target;
}

function unionOf(target: unknown, source: unknown, key: (entry: any) => string): unknown[] {
	const out: unknown[] = [];
	const seen = new Set<string>();
	for (const entry of [...(Array.isArray(target) ? target : []), ...(Array.isArray(source) ? source : [])]) {
		const id = key(entry);
		if (seen.has(id)) continue;
		seen.add(id);
		out.push(entry);
	}
	return out;
}

/** The target's attributes after the merge (the docs' rules above). */
export function mergedAttributes(target: CustomerAttributes, source: CustomerAttributes, now: string): CustomerAttributes {
	const next: Record<string, any> = { ...target };
	for (const [field, key] of Object.entries(UNIONED)) {
		if (target[field] !== undefined || source[field] !== undefined) next[field] = unionOf(target[field], source[field], key);
	}
	next.custom = { ...(source.custom ?? {}), ...(target.custom ?? {}) };
	const counts = { all: 0, open: 0, snoozed: 0, done: 0 };
	for (const key of Object.keys(counts) as Array<keyof typeof counts>) counts[key] = (target.conversationCounts?.[key] ?? 0) + (source.conversationCounts?.[key] ?? 0);
	next.conversationCounts = counts;
	next.preview = moreRecent(target.preview, source.preview, (p) => p?.previewAt);
	next.lastMessageIn = moreRecent(target.lastMessageIn, source.lastMessageIn, (m) => m?.sentAt);
	const sourceNewer = next.lastMessageIn !== undefined && next.lastMessageIn === source.lastMessageIn && source.lastMessageIn !== target.lastMessageIn;
	next.lastConversation = sourceNewer ? (source.lastConversation ?? target.lastConversation) : (target.lastConversation ?? source.lastConversation);
	next.recentLocation = moreRecent(target.recentLocation, source.recentLocation, (l) => l?.updatedAt);
	for (const field of MOST_RECENT_DATES) next[field] = moreRecent(target[field], source[field], (v) => v);
	for (const field of ['preview', 'lastMessageIn', 'lastConversation', 'recentLocation', ...MOST_RECENT_DATES]) if (next[field] === undefined) delete next[field];
	if (time(source.createdAt) < time(target.createdAt)) next.createdAt = source.createdAt;
	for (const field of TARGET_WINS) {
		if (target[field] === undefined || target[field] === null || target[field] === '') {
			if (source[field] !== undefined) next[field] = source[field];
		}
	}
	next.rev = target.rev + 1;
	next.updatedAt = now;
	next.modifiedAt = now;
	return next as CustomerAttributes;
}

export function renderMerge(merge: CustomerMerge): ResourceObject {
	return {
		type: MERGE_TYPE,
		id: merge.id,
		attributes: {
			status: merge.status,
			createdAt: merge.createdAt,
			updatedAt: merge.updatedAt,
			...(merge.error ? { error: merge.error } : {}),
		},
		relationships: {
			org: relationship({ type: 'org', id: SANDBOX_ORG_ID }),
			source: relationship({ type: 'customer', id: merge.source }),
			target: relationship({ type: 'customer', id: merge.target }),
			createdBy: relationship({ type: 'user', id: merge.createdBy }),
		},
		links: { self: `/v1/customers/merges/${merge.id}` },
	};
}

function fail(state: SandboxState, merge: CustomerMerge, detail: string): void {
	merge.status = 'failed';
	merge.error = { title: 'Merge failed', detail };
	merge.updatedAt = state.store.clock.nowIso();
}

/** Runs a queued merge now: the target takes the source's fields and records, the source is deleted. */
export function runMerge(state: SandboxState, merge: CustomerMerge, userId: string = merge.createdBy): void {
	if (merge.status !== 'queued') return;
	const { store } = state;
	const source = store.customers.get(merge.source);
	const target = store.customers.get(merge.target);
	if (!source) return fail(state, merge, `source customer ${merge.source} no longer exists`);
	if (!target) return fail(state, merge, `target customer ${merge.target} no longer exists`);
	const now = store.clock.nowIso();
	const old = target.attributes;
	target.attributes = mergedAttributes(old, source.attributes, now);
	if (time(source.attributes.createdAt) < time(old.createdAt)) target.createdBy = source.createdBy;
	target.modifiedBy = userId;
	for (const records of [store.conversations, store.messages, store.notes, store.kobjects] as Array<Map<string, { customerId?: string }>>) {
		for (const record of records.values()) if (record.customerId === source.id) record.customerId = target.id;
	}
	store.customers.delete(source.id);
	store.tombstone('customer', source, userId);
	bump(state.counters.deleted, 'customer');
	bump(state.counters.updated, 'customer');
	state.webhooks?.emit('kustomer.customer.update', renderCustomer(target as CustomerRecord), updateChanges(old, target.attributes));
	merge.status = 'complete';
	merge.updatedAt = now;
}

/** A GET of the merge: counts the poll, and runs the merge at the one its settings name. */
function polled(state: SandboxState, merge: CustomerMerge): void {
	if (merge.status !== 'queued') return;
	merge.pollsLeft -= 1;
	if (merge.pollsLeft <= 0) runMerge(state, merge);
}

function create(ctx: HandlerContext): SandboxResponse {
	const { state } = ctx;
	// the spec validated the body: {source, target}, both object IDs
	const { source, target } = ctx.body as { source: string; target: string };
	if (source === target) {
		return errorResponse(400, 'invalid', 'Invalid', { detail: 'source and target must be different customers', source: { pointer: '/target' } });
	}
	for (const [field, id] of [['source', source], ['target', target]] as const) {
		if (!state.store.customers.has(id)) return errorResponse(404, 'not_found', 'Not Found', { detail: `customer ${id} not found`, source: { pointer: `/${field}` } });
	}
	const now = state.store.clock.nowIso();
	const merge: CustomerMerge = {
		id: state.store.ids.next(),
		source,
		target,
		status: 'queued',
		pollsLeft: state.store.mergeSettings.pollsBeforeMerge,
		createdBy: ctx.principal.userId,
		createdAt: now,
		updatedAt: now,
	};
	state.store.customerMerges.set(merge.id, merge);
	bump(state.counters.created, MERGE_TYPE);
	return { status: 201, body: { data: renderMerge(merge) } };
}

function getById(ctx: HandlerContext): SandboxResponse {
	const merge = ctx.state.store.customerMerges.get(ctx.params.id);
	if (!merge) return notFound(`customer merge ${ctx.params.id} not found`);
	polled(ctx.state, merge);
	return { status: 200, body: { data: renderMerge(merge) } };
}

function byCustomer(ctx: HandlerContext): SandboxResponse {
	const merges = [...ctx.state.store.customerMerges.values()].filter((merge) => merge.source === ctx.params.id || merge.target === ctx.params.id);
	for (const merge of merges) polled(ctx.state, merge);
	return { status: 200, body: { data: merges.map(renderMerge) } };
}

export const customerMerges: ResourceModule = {
	name: 'customerMerges',
	handlers: {
		CreateCustomerMerge: create,
		GetCustomerMerge: getById,
		GetCustomerMergesByCustomer: byCustomer,
	},
};
