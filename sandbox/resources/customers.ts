/** Customers (https://developer.kustomer.com/kustomer-api-docs/reference/updatecustomer): CRUD, lookups and the `customer` search context. */
import { updateChanges } from '../webhooks';
import type { HandlerContext, ResourceModule, SandboxState, SearchAttribute, SearchContext } from '../context';
import { bump } from '../context';
import {
	errorResponse,
	listBody,
	notFound,
	pageOf,
	relationship,
	type ResourceObject,
	type SandboxResponse,
} from '../envelope';
import { isResponse, readPaging } from '../paging';
import { SANDBOX_ORG_ID, type CustomerAttributes, type CustomerRecord } from '../store';
import { registerTagNames } from './tags';
import { invalidCustomValue } from './kobjectModel';

const TYPE = 'customer';

/** Default page size of GET /v1/customers (its documented example shows pageSize 30, https://developer.kustomer.com/docs/concepts/pagination). */
export const CUSTOMER_LIST_PAGE_SIZE = 30;

/** Attributes Kustomer computes; whatever a client sends for them is overwritten. */
const READ_ONLY = ['displayName', 'updatedAt', 'modifiedAt', 'conversationCounts'] as const;

/** Empty lists a fresh Kustomer customer carries, so clients can rely on arrays being there. */
const LIST_DEFAULTS = [
	'emails',
	'phones',
	'socials',
	'urls',
	'locations',
	'tags',
	'externalIds',
	'sharedEmails',
	'sharedPhones',
	'sharedSocials',
	'sharedExternalIds',
	'whatsapps',
] as const;

export const digitsOnly = (phone: string): string => phone.replace(/\D/g, '');

function displayNameOf(a: Record<string, any>): string {
	if (typeof a.name === 'string' && a.name.trim()) return a.name;
	const email = Array.isArray(a.emails) ? a.emails.find((e: any) => e?.email)?.email : undefined;
	if (email) return email;
	const phone = Array.isArray(a.phones) ? a.phones.find((p: any) => p?.phone)?.phone : undefined;
	return phone ?? '';
}

function withoutNulls(custom: unknown): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (custom && typeof custom === 'object') {
		for (const [k, v] of Object.entries(custom)) if (v !== null && v !== undefined) out[k] = v;
	}
	return out;
}

/** Client-supplied fields without the ones Kustomer owns. */
function userFields(body: unknown): Record<string, unknown> {
	const fields: Record<string, unknown> = { ...((body as Record<string, unknown>) ?? {}) };
	for (const key of READ_ONLY) delete fields[key];
	delete fields.rev;
	return fields;
}

/** Builds the full attribute document of a new customer (also used to seed demo data). */
export function newCustomerAttributes(body: Record<string, unknown>, now: string): CustomerAttributes {
	const fields = userFields(body);
	const attrs: Record<string, any> = {};
	for (const key of LIST_DEFAULTS) attrs[key] = [];
	Object.assign(attrs, fields);
	attrs.custom = withoutNulls(fields.custom);
	attrs.createdAt = typeof fields.createdAt === 'string' ? fields.createdAt : now;
	attrs.updatedAt = now;
	attrs.modifiedAt = now;
	attrs.rev = 1;
	attrs.conversationCounts = { all: 0, open: 0, snoozed: 0, done: 0 };
	attrs.displayName = displayNameOf(attrs);
	return attrs as CustomerAttributes;
}

export function renderCustomer(record: CustomerRecord): ResourceObject {
	return {
		type: TYPE,
		id: record.id,
		// a shallow copy is enough: stored attributes are replaced on write, never edited in place (store.ts),
		// and replies are serialized at once; deep-cloning 100 customers was most of a search page's cost
		attributes: { ...record.attributes },
		relationships: {
			org: relationship({ type: 'org', id: SANDBOX_ORG_ID }),
			createdBy: relationship({ type: 'user', id: record.createdBy }),
			modifiedBy: relationship({ type: 'user', id: record.modifiedBy }),
		},
		links: { self: `/v1/customers/${record.id}` },
	};
}

const single = (status: number, record: CustomerRecord): SandboxResponse => ({ status, body: { data: renderCustomer(record) } });

const customerNotFound = (id: string): SandboxResponse => notFound(`customer ${id} not found`);

function findBy(state: SandboxState, predicate: (a: CustomerAttributes) => boolean): CustomerRecord | undefined {
	for (const record of state.store.customers.values()) if (predicate(record.attributes)) return record;
	return undefined;
}

/** externalId is unique per org (https://developer.kustomer.com/kustomer-api-docs/reference/updatecustomer); returns the 409 to answer when another customer already has it. */
function duplicateExternalId(state: SandboxState, externalId: unknown, selfId?: string): SandboxResponse | undefined {
	if (typeof externalId !== 'string') return undefined;
	const other = findBy(state, (a) => a.externalId === externalId);
	if (!other || other.id === selfId) return undefined;
	return errorResponse(409, 'duplicate', 'Duplicate', {
		detail: `customer with externalId "${externalId}" already exists (${other.id})`,
		source: { pointer: '/externalId' },
	});
}

/** Optimistic locking: a `rev` in the body must equal the stored one (https://developer.kustomer.com/kustomer-api-docs/reference/updatecustomer). */
function staleRev(record: CustomerRecord, body: Record<string, unknown>): SandboxResponse | undefined {
	if (typeof body.rev !== 'number' || body.rev === record.attributes.rev) return undefined;
	return errorResponse(409, 'conflict', 'Conflict', {
		detail: `rev ${body.rev} does not match the current rev ${record.attributes.rev} of customer ${record.id}`,
		source: { pointer: '/rev' },
	});
}

/** Creates a customer from a client body (the create endpoint and bulk jobs); answers the error instead when it conflicts. */
export function createCustomerRecord(state: SandboxState, body: Record<string, unknown>, userId: string): CustomerRecord | SandboxResponse {
	const dup = duplicateExternalId(state, body.externalId) ?? invalidCustomValue(state, TYPE, body.custom);
	if (dup) return dup;
	const now = state.store.clock.nowIso();
	const record: CustomerRecord = {
		id: state.store.ids.next(),
		attributes: newCustomerAttributes(body, now),
		createdBy: userId,
		modifiedBy: userId,
	};
	state.store.customers.set(record.id, record);
	registerTagNames(state, record.attributes.tags, userId);
	bump(state.counters.created, TYPE);
	state.webhooks?.emit('kustomer.customer.create', renderCustomer(record));
	return record;
}

export const isCustomerRecord = (value: CustomerRecord | SandboxResponse): value is CustomerRecord => 'attributes' in value;

function create(ctx: HandlerContext): SandboxResponse {
	const outcome = createCustomerRecord(ctx.state, (ctx.body ?? {}) as Record<string, unknown>, ctx.principal.userId);
	return isCustomerRecord(outcome) ? single(201, outcome) : outcome;
}

function list(ctx: HandlerContext): SandboxResponse {
	const paging = readPaging(ctx.query, { defaultPageSize: CUSTOMER_LIST_PAGE_SIZE });
	if (isResponse(paging)) return paging;
	const all = [...ctx.state.store.customers.values()];
	const data = pageOf(all, paging.page, paging.pageSize).map(renderCustomer);
	return { status: 200, body: listBody(data, { ...paging, total: all.length, basePath: '/v1/customers' }) };
}

function getById(ctx: HandlerContext): SandboxResponse {
	const record = ctx.state.store.customers.get(ctx.params.id);
	return record ? single(200, record) : customerNotFound(ctx.params.id);
}

function lookup(field: string, predicate: (value: string) => (a: CustomerAttributes) => boolean) {
	return (ctx: HandlerContext): SandboxResponse => {
		const value = ctx.params[field];
		const record = findBy(ctx.state, predicate(value));
		return record ? single(200, record) : notFound(`customer with ${field} ${value} not found`);
	};
}

const byExternalId = lookup('externalId', (v) => (a) => a.externalId === v);
const byEmail = lookup('email', (v) => (a) => a.emails.some((e) => e.email?.toLowerCase() === v.toLowerCase()));
const byPhone = lookup('phone', (v) => {
	const wanted = digitsOnly(v);
	return (a) => wanted.length > 0 && a.phones.some((p) => digitsOnly(p.phone ?? '') === wanted);
});

/**
 * Applies an update. Merge (PATCH, PUT without replace=true): top-level fields overwrite, `custom` merges
 * key by key and a null deletes a key. Replace (PUT ?replace=true): the body becomes the document; only
 * what Kustomer owns (createdAt, counts, rev) survives.
 */
function update(ctx: HandlerContext, replace: boolean): SandboxResponse {
	const outcome = updateCustomerRecord(ctx.state, ctx.params.id, (ctx.body ?? {}) as Record<string, unknown>, ctx.principal.userId, replace);
	return isCustomerRecord(outcome) ? single(200, outcome) : outcome;
}

/** Applies an update to customer `id` (the update endpoints and bulk jobs); answers the error instead when it fails. */
export function updateCustomerRecord(state: SandboxState, id: string, body: Record<string, unknown>, userId: string, replace: boolean): CustomerRecord | SandboxResponse {
	const record = state.store.customers.get(id);
	if (!record) return customerNotFound(id);
	const conflict =
		staleRev(record, body) ?? duplicateExternalId(state, body.externalId, record.id) ?? invalidCustomValue(state, TYPE, body.custom);
	if (conflict) return conflict;
	const now = state.store.clock.nowIso();
	const old = record.attributes;
	const fields = userFields(body);
	let next: Record<string, any>;
	if (replace) {
		next = newCustomerAttributes(fields, now);
		next.createdAt = typeof fields.createdAt === 'string' ? fields.createdAt : old.createdAt;
		next.conversationCounts = old.conversationCounts;
	} else {
		next = { ...old, ...fields };
		// Kustomer: "If you omit the company, the customer will no longer be linked to the company" (PUT
		// and PATCH alike). https://developer.kustomer.com/kustomer-api-docs/reference/updatecustomer
		if (!('company' in fields) || fields.company === null) delete next.company;
		const custom: Record<string, unknown> = { ...old.custom };
		if (fields.custom && typeof fields.custom === 'object') {
			for (const [k, v] of Object.entries(fields.custom)) {
				if (v === null) delete custom[k];
				else custom[k] = v;
			}
		}
		next.custom = custom;
	}
	next.rev = old.rev + 1;
	next.updatedAt = now;
	next.modifiedAt = now;
	next.displayName = displayNameOf(next);
	record.attributes = next as CustomerAttributes;
	record.modifiedBy = userId;
	registerTagNames(state, fields.tags, userId);
	bump(state.counters.updated, TYPE);
	state.webhooks?.emit('kustomer.customer.update', renderCustomer(record), updateChanges(old, record.attributes));
	return record;
}

function remove(ctx: HandlerContext): SandboxResponse {
	const record = ctx.state.store.customers.get(ctx.params.id);
	if (!record || !ctx.state.store.customers.delete(ctx.params.id)) return customerNotFound(ctx.params.id);
	ctx.state.store.tombstone('customer', record, ctx.principal.userId);
	bump(ctx.state.counters.deleted, TYPE);
	return { status: 204 };
}

const str = (pick: (a: CustomerAttributes) => unknown[], extra: Partial<SearchAttribute<CustomerRecord>> = {}): SearchAttribute<CustomerRecord> => ({
	kind: 'string',
	values: (r) => pick(r.attributes),
	...extra,
});
const date = (key: 'createdAt' | 'updatedAt' | 'modifiedAt'): SearchAttribute<CustomerRecord> => ({
	kind: 'date',
	values: (r) => [r.attributes[key]],
	sortable: true,
});

const CUSTOMER_ATTRIBUTES: Record<string, SearchAttribute<CustomerRecord>> = {
	customer_name: str((a) => [a.name], { sortable: true }),
	customer_email: str((a) => a.emails.map((e) => e.email), { normalize: (v) => v.toLowerCase() }),
	customer_externalId: str((a) => [a.externalId], { sortable: true }),
	customer_phone: str((a) => a.phones.map((p) => p.phone), { normalize: digitsOnly }),
	customer_tags: str((a) => a.tags ?? []),
	customer_created_at: date('createdAt'),
	customer_updated_at: date('updatedAt'),
	customer_modified_at: date('modifiedAt'),
};

/** customer_custom_<name>: the value kind follows the attribute's suffix (https://developer.kustomer.com/docs/concepts/custom-attributes). */
function customAttribute(name: string): SearchAttribute<CustomerRecord> | undefined {
	const key = name.slice('customer_custom_'.length);
	if (!key) return undefined;
	const kind: SearchAttribute<CustomerRecord>['kind'] = key.endsWith('Num')
		? 'number'
		: key.endsWith('At')
			? 'date'
			: key.endsWith('Bool')
				? 'boolean'
				: 'string';
	return { kind, values: (r) => [r.attributes.custom?.[key]] };
}

export const customerSearch: SearchContext<CustomerRecord> = {
	queryContext: 'customer',
	records: (state) => state.store.customers,
	attribute: (name) => (name.startsWith('customer_custom_') ? customAttribute(name) : CUSTOMER_ATTRIBUTES[name]),
	render: renderCustomer,
};

export const customers: ResourceModule = {
	name: 'customers',
	handlers: {
		CreateCustomer: create,
		GetCustomers: list,
		GetCustomerById: getById,
		GetCustomerByExternalId: byExternalId,
		GetCustomerByEmail: byEmail,
		GetCustomerByPhone: byPhone,
		UpdateCustomer: (ctx) => update(ctx, ctx.query.replace === 'true'),
		UpdateCustomerAttributes: (ctx) => update(ctx, false),
		DeleteCustomer: remove,
	},
	searchContexts: [customerSearch],
};
