import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

import { kustomerError } from '../../shared/errors';
import { oneAtATime } from '../../shared/oneAtATime';
import { fieldError } from '../../shared/parameters';
import { applyOutput, toKustomerRequest } from '../../shared/routing';
import { kustomerApiRequest, type KustomerRequest } from '../../shared/transport';

/**
 * Kustomer unlinks a customer from its company when an update leaves `company` out of the body, for
 * PATCH as for PUT: "If you omit the company, the customer will no longer be linked to the company."
 * https://developer.kustomer.com/kustomer-api-docs/reference/updatecustomer
 *
 * So every customer update that does not set the company itself reads the customer first and sends
 * its current company back, together with the `rev` it read. If the customer changes between the
 * read and the write, Kustomer refuses the write with 409 (optimistic locking, same page) and the
 * node reads it again, so a company linked in the meantime is kept too. Cost: one GET per update
 * (none when the update sets or removes the company, and none for Create or Update, whose lookup
 * already returns the customer).
 */

/** Attempts at read-then-write before a rev conflict is reported. */
const MAX_REV_ATTEMPTS = 3;

/** The company the customer is linked to, as an attribute or a relationship; null when none. */
export function companyOf(customer: IDataObject | undefined): string | null {
	const attributes = (customer?.attributes ?? {}) as IDataObject;
	if (typeof attributes.company === 'string' && attributes.company) return attributes.company;
	const related = ((customer?.relationships as IDataObject | undefined)?.company as IDataObject | undefined)?.data as
		| IDataObject
		| undefined;
	return typeof related?.id === 'string' && related.id ? related.id : null;
}

function revOf(customer: IDataObject | undefined): number | undefined {
	const rev = (customer?.attributes as IDataObject | undefined)?.rev;
	return typeof rev === 'number' ? rev : undefined;
}

/**
 * A 409 to a write that carried `rev` is a rev conflict unless Kustomer names another field (a
 * duplicate external ID, say): the shape of Kustomer's rev error is not documented.
 */
function isRevConflict(response: IN8nHttpFullResponse): boolean {
	const errors = (response.body as { errors?: Array<{ source?: { pointer?: string } }> } | undefined)?.errors;
	const pointers = (Array.isArray(errors) ? errors : []).map((entry) => entry?.source?.pointer).filter(Boolean);
	return pointers.length === 0 || pointers.includes('/rev');
}

/**
 * Sends a customer PATCH (`request.url` is `/v1/customers/{id}`) that keeps the customer's company
 * unless the body sets `company` itself (an ID, or null to unlink). `current` is the customer as
 * already read, when the caller has it.
 */
export async function patchKeepingCompany(
	context: IExecuteSingleFunctions,
	request: KustomerRequest,
	current?: IDataObject,
): Promise<IN8nHttpFullResponse> {
	const body = (request.body ?? {}) as IDataObject;
	if ('company' in body) return await kustomerApiRequest(context, { ...request, method: 'PATCH' });
	return await oneAtATime(`${request.baseURL ?? ''} ${request.url}`, async () => await readAndWrite(context, request, body, current));
}

async function readAndWrite(
	context: IExecuteSingleFunctions,
	request: KustomerRequest,
	body: IDataObject,
	current: IDataObject | undefined,
): Promise<IN8nHttpFullResponse> {
	let customer = current;
	for (let attempt = 1; ; attempt++) {
		if (!customer) {
			const read = await kustomerApiRequest(context, { method: 'GET', url: request.url, baseURL: request.baseURL });
			customer = (read.body as IDataObject)?.data as IDataObject;
		}
		const kept: IDataObject = { ...body };
		const company = companyOf(customer);
		if (company) kept.company = company;
		// A rev the user gave (Update Fields › Revision) is theirs: it is sent as given, and a conflict is
		// reported rather than retried, since the customer changed after they read it.
		const given = typeof body.rev === 'number';
		const rev = given ? (body.rev as number) : revOf(customer);
		if (rev !== undefined) kept.rev = rev;
		const write: KustomerRequest = { ...request, method: 'PATCH', body: kept, acceptStatus: [409] };
		const response = await kustomerApiRequest(context, write);
		if (response.statusCode !== 409) return response;
		if (given && isRevConflict(response)) {
			throw fieldError(
				context,
				'Revision (Rev)',
				`is ${rev}, but the customer is at rev ${String(revOf(customer) ?? 'unknown')} now: it changed since that rev was read`,
				'Nothing was changed. Read the customer again and use its current rev, or leave Revision out.',
			);
		}
		if (given || rev === undefined || !isRevConflict(response) || attempt >= MAX_REV_ATTEMPTS) {
			throw kustomerError(context, response.statusCode, response.body, write);
		}
		// Changed by someone else since it was read: read it again, keep what is there now.
		customer = undefined;
	}
}

/** Node hook for Update and Update Customer Data: the PATCH built by the routing, keeping the company. */
export async function updateKeepingCompany(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const response = await patchKeepingCompany(this, toKustomerRequest(requestData));
	return await applyOutput(this, requestData, response);
}
