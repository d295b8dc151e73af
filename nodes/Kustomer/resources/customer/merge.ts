import { NodeOperationError } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { POLL_START_MS, pollPause, seconds } from '../../shared/bulk';
import { customerLocator } from '../../shared/descriptions';
import { CUSTOMER, chosenBy, resolveId } from '../../shared/locator';
import { simplifyProperty, simplifyResource } from '../../shared/output';
import { coerce, fieldError, parameter } from '../../shared/parameters';
import { CUSTOMER_READ, endpointRoles } from '../../shared/roles';
import { operationRouting, pathFrom, toKustomerRequest } from '../../shared/routing';
import { kustomerApiRequest, kustomerPath } from '../../shared/transport';
import { toFiniteNumber } from '../../shared/values';

/**
 * Customer › Merge: merges a source customer into a target
 * (https://developer.kustomer.com/kustomer-api-docs/reference/customers-merges). POST
 * /v1/customers/merges {source, target} answers with a merge object and its status; the merge runs
 * asynchronously, so the node polls GET /v1/customers/merges/{id} (pauses from shared/bulk.ts, bounded by
 * Max Wait, rate-limit waits included) until it is complete, then reads the target, which now holds the
 * merged customer; the source is gone. A merge still running at Max Wait is output as pending with its
 * ID, never as an error: Kustomer goes on with it, and starting it again would fail or merge twice.
 *
 * Which statuses Kustomer reports is not documented beyond `status` (the sandbox uses queued, complete,
 * failed): any status that is not a known end goes on being polled.
 */

const show = { resource: ['customer'], operation: ['merge'] };

const SOURCE = chosenBy(CUSTOMER, 'mergeSource', 'Source Customer');
const TARGET = chosenBy(CUSTOMER, 'mergeTarget', 'Target Customer');

const DONE = new Set(['complete', 'completed', 'done', 'success', 'succeeded', 'merged']);
const FAILED = new Set(['failed', 'failure', 'error', 'errored', 'canceled', 'cancelled']);

/** What Kustomer said went wrong with a failed merge, from its attributes (shape not documented). */
function failureDetail(attributes: IDataObject | undefined): string {
	const error = attributes?.error ?? attributes?.errors ?? attributes?.message;
	const entries = Array.isArray(error) ? error : error === undefined ? [] : [error];
	const texts = entries.map((entry) => {
		if (entry && typeof entry === 'object') {
			const { title, detail } = entry as IDataObject;
			return [title, detail].filter((part) => typeof part === 'string' && part).join(': ');
		}
		return String(entry);
	});
	return texts.filter(Boolean).join('; ').slice(0, 500);
}

async function mergeCustomers(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const { baseURL } = toKustomerRequest(requestData);
	const maxWaitSeconds = coerce(this, 'Max Wait (Seconds)', parameter(this, 'mergeMaxWait', 60), toFiniteNumber);
	if (maxWaitSeconds < 0) throw fieldError(this, 'Max Wait (Seconds)', 'must be 0 or more');

	const source = await resolveId(this, SOURCE, baseURL);
	const target = await resolveId(this, TARGET, baseURL);
	if (source === target) {
		throw fieldError(
			this,
			'Target Customer',
			`is the same customer as Source Customer (${source})`,
			'Choose two different customers: the source is merged into the target and then deleted. Nothing was sent.',
		);
	}
	const names = `customer ${source} (Source Customer) into customer ${target} (Target Customer)`;

	const created = await kustomerApiRequest(this, { method: 'POST', url: '/v1/customers/merges', body: { source, target }, baseURL });
	const merge = (created.body as IDataObject)?.data as IDataObject | undefined;
	const mergeId = typeof merge?.id === 'string' ? merge.id : '';
	if (!mergeId) throw new NodeOperationError(this.getNode(), `Kustomer accepted the merge of ${names} but returned no merge ID`, { itemIndex: this.getItemIndex() });

	const summary = (status: string, extra: IDataObject = {}): IDataObject => ({ id: mergeId, status, sourceId: source, targetId: target, ...extra });
	const maxWaitMs = maxWaitSeconds * 1000;
	const deadline = Date.now() + maxWaitMs;
	let attributes = merge?.attributes as IDataObject | undefined;
	let status = String(attributes?.status ?? '');
	let delay = POLL_START_MS;
	let unreadable: string | undefined;
	while (!DONE.has(status) && !FAILED.has(status)) {
		const next = await pollPause(delay, deadline);
		if (next === undefined) break;
		delay = next;
		try {
			const polled = await kustomerApiRequest(this, { method: 'GET', url: kustomerPath('/v1/customers/merges/{id}', { id: mergeId }), baseURL, deadline });
			attributes = ((polled.body as IDataObject)?.data as IDataObject | undefined)?.attributes as IDataObject | undefined;
			status = String(attributes?.status ?? '');
			unreadable = undefined;
		} catch (error) {
			// Kustomer accepted the merge: a poll that fails leaves it pending, never failed.
			unreadable = (error as Error).message;
		}
	}

	if (FAILED.has(status)) {
		const detail = failureDetail(attributes);
		throw new NodeOperationError(this.getNode(), `Kustomer could not merge ${names}: the merge ended "${status}"${detail ? `: ${detail}` : ''}`, {
			itemIndex: this.getItemIndex(),
			description: `Merge ${mergeId}. Check that both customers still exist and that the API key may merge customers (org.permission.customer_merge.create); both customers are as they were unless Kustomer says otherwise.`,
		});
	}
	if (!DONE.has(status)) {
		const why = unreadable ? `its status could not be read (${unreadable})` : `it was still ${status || 'running'} after ${seconds(maxWaitMs)} (Max Wait)`;
		return [
			{
				json: {
					merge: summary('pending', { kustomerStatus: status || null }),
					pending: `Merge ${mergeId} of ${names}: ${why}. Kustomer goes on with it: do not start it again. When it completes, customer ${target} holds the merged record and customer ${source} is deleted.`,
				},
			},
		];
	}

	const read = await kustomerApiRequest(this, { method: 'GET', url: kustomerPath('/v1/customers/{id}', { id: target }), baseURL });
	const customer = ((read.body as IDataObject)?.data ?? {}) as IDataObject;
	const json = parameter(this, 'simplify', true) ? simplifyResource(customer) : customer;
	return [{ json: { ...json, merge: summary('complete') } }];
}

export const mergeRouting = operationRouting({
	roles: [
		endpointRoles('CreateCustomerMerge', 'to merge customers', 'org.user.customer.write', 'org.permission.customer_merge.create', 'org.admin.customer.merge.write'),
		endpointRoles('GetCustomerMerge', 'to follow the merge', 'org.user.customer.read', 'org.permission.customer_merge.create', 'org.admin.customer.merge.read'),
		CUSTOMER_READ,
	],
	method: 'POST',
	path: pathFrom('/v1/customers/merges'),
	execute: mergeCustomers,
});

function locator(name: string, displayName: string, description: string): INodeProperties {
	return { ...customerLocator(show, description, name), displayName };
}

export const mergeFields: INodeProperties[] = [
	locator('mergeSource', 'Source Customer', 'The customer merged away: its conversations move to the target, and it is deleted'),
	locator('mergeTarget', 'Target Customer', 'The customer that stays, holding the merged record'),
	{
		displayName: 'Max Wait (Seconds)',
		name: 'mergeMaxWait',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		displayOptions: { show },
		description:
			'How long to wait for Kustomer to finish the merge, rate-limit waits included. A merge still running then is output as pending with its ID (not failed): Kustomer finishes it; do not start it again.',
	},
	simplifyProperty(show),
];
