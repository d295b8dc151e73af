import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { CUSTOMER_CREATE, CUSTOMER_UPDATE, bulkResultFields, bulkSummary, readBulkItems, runBulk, type BulkWording } from '../../shared/bulk';
import { coerce, fieldError, parameter } from '../../shared/parameters';
import { endpointRoles } from '../../shared/roles';
import { operationRouting, pathFrom, toKustomerRequest } from '../../shared/routing';
import { toFiniteNumber } from '../../shared/values';

/**
 * Customer › Create Many and Update Many through Kustomer's bulk endpoints
 * (https://developer.kustomer.com/docs/guides/bulk-operations; https://developer.kustomer.com/api/core-resources/bulk-create-customers):
 * POST /v1/customers/bulk creates, PUT /v1/customers/bulk updates (each item names its customer by `id`),
 * at most 100 customers and 100 kB per request, processed as asynchronous jobs. The node sends each
 * customer once with its own `_clientRef` (its index in the list: on every item, as Kustomer requires),
 * waits for the jobs (bounded by Max Wait) and reports every customer's result: its ID, its error, or,
 * for a job still running, pending with the job's ID for Get Bulk Job Result, never failed.
 *
 * The customers are Kustomer's customer JSON as it is (name, emails, phones, externalId, custom…):
 * Kustomer checks their fields, and a customer it refuses fails alone. Update Many does not read each
 * customer first (that would cost a request per customer, which bulk is there to save), so unlike Update
 * it cannot keep a company link the change leaves out ("If you omit the company, the customer will no
 * longer be linked to the company", https://developer.kustomer.com/kustomer-api-docs/reference/updatecustomer):
 * a change without `company` is refused before anything is sent (an ID keeps or sets it, null unlinks).
 */

const createShow = { resource: ['customer'], operation: ['createMany'] };
const updateShow = { resource: ['customer'], operation: ['updateMany'] };
const show = { resource: ['customer'], operation: ['createMany', 'updateMany'] };

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/** preSend: every customer checked and given its `_clientRef`, before any request. */
function customersBody(update: boolean) {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const { items, label: source } = readBulkItems(this, {
			from: 'customerBulkFrom',
			fromLabel: 'Customers From',
			field: 'customerBulkField',
			fieldDefault: 'customers',
			json: update ? 'customerBulkUpdateJson' : 'customerBulkCreateJson',
			label: 'Customers',
			noun: 'customers',
		});
		const example = update ? '{"id": "<customer ID>", "name": "Ada Lovelace"}' : '{"name": "Ada Lovelace", "emails": [{"email": "ada@example.com"}]}';
		if (!Array.isArray(items) || !items.length) throw fieldError(this, source, 'must be a non-empty JSON array of customers', `Each customer: ${example}.`);
		requestOptions.body = items.map((customer: unknown, index) => {
			const label = `${source} [${index}]`;
			if (!customer || typeof customer !== 'object' || Array.isArray(customer)) throw fieldError(this, label, 'is not a customer object', `Each customer: ${example}. Nothing was sent.`);
			const fields = customer as IDataObject;
			if ('_clientRef' in fields) {
				throw fieldError(this, `${label} _clientRef`, 'is set', 'The node gives every customer its own _clientRef (its index), as Kustomer requires it on all or none: remove it. Nothing was sent.');
			}
			if (update) {
				if (typeof fields.id !== 'string' || !OBJECT_ID.test(fields.id.trim())) {
					throw fieldError(this, `${label} id`, fields.id === undefined ? 'is missing' : 'is not a Kustomer customer ID', 'Update Many needs each customer\'s ID (24 hexadecimal characters) in "id". Nothing was sent.');
				}
				if (!('company' in fields)) {
					// Kustomer would unlink the customer's company: never done without the user saying so.
					throw fieldError(
						this,
						`${label} company`,
						'is missing, so Kustomer would unlink the customer from its company',
						'Give each change its "company": the company ID to keep or set, or null to unlink. Customer › Update keeps the company by itself (it reads the customer first). Nothing was sent.',
					);
				}
				return { ...fields, id: fields.id.trim(), _clientRef: String(index) };
			}
			if ('id' in fields) throw fieldError(this, `${label} id`, 'is set', 'Create Many creates new customers: leave "id" out, or use Update Many to change existing ones. Nothing was sent.');
			return { ...fields, _clientRef: String(index) };
		});
		return requestOptions;
	};
}

function runCustomers(method: 'POST' | 'PUT', wording: BulkWording) {
	return async function (this: IExecutePaginationFunctions, requestData: DeclarativeRestApiSettings.ResultOptions): Promise<INodeExecutionData[]> {
		const request = toKustomerRequest(requestData);
		const items = request.body as IDataObject[];
		const maxWaitSeconds = coerce(this, 'Max Wait (Seconds)', parameter(this, 'customerBulkMaxWait', 300), toFiniteNumber);
		if (maxWaitSeconds < 1) throw fieldError(this, 'Max Wait (Seconds)', 'must be 1 or more');
		const results = await runBulk(this, { method, path: '/v1/customers/bulk', wording, label: 'Customers' }, items, {
			baseURL: request.baseURL,
			maxWaitMs: maxWaitSeconds * 1000,
		});
		return [
			{
				json: {
					...bulkSummary(results, wording),
					results: results.map((result, index) => ({
						index,
						...(typeof items[index].name === 'string' ? { name: items[index].name } : {}),
						...bulkResultFields(result, wording),
					})),
				},
			},
		];
	};
}

const BULK_READ = endpointRoles('https://developer.kustomer.com/docs/guides/bulk-operations', 'to follow the bulk job', 'org.permission.bulk.read');

export const createManyRouting = operationRouting({
	roles: [endpointRoles('BulkCreateCustomers', 'to create them', 'org.user.customer.write', 'org.permission.customer.create'), BULK_READ],
	method: 'POST',
	path: pathFrom('/v1/customers/bulk'),
	preSend: [customersBody(false)],
	execute: runCustomers('POST', CUSTOMER_CREATE),
});

export const updateManyRouting = operationRouting({
	roles: [endpointRoles('BulkBatchUpdateCustomers', 'to update them', 'org.user.customer.write', 'org.permission.customer.update'), BULK_READ],
	method: 'PUT',
	path: pathFrom('/v1/customers/bulk'),
	preSend: [customersBody(true)],
	execute: runCustomers('PUT', CUSTOMER_UPDATE),
});

export const bulkFields: INodeProperties[] = [
	{
		displayName: 'Customers From',
		name: 'customerBulkFrom',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Input Field',
				value: 'inputField',
				description: 'An array in a field of the input item, read as it is: the fastest way for large arrays',
			},
			{ name: 'JSON', value: 'json', description: 'The Customers parameter: JSON written here or an expression' },
		],
		default: 'json',
		displayOptions: { show },
	},
	{
		displayName: 'Input Field Name',
		name: 'customerBulkField',
		type: 'string',
		default: 'customers',
		required: true,
		displayOptions: { show: { ...show, customerBulkFrom: ['inputField'] } },
		description: 'Name of the input item\'s field holding the array of customers; dots reach nested fields',
	},
	{
		displayName: 'Customers',
		name: 'customerBulkCreateJson',
		type: 'json',
		default: '[\n  {\n    "name": "",\n    "emails": [{ "email": "" }]\n  }\n]',
		required: true,
		displayOptions: { show: { ...createShow, customerBulkFrom: ['json'] } },
		description:
			'JSON array of customers to create, each as Kustomer\'s customer JSON (name, emails, phones, externalId, custom…), e.g. [{"name": "Ada Lovelace", "emails": [{"email": "ada@example.com"}]}]',
	},
	{
		displayName: 'Customers',
		name: 'customerBulkUpdateJson',
		type: 'json',
		default: '[\n  {\n    "id": "",\n    "name": ""\n  }\n]',
		required: true,
		displayOptions: { show: { ...updateShow, customerBulkFrom: ['json'] } },
		description:
			'JSON array of customer changes, each with the customer\'s ID and the fields to change as Kustomer\'s customer JSON (as in the default). Lists such as emails replace the customer\'s list. Kustomer unlinks a customer from its company when an update leaves "company" out, so each change must have "company" (the company ID, or null for none): a change without it is refused before anything is sent.',
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'customerBulkMaxWait',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		displayOptions: { show },
		description:
			'How long to wait for Kustomer\'s bulk jobs to finish, rate-limit waits included. The customers of a job still running then are reported pending with the job\'s ID (not failed): check them later with Get Bulk Job Result instead of sending them again.',
	},
];
