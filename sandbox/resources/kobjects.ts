/**
 * KObjects (https://developer.kustomer.com/api/core-resources/create-kobject): custom objects of a klass, addressed by the klass *name* — created org-wide or under a
 * customer, listed per klass or per customer, read by id or externalId, updated (merge) and deleted.
 * The bulk create lives in bulk.ts.
 */
import type { HandlerContext, ResourceModule } from '../context';
import { bump } from '../context';
import { invalid, notFound, type SandboxResponse } from '../envelope';
import { pagedList } from '../paging';
import type { KObjectRecord } from '../store';
import {
	createKObject,
	findKlassByName,
	isKObject,
	klassNotFound,
	KOBJECT_COUNTER,
	kobjectNotFound,
	kobjectsOf,
	renderKObject,
	updateKObject,
} from './kobjectModel';

const single = (status: number, record: KObjectRecord): SandboxResponse => ({ status, body: { data: renderKObject(record) } });

const bodyOf = (ctx: HandlerContext): Record<string, unknown> => (ctx.body ?? {}) as Record<string, unknown>;

function create(ctx: HandlerContext, customerId?: string): SandboxResponse {
	const klass = findKlassByName(ctx.state, ctx.params.name);
	if (!klass) return klassNotFound(ctx.params.name);
	const result = createKObject(ctx.state, klass, bodyOf(ctx), ctx.principal.userId, customerId);
	return isKObject(result) ? single(201, result) : result;
}

function createForCustomer(ctx: HandlerContext): SandboxResponse {
	// checked before the klass so an unknown customer reads as such, like the other /customers/{id} routes
	if (!ctx.state.store.customers.has(ctx.params.id)) return notFound(`customer ${ctx.params.id} not found`);
	return create(ctx, ctx.params.id);
}

/** `fromDate`: objects updated at or after it (as on GET /customers/{id}/conversations). */
function updatedSince(ctx: HandlerContext, records: KObjectRecord[]): KObjectRecord[] | SandboxResponse {
	const fromDate = ctx.query.fromDate;
	if (!fromDate) return records;
	const from = Date.parse(fromDate);
	if (Number.isNaN(from)) return invalid('fromDate must be a date-time', { parameter: 'fromDate' });
	return records.filter((r) => Date.parse(r.attributes.updatedAt) >= from);
}

function list(ctx: HandlerContext): SandboxResponse {
	const name = ctx.params.name;
	if (!findKlassByName(ctx.state, name)) return klassNotFound(name);
	const records = updatedSince(ctx, kobjectsOf(ctx.state, name));
	if (!Array.isArray(records)) return records;
	const keep: Record<string, string> = ctx.query.fromDate ? { fromDate: ctx.query.fromDate } : {};
	return pagedList(ctx.query, records, renderKObject, `/v1/klasses/${encodeURIComponent(name)}`, keep);
}

function listForCustomer(ctx: HandlerContext): SandboxResponse {
	const { id, name } = ctx.params;
	if (!ctx.state.store.customers.has(id)) return notFound(`customer ${id} not found`);
	if (!findKlassByName(ctx.state, name)) return klassNotFound(name);
	const records = kobjectsOf(ctx.state, name).filter((r) => r.customerId === id);
	return pagedList(ctx.query, records, renderKObject, `/v1/customers/${id}/klasses/${encodeURIComponent(name)}`);
}

/** The object `id` of klass `name`, or the 404 to answer (unknown klass, unknown id, or an object of another klass). */
function find(ctx: HandlerContext): KObjectRecord | SandboxResponse {
	const { name, id } = ctx.params;
	if (!findKlassByName(ctx.state, name)) return klassNotFound(name);
	const record = ctx.state.store.kobjects.get(id);
	return record && record.klassName === name ? record : kobjectNotFound(name, id);
}

function getById(ctx: HandlerContext): SandboxResponse {
	const record = find(ctx);
	return isKObject(record) ? single(200, record) : record;
}

function byExternalId(ctx: HandlerContext): SandboxResponse {
	const { name, externalId } = ctx.params;
	if (!findKlassByName(ctx.state, name)) return klassNotFound(name);
	const record = kobjectsOf(ctx.state, name).find((r) => r.attributes.externalId === externalId);
	return record ? single(200, record) : notFound(`kobject.${name} with externalId ${externalId} not found`);
}

function update(ctx: HandlerContext): SandboxResponse {
	const record = find(ctx);
	if (!isKObject(record)) return record;
	const problem = updateKObject(ctx.state, record, bodyOf(ctx), ctx.principal.userId);
	return problem ?? single(200, record);
}

function remove(ctx: HandlerContext): SandboxResponse {
	const record = find(ctx);
	if (!isKObject(record)) return record;
	ctx.state.store.kobjects.delete(record.id);
	ctx.state.store.tombstone(`kobject_${record.klassName}`, record, ctx.principal.userId);
	bump(ctx.state.counters.deleted, KOBJECT_COUNTER);
	return { status: 204 };
}

export const kobjects: ResourceModule = {
	name: 'kobjects',
	handlers: {
		CreateKObject: (ctx) => create(ctx),
		CreateCustomerKObject: createForCustomer,
		GetKObjects: list,
		FindCustomerKObjects: listForCustomer,
		GetKObject: getById,
		getKlassesByNameAndExternalId: byExternalId,
		UpdateKObject: update,
		DeleteKObject: remove,
	},
};
