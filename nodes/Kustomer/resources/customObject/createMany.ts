import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { OBJECT_CREATE, bulkResultFields, bulkSummary, readBulkItems, runBulk } from '../../shared/bulk';
import {
	NOT_READABLE_NOTE,
	SEED_TYPE_NAMES,
	attributeTypeNamed,
	attributeReportOf,
	attributesToMatch,
	checkEntries,
	rememberAttributeNames,
	toCustomAttributes,
	type AttributeType,
} from '../../shared/customAttributes';
import { coerce, fieldError, parameter } from '../../shared/parameters';
import { endpointRoles, kobject } from '../../shared/roles';
import { operationRouting, toKustomerRequest } from '../../shared/routing';
import { kustomerApiRequest, kustomerPath } from '../../shared/transport';
import { plainText, toFiniteNumber, toText } from '../../shared/values';
import { klassNameProperty } from './fields';

/**
 * Seed 004's "Create Custom Objects": `klassName`, `objects` (each `title`, `customerId`, `data` as
 * key/value pairs) and `fieldTypes` (key → txt, str, num, bool, date). Values are coerced to their
 * types and stored as custom attributes, each key named by customAttributes.ts (matched to the
 * Klass's attributes, read once per run, else camelCase with its type suffix). Every object is checked
 * before anything is sent; then all go through Kustomer's bulk API, 100 per request, and each
 * object's result (its new ID or its error) is reported.
 */

const show = { resource: ['customObject'], operation: ['createMany'] };

interface SeedObject {
	title?: unknown;
	customerId?: unknown;
	data?: Array<{ key?: unknown; value?: unknown }> | Record<string, unknown>;
}

/** key → attribute type, from the fieldTypes rows (txt, str, num, bool, date). */
function readFieldTypes(context: IExecuteSingleFunctions): Map<string, AttributeType> {
	const rows = (parameter(context, 'fieldTypes', {}) as { values?: Array<{ key?: unknown; value?: unknown }> }).values ?? [];
	const types = new Map<string, AttributeType>();
	rows.forEach((row, index) => {
		const key = plainText(row.key);
		if (!key) throw fieldError(context, `Field Types [${index}] Key`, 'is empty');
		let type: AttributeType;
		try {
			type = attributeTypeNamed(row.value, SEED_TYPE_NAMES);
		} catch (error) {
			throw fieldError(context, `Field Types [${index}] "${key}"`, (error as Error).message);
		}
		types.set(key, type);
	});
	return types;
}

/** preSend: every object checked and turned into a bulk item, before any request. */
async function objectsBody(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const { items: objects, label: source } = readBulkItems(this, {
		from: 'objectsFrom',
		field: 'objectsField',
		fieldDefault: 'objects',
		json: 'objects',
		label: 'Objects',
		fromLabel: 'Objects From',
		noun: 'objects',
	});
	if (!Array.isArray(objects) || !objects.length) {
		throw fieldError(this, source, 'must be a non-empty JSON array of objects', 'Each object: {"title": "...", "customerId": "...", "data": [{"key": "...", "value": "..."}]}.');
	}
	const fieldTypes = readFieldTypes(this);
	// First every object's title and keys, so that a bad one is refused before any request.
	const checked = objects.map((object: SeedObject, index) => {
		const label = `${source} [${index}]`;
		if (!object || typeof object !== 'object') throw fieldError(this, label, 'is not an object');
		const title = (() => {
			try {
				return toText(object.title, 256).trim();
			} catch (error) {
				throw fieldError(this, `${label} title`, (error as Error).message);
			}
		})();
		if (!title) throw fieldError(this, `${label} title`, 'is empty', 'Kustomer needs a title for every object.');
		const entries = (
			Array.isArray(object.data)
				? object.data.map((entry) => ({ key: plainText(entry?.key), value: entry?.value }))
				: Object.entries(object.data ?? {}).map(([key, value]) => ({ key: key.trim(), value }))
		).map((entry) => ({ ...entry, type: fieldTypes.get(entry.key) }));
		const fail = (key: string, problem: string) =>
			fieldError(this, `${label} data "${key}"`, problem, 'Fix the key, its value or its type in Field Types; nothing was sent for this item.');
		checkEntries(entries, fail);
		return { title, customer: plainText(object.customerId), entries, fail };
	});
	const klass = String(parameter(this, 'klassName', '')).trim();
	const account = await attributesToMatch(this, `kobject.${klass}`, checked.some(({ entries }) => entries.length > 0), requestOptions.baseURL);
	const names: Array<Record<string, string>> = [];
	requestOptions.body = checked.map(({ title, customer, entries, fail }, index) => {
		const { custom, names: objectNames } = toCustomAttributes(entries, fail, account.attributes);
		names.push(objectNames);
		return { title, ...(customer ? { customer } : {}), ...(Object.keys(custom).length ? { custom } : {}), _clientRef: String(index) };
	});
	rememberAttributeNames(requestOptions, { names, ...(account.readable ? {} : { note: NOT_READABLE_NOTE }) });
	return requestOptions;
}

async function createObjects(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const request = toKustomerRequest(requestData);
	const items = request.body as IDataObject[];
	const klass = String(parameter(this, 'klassName', '')).trim();
	const maxWaitSeconds = coerce(this, 'Options › Max Wait (Seconds)', (parameter(this, 'options', {}) as { maxWait?: unknown }).maxWait ?? 300, toFiniteNumber);

	let results;
	if (items.length === 1) {
		// One object needs no job: create it directly and answer at once.
		const { _clientRef, ...object } = items[0];
		const response = await kustomerApiRequest(this, { ...request, method: 'POST', url: kustomerPath('/v1/klasses/{klass}', { klass }), body: object });
		results = [{ clientRef: String(_clientRef), id: String(((response.body as IDataObject)?.data as IDataObject)?.id ?? '') }];
	} else {
		results = await runBulk(this, { method: 'POST', path: kustomerPath('/v1/klasses/{klass}/bulk', { klass }), wording: OBJECT_CREATE, label: 'Objects' }, items, {
			baseURL: request.baseURL,
			maxWaitMs: Math.max(1, maxWaitSeconds) * 1000,
		});
	}
	const report = attributeReportOf(requestData.options);
	const names = Array.isArray(report?.names) ? report.names : [];
	return [
		{
			json: {
				...bulkSummary(results),
				results: results.map((result, index) => ({
					index,
					title: items[index].title,
					...bulkResultFields(result),
					attributeNames: names[index] ?? {},
				})),
				...(report?.note ? { attributeNamesNote: report.note } : {}),
			},
		},
	];
}

export const createManyRouting = operationRouting({
	roles: [
		kobject('BulkCreateKObjects', 'to create them', 'org.user.kobject.write', 'create'),
		endpointRoles('https://developer.kustomer.com/docs/guides/bulk-operations', 'to follow the bulk job', 'org.permission.bulk.read'),
	],
	method: 'POST',
	path: async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		requestOptions.url = kustomerPath('/v1/klasses/{klass}/bulk', { klass: String(parameter(this, 'klassName', '')).trim() || '-' });
		return requestOptions;
	},
	preSend: [objectsBody],
	execute: createObjects,
});

export const createManyFields: INodeProperties[] = [
	klassNameProperty(show),
	{
		displayName: 'Objects From',
		name: 'objectsFrom',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Input Field',
				value: 'inputField',
				description: 'An array in a field of the input item, read as it is: the fastest way for large arrays',
			},
			{ name: 'JSON', value: 'json', description: 'The Objects parameter: JSON written here or an expression' },
		],
		default: 'json',
		displayOptions: { show },
	},
	{
		displayName: 'Input Field Name',
		name: 'objectsField',
		type: 'string',
		default: 'objects',
		required: true,
		displayOptions: { show: { ...show, objectsFrom: ['inputField'] } },
		description: 'Name of the input item\'s field holding the array of objects (each: title, customerId, data); dots reach nested fields',
	},
	{
		displayName: 'Objects',
		name: 'objects',
		type: 'json',
		default: '[\n  {\n    "title": "",\n    "customerId": "",\n    "data": [{ "key": "", "value": "" }]\n  }\n]',
		required: true,
		displayOptions: { show: { ...show, objectsFrom: ['json'] } },
		description:
			'JSON array of objects to create. Each: title, customerId (empty for none) and data as key/value pairs, e.g. [{"title": "John Smith Preferences", "customerId": "…", "data": [{"key": "product_interest_score", "value": "8.5"}]}].',
	},
	{
		displayName: 'Field Types',
		name: 'fieldTypes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field Type',
		default: {},
		displayOptions: { show },
		description: 'Type of each data key; a key without one takes the type of the Klass attribute it matches, else its suffix, else str',
		options: [
			{
				displayName: 'Field Type',
				name: 'values',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'product_interest_score' },
					{
						displayName: 'Type',
						name: 'value',
						type: 'options',
						options: [
							{ name: 'Boolean (Bool)', value: 'bool' },
							{ name: 'Date (At)', value: 'date' },
							{ name: 'Number (Num)', value: 'num' },
							{ name: 'String (Str)', value: 'str' },
							{ name: 'Text (Txt)', value: 'txt' },
						],
						default: 'str',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWait',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description:
					'How long to wait for Kustomer\'s bulk jobs to finish, rate-limit waits included. The objects of a job still running then are reported pending with the job\'s ID (not failed): check them later with Get Bulk Job Result instead of sending them again.',
			},
		],
	},
];
