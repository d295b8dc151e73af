/**
 * Companies (https://developer.kustomer.com/api/core-resources/create-company): create, list (filtered
 * by name or external ID), read and update by id, the company's KObjects of one Klass, and the
 * `company` search context. Kustomer has no DELETE for companies: an update with `deleted: true` deletes
 * one (same page). The sandbox keeps a deleted company readable by id (as the update answered it) and
 * leaves it out of lists and search — a sandbox choice, the docs do not say what reads answer after.
 */
import type { HandlerContext, ResourceModule, SandboxState, SearchAttribute, SearchContext } from '../context';
import { bump } from '../context';
import { errorResponse, notFound, relationship, type ResourceObject, type SandboxResponse } from '../envelope';
import { pagedList } from '../paging';
import { customAttributeKind } from '../search';
import { SANDBOX_ORG_ID, type CompanyAttributes, type CompanyRecord } from '../store';
import { findKlassByName, invalidCustomValue, klassNotFound, kobjectsOf, renderKObject } from './kobjectModel';
import { registerTagNames } from './tags';

const TYPE = 'company';

/** Attributes Kustomer sets; whatever a client sends for them is overwritten. */
const READ_ONLY = ['id', 'updatedAt', 'modifiedAt', 'rev'] as const;

const LIST_DEFAULTS = ['emails', 'phones', 'whatsapps', 'socials', 'urls', 'domains', 'locations', 'tags'] as const;

function userFields(body: unknown): Record<string, unknown> {
	const fields: Record<string, unknown> = { ...((body as Record<string, unknown>) ?? {}) };
	for (const key of READ_ONLY) delete fields[key];
	return fields;
}

function withoutNulls(custom: unknown): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (custom && typeof custom === 'object') for (const [k, v] of Object.entries(custom)) if (v !== null && v !== undefined) out[k] = v;
	return out;
}

export function renderCompany(record: CompanyRecord): ResourceObject {
	return {
		type: TYPE,
		id: record.id,
		attributes: { ...record.attributes },
		relationships: {
			org: relationship({ type: 'org', id: SANDBOX_ORG_ID }),
			createdBy: relationship({ type: 'user', id: record.createdBy }),
			modifiedBy: relationship({ type: 'user', id: record.modifiedBy }),
		},
		links: { self: `/v1/companies/${record.id}` },
	};
}

const single = (status: number, record: CompanyRecord): SandboxResponse => ({ status, body: { data: renderCompany(record) } });
const companyNotFound = (id: string): SandboxResponse => notFound(`company ${id} not found`);
const live = (state: SandboxState): CompanyRecord[] => [...state.store.companies.values()].filter((c) => c.attributes.deleted !== true);

/** An external ID names one company of the org, as it names one customer (a sandbox choice for companies). */
function duplicateExternalId(state: SandboxState, externalId: unknown, selfId?: string): SandboxResponse | undefined {
	if (typeof externalId !== 'string') return undefined;
	const other = live(state).find((c) => c.attributes.externalId === externalId);
	if (!other || other.id === selfId) return undefined;
	return errorResponse(409, 'duplicate', 'Duplicate', {
		detail: `company with externalId "${externalId}" already exists (${other.id})`,
		source: { pointer: '/externalId' },
	});
}

function staleRev(record: CompanyRecord, body: Record<string, unknown>): SandboxResponse | undefined {
	if (typeof body.rev !== 'number' || body.rev === record.attributes.rev) return undefined;
	return errorResponse(409, 'conflict', 'Conflict', {
		detail: `rev ${body.rev} does not match the current rev ${record.attributes.rev} of company ${record.id}`,
		source: { pointer: '/rev' },
	});
}

function create(ctx: HandlerContext): SandboxResponse {
	const { state, principal } = ctx;
	const body = (ctx.body ?? {}) as Record<string, unknown>;
	const problem = duplicateExternalId(state, body.externalId) ?? invalidCustomValue(state, TYPE, body.custom);
	if (problem) return problem;
	const now = state.store.clock.nowIso();
	const fields = userFields(body);
	const attributes: Record<string, unknown> = {};
	for (const key of LIST_DEFAULTS) attributes[key] = [];
	Object.assign(attributes, fields, {
		custom: withoutNulls(fields.custom),
		createdAt: typeof fields.createdAt === 'string' ? fields.createdAt : now,
		updatedAt: now,
		modifiedAt: now,
		rev: 1,
	});
	const record: CompanyRecord = {
		id: state.store.ids.next(),
		attributes: attributes as CompanyAttributes,
		createdBy: principal.userId,
		modifiedBy: principal.userId,
	};
	state.store.companies.set(record.id, record);
	registerTagNames(state, record.attributes.tags, principal.userId);
	bump(state.counters.created, TYPE);
	return single(201, record);
}

/**
 * GET /v1/companies: `externalId` (exact) or `filter` (the name, here without regard to case and
 * anywhere in it); "If you use both the externalId and filter query params, the request ignores both"
 * (GetCompanies in Kustomer's Core Resources OpenAPI).
 */
function list(ctx: HandlerContext): SandboxResponse {
	const { externalId, filter } = ctx.query;
	let companies = live(ctx.state);
	const keep: Record<string, string> = {};
	if (externalId && !filter) {
		companies = companies.filter((c) => c.attributes.externalId === externalId);
		keep.externalId = externalId;
	} else if (filter && !externalId) {
		const wanted = filter.toLowerCase();
		companies = companies.filter((c) => String(c.attributes.name ?? '').toLowerCase().includes(wanted));
		keep.filter = filter;
	}
	return pagedList(ctx.query, companies, renderCompany, '/v1/companies', keep);
}

function getById(ctx: HandlerContext): SandboxResponse {
	const record = ctx.state.store.companies.get(ctx.params.id);
	return record ? single(200, record) : companyNotFound(ctx.params.id);
}

/** PUT merges: fields sent overwrite, `custom` merges key by key and a null removes a key. */
function update(ctx: HandlerContext): SandboxResponse {
	const { state } = ctx;
	const record = state.store.companies.get(ctx.params.id);
	if (!record) return companyNotFound(ctx.params.id);
	const body = (ctx.body ?? {}) as Record<string, unknown>;
	const problem = staleRev(record, body) ?? duplicateExternalId(state, body.externalId, record.id) ?? invalidCustomValue(state, TYPE, body.custom);
	if (problem) return problem;
	const now = state.store.clock.nowIso();
	const old = record.attributes;
	const fields = userFields(body);
	const custom: Record<string, unknown> = { ...old.custom };
	if (fields.custom && typeof fields.custom === 'object') {
		for (const [k, v] of Object.entries(fields.custom)) {
			if (v === null) delete custom[k];
			else custom[k] = v;
		}
	}
	record.attributes = { ...old, ...fields, custom, createdAt: old.createdAt, updatedAt: now, modifiedAt: now, rev: old.rev + 1 } as CompanyAttributes;
	record.modifiedBy = ctx.principal.userId;
	registerTagNames(state, fields.tags, ctx.principal.userId);
	const deleting = fields.deleted === true && old.deleted !== true;
	bump(deleting ? state.counters.deleted : state.counters.updated, TYPE);
	// A search with includeDeleted finds the deleted company (its deletion is its last change).
	if (deleting) state.store.tombstone('company', record, ctx.principal.userId);
	return single(200, record);
}

/** GET /v1/companies/{id}/klasses/{name}: the company's objects of one Klass (FindCompanyKObjects). */
function objects(ctx: HandlerContext): SandboxResponse {
	const { id, name } = ctx.params;
	if (!ctx.state.store.companies.has(id)) return companyNotFound(id);
	if (!findKlassByName(ctx.state, name)) return klassNotFound(name);
	const records = kobjectsOf(ctx.state, name).filter((r) => r.companyId === id);
	return pagedList(ctx.query, records, renderKObject, `/v1/companies/${id}/klasses/${encodeURIComponent(name)}`);
}

const attr = (kind: SearchAttribute<CompanyRecord>['kind'], pick: (a: CompanyAttributes) => unknown): SearchAttribute<CompanyRecord> => ({
	kind,
	values: (r) => {
		const value = pick(r.attributes);
		return Array.isArray(value) ? value : [value];
	},
});

const COMPANY_ATTRIBUTES: Record<string, SearchAttribute<CompanyRecord>> = {
	company_name: { ...attr('string', (a) => a.name), normalize: (v: string) => v.toLowerCase() },
	company_external_id: attr('string', (a) => a.externalId),
	company_tags: attr('string', (a) => a.tags ?? []),
	company_domains: attr('string', (a) => (a.domains ?? []).map((d) => d.domain)),
	company_created_at: { ...attr('date', (a) => a.createdAt), sortable: true },
	company_updated_at: { ...attr('date', (a) => a.updatedAt), sortable: true },
};

/** queryContext `company` (https://developer.kustomer.com/docs/concepts/search); custom attributes are company_custom_<name>. */
export const companySearch: SearchContext<CompanyRecord> = {
	queryContext: TYPE,
	records: (state) => new Map(live(state).map((c) => [c.id, c])),
	attribute: (name) => {
		if (COMPANY_ATTRIBUTES[name]) return COMPANY_ATTRIBUTES[name];
		const key = name.startsWith('company_custom_') ? name.slice('company_custom_'.length) : '';
		return key ? attr(customAttributeKind(key), (a) => a.custom?.[key]) : undefined;
	},
	render: renderCompany,
};

export const companies: ResourceModule = {
	name: 'companies',
	handlers: {
		CreateCompany: create,
		GetCompanies: list,
		GetCompanyById: getById,
		UpdateCompanyAttributes: update,
		FindCompanyKObjects: objects,
	},
	searchContexts: [companySearch],
};
