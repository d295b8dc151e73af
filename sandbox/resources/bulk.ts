/**
 * The asynchronous bulk flow for KObjects and customers (https://developer.kustomer.com/docs/guides/bulk-operations and Addendum): POST /klasses/{name}/bulk
 * (and POST / PUT /customers/bulk) accepts
 * up to 100 items and answers 201 with a `bulk` job in status `queued`; GET /bulk/{id} reports its status
 * and GET /bulk/{id}/batches the per-item results. The two GET routes are documented by Kustomer
 * (get-bulk-operation-by-id, get-bulk-operation-batches) but missing from the Core Resources document, so
 * they are served as non-spec routes needing org.permission.bulk.read.
 */
import type { HandlerContext, ResourceModule } from '../context';
import { errorResponse, notFound, notImplemented, type SandboxResponse } from '../envelope';
import { pagedList } from '../paging';
import type { BulkJob } from '../bulkJobs';
import { findKlassByName, klassNotFound } from './kobjectModel';
import { CUSTOMER_BULK_CREATE, CUSTOMER_BULK_UPDATE, createBulkJob, createKObjectJob, pump, renderBatch, renderJob, type BulkJobKind } from './bulkRunner';

/** The role Kustomer's bulk guide names for reading bulk status. */
export const BULK_READ_ROLE = 'org.permission.bulk.read';

function createKObjects(ctx: HandlerContext): SandboxResponse {
	const name = ctx.params.name;
	if (!findKlassByName(ctx.state, name)) return klassNotFound(name);
	// the spec validated the array (at most 100 objects of the create shape)
	const items = (ctx.body as Array<Record<string, unknown>>).map((item) => ({ ...item }));
	const job = createKObjectJob(ctx.state, name, items, ctx.principal);
	// the answer is the job as accepted (queued); with zero timing it completes right after, before any poll
	const accepted = { status: 201, body: { data: renderJob(job) } };
	pump(ctx.state, job);
	return accepted;
}

/**
 * `_clientRef` is all-or-nothing: some items with it and others without is a 400; values are unique and
 * at most 255 characters (https://developer.kustomer.com/docs/guides/bulk-operations).
 */
function clientRefProblem(items: Array<Record<string, unknown>>): SandboxResponse | undefined {
	const refs = items.map((item) => item._clientRef);
	const given = refs.filter((ref) => ref !== undefined);
	if (given.length === 0) return undefined;
	const bad = (detail: string, index: number) => errorResponse(400, 'invalid', 'Invalid', { detail, source: { pointer: `/${index}/_clientRef` } });
	if (given.length !== refs.length) return bad('_clientRef must be given on every item or on none', refs.findIndex((ref) => ref === undefined));
	const seen = new Set<string>();
	for (const [index, ref] of refs.entries()) {
		const text = String(ref);
		if (text.length > 255) return bad('_clientRef is longer than 255 characters', index);
		if (seen.has(text)) return bad(`_clientRef "${text}" is not unique`, index);
		seen.add(text);
	}
	return undefined;
}

/** POST / PUT /v1/customers/bulk: a job creating or updating up to 100 customers (the spec checked the array). */
function customerJob(kind: BulkJobKind) {
	return (ctx: HandlerContext): SandboxResponse => {
		// PUT ?ids= (the same data for many customers) is not modelled
		if (ctx.query.ids !== undefined) return notImplemented('PUT /v1/customers/bulk?ids= is not modelled by the sandbox');
		const items = (ctx.body as Array<Record<string, unknown>>).map((item) => ({ ...item }));
		const problem = clientRefProblem(items);
		if (problem) return problem;
		const job = createBulkJob(ctx.state, kind, items, ctx.principal);
		const accepted = { status: 201, body: { data: renderJob(job) } };
		pump(ctx.state, job);
		return accepted;
	};
}

/** The job, brought up to date with the clock, or the 404 to answer. */
function findJob(ctx: HandlerContext): BulkJob | SandboxResponse {
	const job = ctx.state.store.bulkJobs.get(ctx.params.id);
	if (!job) return notFound(`bulk operation ${ctx.params.id} not found`);
	pump(ctx.state, job);
	return job;
}

const isJob = (value: BulkJob | SandboxResponse): value is BulkJob => 'batches' in value;

function getJob(ctx: HandlerContext): SandboxResponse {
	const job = findJob(ctx);
	return isJob(job) ? { status: 200, body: { data: renderJob(job) } } : job;
}

function getBatches(ctx: HandlerContext): SandboxResponse {
	const job = findJob(ctx);
	if (!isJob(job)) return job;
	return pagedList(ctx.query, job.batches, (batch) => renderBatch(job, batch), `/v1/bulk/${job.id}/batches`);
}

export const bulk: ResourceModule = {
	name: 'bulk',
	handlers: {
		BulkCreateKObjects: createKObjects,
		BulkCreateCustomers: customerJob(CUSTOMER_BULK_CREATE),
		BulkBatchUpdateCustomers: customerJob(CUSTOMER_BULK_UPDATE),
	},
	extraRoutes: [
		{ method: 'GET', pattern: /^\/bulk\/(?<id>[^/]+)\/?$/, operationId: 'GetBulkOperationById', roles: [BULK_READ_ROLE], handler: getJob },
		{ method: 'GET', pattern: /^\/bulk\/(?<id>[^/]+)\/batches\/?$/, operationId: 'GetBulkOperationBatches', roles: [BULK_READ_ROLE], handler: getBatches },
	],
};
