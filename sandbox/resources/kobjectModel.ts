/**
 * KObject records (https://developer.kustomer.com/api/core-resources/create-kobject): building, checking and rendering custom objects. Shared by the single-record
 * endpoints (kobjects.ts) and the asynchronous bulk flow (bulkRunner.ts), so both create objects the same
 * way and fail an object for the same reasons: unknown customer (404), duplicate externalId within the
 * klass (409), a custom value outside the enumeration its metadata defines (400).
 */
import type { SandboxState } from '../context';
import { bump } from '../context';
import { errorResponse, notFound, relationship, type Relationship, type ResourceObject, type SandboxResponse } from '../envelope';
import { SANDBOX_ORG_ID, type KlassRecord, type KObjectAttributes, type KObjectRecord } from '../store';
import { registerTagNames } from './tags';

export const KOBJECT_COUNTER = 'kobject';

export const kobjectType = (klassName: string): string => `kobject.${klassName}`;

/** Body members that are links, request plumbing or Kustomer's own bookkeeping, never attributes. */
const NOT_ATTRIBUTES = ['customer', 'company', '_clientRef', 'rev', 'updatedAt', 'id'] as const;

export function findKlassByName(state: SandboxState, name: string): KlassRecord | undefined {
	for (const klass of state.store.klasses.values()) if (klass.attributes.name === name) return klass;
	return undefined;
}

export const klassNotFound = (name: string): SandboxResponse =>
	notFound(`klass "${name}" not found (KObject routes take the klass name; GET /v1/klasses lists them)`);

export const kobjectNotFound = (klassName: string, id: string): SandboxResponse => notFound(`${kobjectType(klassName)} ${id} not found`);

export function kobjectsOf(state: SandboxState, klassName: string): KObjectRecord[] {
	return [...state.store.kobjects.values()].filter((k) => k.klassName === klassName);
}

function withoutNulls(custom: unknown): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (custom && typeof custom === 'object') {
		for (const [k, v] of Object.entries(custom)) if (v !== null && v !== undefined) out[k] = v;
	}
	return out;
}

function attributeFields(body: Record<string, unknown>): Record<string, unknown> {
	const fields = { ...body };
	for (const key of NOT_ATTRIBUTES) delete fields[key];
	return fields;
}

/** externalId is unique within a klass; the 409 to answer when another object of the klass has it. */
function duplicateExternalId(state: SandboxState, klassName: string, externalId: unknown, selfId?: string): SandboxResponse | undefined {
	if (typeof externalId !== 'string') return undefined;
	for (const other of state.store.kobjects.values()) {
		if (other.klassName === klassName && other.attributes.externalId === externalId && other.id !== selfId) {
			return errorResponse(409, 'duplicate', 'Duplicate', {
				detail: `${kobjectType(klassName)} with externalId "${externalId}" already exists (${other.id})`,
				source: { pointer: '/externalId' },
			});
		}
	}
	return undefined;
}

/**
 * Values the metadata of `resource` (customer, conversation, kobject.<klass>) restricts: a definition
 * with an `enumeration` only takes those values. The suffix already fixed the value's type (spec
 * validation), so this is the one check left for the data.
 */
export function invalidCustomValue(state: SandboxState, resource: string, custom: unknown): SandboxResponse | undefined {
	if (!custom || typeof custom !== 'object') return undefined;
	const definitions = state.store.metadata.get(resource)?.attributes.properties ?? {};
	for (const [name, value] of Object.entries(custom)) {
		const allowed = definitions[name]?.enumeration;
		if (value === null || !Array.isArray(allowed) || allowed.length === 0 || allowed.includes(value)) continue;
		return errorResponse(400, 'invalid', `/custom/${name} must be one of the values its metadata enumerates`, {
			detail: `${JSON.stringify(value)} is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
			source: { pointer: `/custom/${name}` },
		});
	}
	return undefined;
}

/** Optimistic locking: a `rev` in an update body must equal the stored one. */
function staleRev(record: KObjectRecord, body: Record<string, unknown>): SandboxResponse | undefined {
	if (typeof body.rev !== 'number' || body.rev === record.attributes.rev) return undefined;
	return errorResponse(409, 'conflict', 'Conflict', {
		detail: `rev ${body.rev} does not match the current rev ${record.attributes.rev} of ${kobjectType(record.klassName)} ${record.id}`,
		source: { pointer: '/rev' },
	});
}

export function isKObject(value: KObjectRecord | SandboxResponse): value is KObjectRecord {
	return 'klassName' in value;
}

/**
 * Creates and stores one KObject of `klass`, linked to `customerId` (the path's customer) or else to the
 * body's `customer`. Answers the error instead when the object cannot be created.
 */
export function createKObject(
	state: SandboxState,
	klass: KlassRecord,
	body: Record<string, unknown>,
	userId: string,
	customerId?: string,
): KObjectRecord | SandboxResponse {
	const klassName = klass.attributes.name;
	const customer = customerId ?? (typeof body.customer === 'string' ? body.customer : undefined);
	if (customer !== undefined && !state.store.customers.has(customer)) {
		return errorResponse(404, 'not_found', 'Not Found', {
			detail: `customer ${customer} not found`,
			source: customerId ? { parameter: 'id' } : { pointer: '/customer' },
		});
	}
	const problem = duplicateExternalId(state, klassName, body.externalId) ?? invalidCustomValue(state, kobjectType(klassName), body.custom);
	if (problem) return problem;
	const now = state.store.clock.nowIso();
	const fields = attributeFields(body);
	const attributes = {
		images: [],
		tags: [],
		...fields,
		title: String(fields.title),
		custom: withoutNulls(fields.custom),
		createdAt: typeof fields.createdAt === 'string' ? fields.createdAt : now,
		updatedAt: now,
		// Kustomer's create examples answer rev 0; every update adds one
		rev: 0,
	} as KObjectAttributes;
	const record: KObjectRecord = { id: state.store.ids.next(), attributes, klassId: klass.id, klassName, createdBy: userId, modifiedBy: userId };
	if (customer) record.customerId = customer;
	if (typeof body.company === 'string') record.companyId = body.company;
	state.store.kobjects.set(record.id, record);
	registerTagNames(state, attributes.tags, userId);
	bump(state.counters.created, KOBJECT_COUNTER);
	return record;
}

/** PUT: top-level fields overwrite, `custom` merges key by key (null deletes a key), rev moves on. */
export function updateKObject(state: SandboxState, record: KObjectRecord, body: Record<string, unknown>, userId: string): SandboxResponse | undefined {
	const problem =
		staleRev(record, body) ??
		duplicateExternalId(state, record.klassName, body.externalId, record.id) ??
		invalidCustomValue(state, kobjectType(record.klassName), body.custom);
	if (problem) return problem;
	const old = record.attributes;
	const fields = attributeFields(body);
	const custom: Record<string, unknown> = { ...old.custom };
	if (fields.custom && typeof fields.custom === 'object') {
		for (const [k, v] of Object.entries(fields.custom)) {
			if (v === null) delete custom[k];
			else custom[k] = v;
		}
	}
	const now = state.store.clock.nowIso();
	record.attributes = { ...old, ...fields, custom, createdAt: typeof fields.createdAt === 'string' ? fields.createdAt : old.createdAt, updatedAt: now, rev: old.rev + 1 };
	record.modifiedBy = userId;
	registerTagNames(state, fields.tags, userId);
	bump(state.counters.updated, KOBJECT_COUNTER);
	return undefined;
}

export function renderKObject(record: KObjectRecord): ResourceObject {
	const relationships: Record<string, Relationship> = {
		org: relationship({ type: 'org', id: SANDBOX_ORG_ID }),
		klass: relationship({ type: 'klass', id: record.klassId, self: `/v1/klasses/${record.klassId}` }),
		createdBy: relationship({ type: 'user', id: record.createdBy }),
		modifiedBy: relationship({ type: 'user', id: record.modifiedBy }),
	};
	if (record.customerId) relationships.customer = relationship({ type: 'customer', id: record.customerId });
	if (record.companyId) relationships.company = relationship({ type: 'company', id: record.companyId });
	return {
		type: kobjectType(record.klassName),
		id: record.id,
		attributes: { ...record.attributes },
		relationships,
		links: { self: `/v1/klasses/${record.klassName}/${record.id}` },
	};
}
