/**
 * Klasses (https://developer.kustomer.com/api/core-resources/create-klass): the schemas of custom objects. Created (Kustomer answers 200 here, not 201), listed with a
 * status filter, read, updated and deleted by id; deleting is refused while objects of the klass exist.
 *
 * GET /klasses/{id} and GET /klasses/{name} (the klass's KObjects) share one path shape. Kustomer tells
 * them apart by whether the segment is the id of an existing klass, and so does `reroute` below: the
 * router always matches GetKObjects, which becomes GetKlass for an existing klass id.
 */
import type { HandlerContext, ResourceModule, SandboxState } from '../context';
import { bump } from '../context';
import { errorResponse, notFound, relationship, type ResourceObject, type SandboxResponse } from '../envelope';
import { pagedList } from '../paging';
import { SANDBOX_ORG_ID, type KlassAttributes, type KlassRecord, type KlassStatus } from '../store';
import { emptyMetadata } from '../customAttributes';
import { findKlassByName, kobjectsOf, kobjectType } from './kobjectModel';

const TYPE = 'klass';

/** Icon a klass gets when created without one (GET /klasses/{id} documents `icon` as always present). */
const DEFAULT_ICON = 'default';

export function renderKlass(record: KlassRecord): ResourceObject {
	return {
		type: TYPE,
		id: record.id,
		attributes: { ...record.attributes },
		relationships: {
			org: relationship({ type: 'org', id: SANDBOX_ORG_ID }),
			kobjects: { links: { self: `/v1/klasses/${encodeURIComponent(record.attributes.name)}` } },
		},
		links: { self: `/v1/klasses/${record.id}` },
	};
}

const single = (status: number, record: KlassRecord): SandboxResponse => ({ status, body: { data: renderKlass(record) } });

const klassIdNotFound = (id: string): SandboxResponse =>
	notFound(`klass ${id} not found (this route takes the klass id; GET /v1/klasses lists the klasses with their ids)`);

/** Members of a create/update body that become attributes (the spec already refused anything else). */
function klassFields(body: Record<string, unknown>): Partial<KlassAttributes> {
	const fields = { ...body } as Partial<KlassAttributes>;
	delete fields.createdAt;
	delete fields.updatedAt;
	delete fields.appDisabled;
	return fields;
}

function create(ctx: HandlerContext): SandboxResponse {
	const { state, principal } = ctx;
	const body = (ctx.body ?? {}) as Record<string, unknown>;
	const name = String(body.name);
	const existing = findKlassByName(state, name);
	if (existing) {
		return errorResponse(409, 'duplicate', 'Duplicate', {
			detail: `a klass named "${name}" already exists (${existing.id})`,
			source: { pointer: '/name' },
		});
	}
	const now = state.store.clock.nowIso();
	const attributes: KlassAttributes = {
		displayName: name,
		icon: DEFAULT_ICON,
		color: '',
		status: 'enabled',
		mixins: [],
		...klassFields(body),
		name,
		appDisabled: false,
		createdAt: now,
		updatedAt: now,
	};
	const record: KlassRecord = { id: state.store.ids.next(), attributes, createdBy: principal.userId, modifiedBy: principal.userId };
	state.store.klasses.set(record.id, record);
	state.store.metadata.set(kobjectType(name), emptyMetadata(kobjectType(name), principal.userId));
	bump(state.counters.created, TYPE);
	// the document's only success response for POST /klasses is 200
	return single(200, record);
}

/** `status` filter: enabled (default), disabled, or existing_only — read here as every klass that exists. */
function list(ctx: HandlerContext): SandboxResponse {
	const wanted = ctx.query.status ?? 'enabled';
	const matches = (status: KlassStatus) => wanted === 'existing_only' || status === wanted;
	const all = [...ctx.state.store.klasses.values()].filter((k) => matches(k.attributes.status));
	return pagedList(ctx.query, all, renderKlass, '/v1/klasses', ctx.query.status ? { status: ctx.query.status } : {});
}

function getById(ctx: HandlerContext): SandboxResponse {
	const record = ctx.state.store.klasses.get(ctx.params.id);
	return record ? single(200, record) : klassIdNotFound(ctx.params.id);
}

function update(ctx: HandlerContext): SandboxResponse {
	const { state } = ctx;
	const record = state.store.klasses.get(ctx.params.id);
	if (!record) return klassIdNotFound(ctx.params.id);
	// `name` is not in the update schema (400 before this runs); keep it even if that ever changes
	const fields = klassFields((ctx.body ?? {}) as Record<string, unknown>);
	record.attributes = { ...record.attributes, ...fields, name: record.attributes.name, updatedAt: state.store.clock.nowIso() };
	record.modifiedBy = ctx.principal.userId;
	bump(state.counters.updated, TYPE);
	return single(200, record);
}

function remove(ctx: HandlerContext): SandboxResponse {
	const { state } = ctx;
	const record = state.store.klasses.get(ctx.params.id);
	if (!record) return klassIdNotFound(ctx.params.id);
	const name = record.attributes.name;
	const count = kobjectsOf(state, name).length;
	if (count > 0) {
		return errorResponse(409, 'conflict', `Cannot delete klass "${name}" while KObjects of it exist`, {
			detail: `${count} KObject(s) of klass "${name}" exist; delete them first (DELETE /v1/klasses/${name}/{id} or /v1/klasses/${name}/bulk)`,
		});
	}
	state.store.klasses.delete(record.id);
	state.store.metadata.delete(kobjectType(name));
	bump(state.counters.deleted, TYPE);
	return { status: 204 };
}

/** GET /klasses/<segment>: the klass when the segment is an existing klass id, else the KObjects of klass <segment>. */
function reroute(operationId: string, params: Record<string, string>, state: SandboxState): string | undefined {
	return operationId === 'GetKObjects' && state.store.klasses.has(params.name) ? 'GetKlass' : undefined;
}

export const klasses: ResourceModule = {
	name: 'klasses',
	handlers: {
		CreateKlass: create,
		GetKlasses: list,
		GetKlass: getById,
		UpdateKlass: update,
		DeleteKlass: remove,
	},
	reroute,
};
