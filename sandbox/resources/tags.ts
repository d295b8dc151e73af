/**
 * Tags: GET /v1/tags (a real endpoint used by integrations for tag pickers, missing from the Core Resources
 * document) and the name -> id resolution behind conversation tags. Kustomer answers tag ids in `tags`
 * arrays and creates tags on first use by name (https://developer.kustomer.com/docs/concepts/conversations-and-messages, Kustomer's API reference, https://developer.kustomer.com/docs/get-started/making-requests).
 */
import type { HandlerContext, ResourceModule, SandboxState } from '../context';
import { pagedList } from '../paging';
import type { AccountRecord } from '../store';
import { renderAccountRecord } from './accountRecords';

function findTag(state: SandboxState, nameOrId: string): AccountRecord | undefined {
	const byId = state.store.tags.get(nameOrId);
	if (byId) return byId;
	for (const tag of state.store.tags.values()) if (tag.attributes.name === nameOrId) return tag;
	return undefined;
}

function createTag(state: SandboxState, name: string, userId: string): AccountRecord {
	const now = state.store.clock.nowIso();
	const tag: AccountRecord = {
		id: state.store.ids.next(),
		attributes: { name, color: '#7f7f7f', deleted: false, createdAt: now, updatedAt: now },
		createdBy: userId,
		modifiedBy: userId,
	};
	state.store.tags.set(tag.id, tag);
	// Tags have create and update events (https://developer.kustomer.com/docs/events/event-catalog); the
	// sandbox creates them on first use by name, and has no tag update route (kustomer.tag.update: emitEvent).
	state.webhooks?.emit('kustomer.tag.create', renderTag(tag));
	return tag;
}

/**
 * Tag ids for names and/or ids, in order and without duplicates. Unknown names become new tags when
 * `create` is set and are skipped otherwise (removing a tag nobody has is not an error).
 */
export function resolveTagIds(state: SandboxState, values: readonly string[], userId: string, create: boolean): string[] {
	const ids: string[] = [];
	for (const value of values) {
		const tag = findTag(state, value) ?? (create ? createTag(state, value, userId) : undefined);
		if (tag && !ids.includes(tag.id)) ids.push(tag.id);
	}
	return ids;
}

/** Customers keep the tag names they were sent; the names still become org tags so GET /v1/tags lists them. */
export function registerTagNames(state: SandboxState, tags: unknown, userId: string): void {
	if (Array.isArray(tags)) resolveTagIds(state, tags.filter((t): t is string => typeof t === 'string'), userId, true);
}

/** Name of a tag id (undefined for ids the store does not know). */
export function tagName(state: SandboxState, id: string): string | undefined {
	const name = state.store.tags.get(id)?.attributes.name;
	return typeof name === 'string' ? name : undefined;
}

const renderTag = renderAccountRecord('tag', 'tags');

function list(ctx: HandlerContext) {
	// public clients send deleted=false; sandbox tags are never deleted, so every tag qualifies
	const wantDeleted = ctx.query.deleted === 'true';
	const tags = [...ctx.state.store.tags.values()].filter((t) => Boolean(t.attributes.deleted) === wantDeleted);
	return pagedList(ctx.query, tags, renderTag, '/v1/tags', ctx.query.deleted ? { deleted: ctx.query.deleted } : {});
}

export const tags: ResourceModule = {
	name: 'tags',
	extraRoutes: [{ method: 'GET', pattern: /^\/tags\/?$/, operationId: 'GetTags', handler: list }],
};
