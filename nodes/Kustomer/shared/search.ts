import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
	PreSendAction,
} from 'n8n-workflow';

import { customFilterNamer, type CustomFilterNamer } from './customAttributes';
import { recordOutput, simplifyProperty } from './output';
import { MAX_SEARCH_PAGE_SIZE, MAX_SEARCH_PAGES, paginateSearch, returnAllAndLimit, searchAttributePrefix, searchMayWindow, SEARCH_WINDOW_CONDITIONS, wantedRecords } from './pagination';
import { fieldError, parameter } from './parameters';
import { SEARCH } from './roles';
import { operationRouting, pathFrom } from './routing';
import { plainText, shown, toBoolean, toFiniteNumber, toSearchDate } from './values';

/**
 * Kustomer search (https://developer.kustomer.com/docs/concepts/search): one endpoint, POST
 * /v1/customers/search, for every object type, chosen by `queryContext` (customer, conversation,
 * message, note, kobject_<klass>). Conditions are `{ "<object>_<attribute>": { "<operator>": value } }`
 * in `and` / `or` / `not` groups of at most 20. Paging (and getting past the 100-page cap) is
 * paginateSearch's, in pagination.ts; pacing to the search rate limit is retry.ts's.
 */

/** The queryContext of a resource's Search: fixed, or read per item (Custom Object: kobject_<klass>). */
export type SearchContextOf = string | ((context: IExecuteSingleFunctions) => string);

/** A search attribute; `value` is its name without the `<object>_` prefix. */
export interface SearchAttribute {
	name: string;
	value: string;
	/** Without a type, a name ending in `_at` is a date (created_at, activity_at…). */
	type?: 'number' | 'boolean' | 'date';
}

const CUSTOM = '__custom';
const OTHER = '__other';
/** At most 20 conditions in one and / or / not group (https://developer.kustomer.com/docs/concepts/search). */
export const MAX_GROUP_CONDITIONS = 20;

/**
 * Sorting works only on these customer attributes
 * (https://developer.kustomer.com/kustomer-api-docs/reference/customersearch); Kustomer refuses any other.
 */
export const SORTABLE_ATTRIBUTES: readonly string[] = [
	'customer_name',
	'customer_gender',
	'customer_created_at',
	'customer_updated_at',
	'customer_modified_at',
	'customer_externalId',
	'customer_activity_at',
	'customer_last_seen_at',
	'customer_signed_up_at',
	'customer_lastmessage_preview',
	'customer_progressive_status',
	'customer_done',
	'customer_open',
	'customer_snoozed',
	'customer_last_message_sent_at',
	'customer_last_message_out_sent_at',
	'customer_last_message_unresponded_to_sent_at',
	'customer_last_message_at',
];

/**
 * The filter operators, each sent as one of the operators Kustomer documents (equals, contains, in,
 * gte, lt, lte, not_set; https://developer.kustomer.com/docs/guides/search-recipes). Does Not Equal
 * and Is Set become `equals` / `not_set` in the `not` group.
 */
const OPERATORS: INodePropertyOptions[] = [
	{ name: 'Contains', value: 'contains' },
	{ name: 'Does Not Equal', value: 'notEquals', description: 'Leaves out records with this value, whatever Match says' },
	{ name: 'Equals', value: 'equals' },
	{ name: 'Greater Than or Equal', value: 'gte' },
	{ name: 'Is Not Set', value: 'notSet', description: 'Records without a value' },
	{ name: 'Is One Of', value: 'in', description: 'Any of a comma-separated list of values' },
	{ name: 'Is Set', value: 'exists', description: 'Leaves out records without a value, whatever Match says' },
	{ name: 'Less Than', value: 'lt' },
	{ name: 'Less Than or Equal', value: 'lte' },
];

interface FilterRow {
	attribute?: string;
	customAttribute?: string;
	otherAttribute?: string;
	operator?: string;
	value?: unknown;
}

function conditionValue(context: IExecuteSingleFunctions, label: string, type: SearchAttribute['type'], value: unknown): unknown {
	if (value && typeof value === 'object') throw fieldError(context, label, `is ${shown(value)}; give text, a number or true/false`);
	try {
		if (type === 'number') return toFiniteNumber(value);
		if (type === 'boolean') return toBoolean(value);
		if (type === 'date') return toSearchDate(value);
	} catch (error) {
		throw fieldError(context, label, (error as Error).message);
	}
	return typeof value === 'string' ? value.trim() : value;
}

function queryContextOf(context: IExecuteSingleFunctions, of: SearchContextOf): string {
	return typeof of === 'string' ? of : of(context);
}

/** Conditions a group holds: each attribute of each of its objects (a nested group counts as one). */
function conditionCount(group: unknown): number {
	return asList(group).reduce((count, item) => count + Math.max(1, Object.keys(item).length), 0);
}

function asList(group: unknown): IDataObject[] {
	if (Array.isArray(group)) return group as IDataObject[];
	return group && typeof group === 'object' ? [group as IDataObject] : [];
}

/**
 * Refuses, before sending, a group over Kustomer's 20 conditions, counting in the `and` group the time
 * range the node adds to page past the 100-page cap.
 */
function checkGroups(context: IExecuteSingleFunctions, field: string, body: IDataObject, reserve: number, nested = false): void {
	for (const group of ['and', 'or', 'not'] as const) {
		const items = asList(body[group]);
		const own = conditionCount(body[group]);
		const added = group === 'and' && !nested ? reserve : 0;
		if (own + added > MAX_GROUP_CONDITIONS) {
			const note = added ? `, with the ${added} the node adds to read past Kustomer's 100-page cap (a time range on the update time),` : '';
			throw fieldError(
				context,
				field,
				`has ${own} conditions in its "${group}" group${note} over Kustomer's limit of ${MAX_GROUP_CONDITIONS} per group`,
				added
					? `Use at most ${MAX_GROUP_CONDITIONS - added} conditions that must all match with Return All, or combine values with Is One Of.`
					: `Use at most ${MAX_GROUP_CONDITIONS} conditions per group, or combine values with Is One Of.`,
			);
		}
		for (const item of items) checkGroups(context, field, item, 0, true);
	}
}

/** The search body's conditions from the filter builder. */
function builderConditions(context: IExecuteSingleFunctions, filters: string, queryContext: string, attributes: SearchAttribute[], customAttribute: CustomFilterNamer): IDataObject {
	const rows = ((parameter(context, filters, {}) as { values?: FilterRow[] }).values ?? []) as FilterRow[];
	const prefix = searchAttributePrefix(queryContext);
	const include: IDataObject[] = [];
	const exclude: IDataObject[] = [];
	rows.forEach((row, index) => {
		const label = `Filters [${index}]`;
		let attribute = row.attribute ?? '';
		const known = attributes.find((entry) => entry.value === attribute);
		let type = known && (known.type ?? (known.value.endsWith('_at') ? 'date' : undefined));
		if (attribute && attribute !== CUSTOM && attribute !== OTHER) attribute = `${prefix}_${attribute}`;
		if (attribute === CUSTOM) {
			const named = customAttribute(`${label} Custom Attribute`, row.customAttribute);
			attribute = named.attribute;
			type = named.type === 'number' || named.type === 'boolean' || named.type === 'date' ? named.type : undefined;
		} else if (attribute === OTHER) {
			attribute = plainText(row.otherAttribute);
			if (!/^[a-z][a-zA-Z0-9_-]*$/.test(attribute)) {
				throw fieldError(context, `${label} Attribute Name`, `${shown(row.otherAttribute)} is not a search attribute`, `Use Kustomer's search attribute names, e.g. ${prefix}_created_at.`);
			}
		}
		if (!attribute) throw fieldError(context, `${label} Attribute`, 'is empty');
		const operator = row.operator ?? 'equals';
		if (operator === 'notSet' || operator === 'exists') {
			(operator === 'notSet' ? include : exclude).push({ [attribute]: { not_set: '' } });
			return;
		}
		if (!OPERATORS.some((known) => known.value === operator)) {
			throw fieldError(context, `${label} Operator`, `"${operator}" is not one of Kustomer's search operators`, 'Choose an operator from the list (for "greater than", use Greater Than or Equal).');
		}
		if (row.value === undefined || row.value === null || String(row.value).trim() === '') {
			throw fieldError(context, `${label} Value`, 'is empty', 'Give a value to compare with, or use Is Set / Is Not Set.');
		}
		if (operator === 'in') {
			const values = String(row.value).split(',').map((value) => value.trim()).filter(Boolean);
			if (!values.length) throw fieldError(context, `${label} Value`, 'has no values', 'Give the values separated by commas.');
			include.push({ [attribute]: { in: values.map((value, i) => conditionValue(context, `${label} Value [${i}]`, type, value)) } });
			return;
		}
		const value = conditionValue(context, `${label} Value`, type, row.value);
		if (operator === 'notEquals') exclude.push({ [attribute]: { equals: value } });
		else include.push({ [attribute]: { [operator]: value } });
	});
	const combine = parameter(context, 'combine', 'and') as 'and' | 'or';
	const body: IDataObject = {};
	if (include.length) body[combine] = include;
	if (exclude.length) body.not = exclude;
	return body;
}

/** The search body's conditions from the JSON mode: Kustomer's own search syntax. */
function jsonConditions(context: IExecuteSingleFunctions, queryContext: string): IDataObject {
	const raw = parameter(context, 'query', '{}');
	let query: unknown = raw;
	if (typeof raw === 'string') {
		try {
			query = JSON.parse(raw || '{}');
		} catch (error) {
			throw fieldError(context, 'Query (JSON)', `is not valid JSON: ${(error as Error).message}`);
		}
	}
	if (!query || typeof query !== 'object' || Array.isArray(query)) {
		throw fieldError(context, 'Query (JSON)', 'must be a JSON object such as {"and": [{"customer_name": {"contains": "Ada"}}]}');
	}
	const allowed = new Set(['and', 'or', 'not', 'sort', 'fields', 'aggs', 'timeZone', 'includeDeleted']);
	const unknown = Object.keys(query).filter((key) => !allowed.has(key));
	if (unknown.length) {
		throw fieldError(context, 'Query (JSON)', `has unknown keys: ${unknown.join(', ')}`, 'Kustomer accepts and, or, not, sort, fields, aggs, timeZone and includeDeleted (queryContext is set by the node).');
	}
	const sortKeys = asList((query as IDataObject).sort).flatMap((entry) => Object.keys(entry));
	// The customer_* sorts are for customer searches only.
	const unsortable = sortKeys.filter((key) => queryContext !== 'customer' || !SORTABLE_ATTRIBUTES.includes(key));
	if (unsortable.length) {
		throw fieldError(
			context,
			'Query (JSON)',
			`sorts on ${unsortable.join(', ')}, which Kustomer does not sort on`,
			queryContext === 'customer'
				? `Kustomer sorts search results only on these customer attributes: ${SORTABLE_ATTRIBUTES.join(', ')}. Remove the sort.`
				: 'Kustomer sorts only customer searches. Remove the sort.',
		);
	}
	return query as IDataObject;
}

/** preSend: the complete search body. */
export function searchBody(contextOf: SearchContextOf, attributes: SearchAttribute[], filters: string): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const queryContext = queryContextOf(this, contextOf);
		const mode = parameter(this, 'searchMode', 'builder');
		const field = mode === 'json' ? 'Query (JSON)' : 'Filters';
		const conditions = mode === 'json' ? jsonConditions(this, queryContext) : builderConditions(this, filters, queryContext, attributes, await customFilterNamer(this, filters, queryContext));
		const limit = wantedRecords(this);
		checkGroups(this, field, conditions, searchMayWindow(limit) ? SEARCH_WINDOW_CONDITIONS : 0);
		const options = parameter(this, 'searchOptions', {}) as { sortBy?: string; sortOrder?: string; timeZone?: string };
		const body: IDataObject = { ...conditions, queryContext };
		// Only customer searches offer a sort; a saved sort of another object type is not sent (Kustomer refuses it).
		if (queryContext === 'customer' && options.sortBy) body.sort = [{ [`${queryContext}_${options.sortBy}`]: options.sortOrder === 'desc' ? 'desc' : 'asc' }];
		if (options.timeZone?.trim()) body.timeZone = options.timeZone.trim();
		requestOptions.body = body;
		return requestOptions;
	};
}

/** The Search operation's routing: one POST, paged by paginateSearch. */
export function searchRouting(queryContext: SearchContextOf, attributes: SearchAttribute[], filters: string) {
	return operationRouting({
		roles: [SEARCH],
		method: 'POST',
		path: pathFrom('/v1/customers/search'),
		preSend: [searchBody(queryContext, attributes, filters)],
		output: recordOutput,
		execute: paginateSearch,
	});
}

/** Customer sort keys Kustomer allows, a subset of its customer_* list (see SORTABLE_ATTRIBUTES). */
const CUSTOMER_SORTS: INodePropertyOptions[] = [
	{ name: 'Created At', value: 'created_at' },
	{ name: 'External ID', value: 'externalId' },
	{ name: 'Last Activity At', value: 'activity_at' },
	{ name: 'Last Seen At', value: 'last_seen_at' },
	{ name: 'Name', value: 'name' },
	{ name: 'Signed Up At', value: 'signed_up_at' },
	{ name: 'Updated At', value: 'updated_at' },
];

/** Sort By and Sort Order, shown where Kustomer sorts: customer searches only. */
const customerOnly = { show: { '/resource': ['customer'] } };
const SORT_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Sort By',
		name: 'sortBy',
		type: 'options',
		options: CUSTOMER_SORTS,
		default: 'updated_at',
		displayOptions: customerOnly,
		description: `A sorted search returns at most ${MAX_SEARCH_PAGES} pages of ${MAX_SEARCH_PAGE_SIZE}; without a sort, Return All reads every match in time windows`,
	},
	{
		displayName: 'Sort Order',
		name: 'sortOrder',
		type: 'options',
		options: [
			{ name: 'Ascending', value: 'asc' },
			{ name: 'Descending', value: 'desc' },
		],
		default: 'asc',
		displayOptions: customerOnly,
	},
];

/** The Search operation's fields for one resource. */
export function searchFields(
	/** The prefix of the object's search attributes: customer, conversation, message, note, kobject. */
	searchContext: string,
	attributes: SearchAttribute[],
	show: Record<string, string[]>,
	/** The Filters parameter's name, one per resource (its attribute list is the resource's own). */
	filters: string,
): INodeProperties[] {
	return [
		{
			displayName: 'Define Search By',
			name: 'searchMode',
			type: 'options',
			options: [
				{ name: 'Filters', value: 'builder', description: 'Build the conditions field by field' },
				{ name: 'JSON', value: 'json', description: 'Write Kustomer\'s search conditions yourself' },
			],
			default: 'builder',
			displayOptions: { show },
		},
		{
			displayName: 'Filters',
			name: filters,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Filter',
			default: {},
			displayOptions: { show: { ...show, searchMode: ['builder'] } },
			options: [
				{
					displayName: 'Filter',
					name: 'values',
					values: [
						{
							displayName: 'Attribute',
							name: 'attribute',
							type: 'options',
							options: [
								...attributes.map(({ name, value }) => ({ name, value })),
								{ name: 'Custom Attribute', value: CUSTOM, description: `One of the ${searchContext === 'kobject' ? 'custom object' : searchContext}'s custom attributes` },
								{ name: 'Other Search Attribute', value: OTHER, description: 'Any attribute of Kustomer\'s search schema' },
							].sort((a, b) => a.name.localeCompare(b.name)),
							default: 'created_at',
						},
						{
							displayName: 'Attribute Name',
							name: 'otherAttribute',
							type: 'string',
							default: '',
							placeholder: `${searchContext}_created_at`,
							displayOptions: { show: { attribute: [OTHER] } },
							description: 'A search attribute as Kustomer names it',
						},
						{
							displayName: 'Custom Attribute',
							name: 'customAttribute',
							type: 'string',
							default: '',
							placeholder: 'loyaltyTierStr',
							displayOptions: { show: { attribute: [CUSTOM] } },
							description: 'Name of the custom attribute, matched to the account\'s attributes like a write (loyalty_tier finds loyaltyTierStr)',
						},
						{ displayName: 'Operator', name: 'operator', type: 'options', options: OPERATORS, default: 'equals' },
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							description: 'Dates as YYYY-MM-DD (in the search time zone) or full UTC timestamps',
						},
					],
				},
			],
		},
		{
			displayName: 'Match',
			name: 'combine',
			type: 'options',
			options: [
				{ name: 'All Filters', value: 'and' },
				{ name: 'Any Filter', value: 'or' },
			],
			default: 'and',
			displayOptions: { show: { ...show, searchMode: ['builder'] } },
		},
		{
			displayName: 'Query (JSON)',
			name: 'query',
			type: 'json',
			default: '{\n  "and": []\n}',
			displayOptions: { show: { ...show, searchMode: ['json'] } },
			description: 'Kustomer search conditions: and, or, not (at most 20 conditions each; 18 in and with Return All), sort (customer attributes only), timeZone; the node sets queryContext. Attributes are named after the object, e.g. {"and": [{"conversation_created_at": {"gte": "2024-01-01"}}]}.',
		},
		...returnAllAndLimit(show),
		{
			displayName: 'Options',
			name: 'searchOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show },
			options: [
				...SORT_OPTIONS,
				{ displayName: 'Time Zone', name: 'timeZone', type: 'string', default: '', placeholder: 'America/New_York', description: 'Time zone for dates given as YYYY-MM-DD (default GMT)' },
			],
		},
		simplifyProperty(show),
	];
}
