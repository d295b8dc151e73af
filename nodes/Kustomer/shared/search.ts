import { NodeOperationError } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	PreSendAction,
} from 'n8n-workflow';

import { customFilterNamer, type CustomFilterNamer } from './customAttributes';
import { recordOutput, simplifyProperty } from './output';
import { MAX_PAGE_SIZE, returnAllAndLimit } from './pagination';
import { fieldError } from './parameters';
import { applyOutput, operationRouting, pathFrom, toKustomerRequest } from './routing';
import { kustomerApiRequest } from './transport';
import { plainText, shown, toBoolean, toFiniteNumber } from './values';

/**
 * Kustomer search (kustomer-api.md §6): one endpoint, POST /v1/customers/search, for every object
 * type, chosen by `queryContext`. Conditions are `{ "<object>_<attribute>": { "<operator>": value } }`
 * in `and` / `or` / `not` groups of at most 20.
 *
 * Kustomer serves at most 100 pages per query. Return All gets past that the way Kustomer documents:
 * results sorted by `<object>_updated_at` ascending, and when the cap is reached the query starts
 * again from the last `updatedAt` seen (`gte`), dropping records already returned, so every match
 * comes back exactly once.
 */

export type SearchContext = 'customer' | 'conversation';

/** A search attribute; `value` is its name without the `<object>_` prefix. */
export interface SearchAttribute {
	name: string;
	value: string;
	type?: 'number' | 'boolean';
}

const CUSTOM = '__custom';
const OTHER = '__other';
const MAX_PAGES = 100;
const MAX_CONDITIONS = 20;

const OPERATORS: INodePropertyOptions[] = [
	{ name: 'Contains', value: 'contains' },
	{ name: 'Does Not Equal', value: 'notEquals' },
	{ name: 'Equals', value: 'equals' },
	{ name: 'Exists', value: 'exists' },
	{ name: 'Greater Than', value: 'gt' },
	{ name: 'Greater Than or Equal', value: 'gte' },
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
	} catch (error) {
		throw fieldError(context, label, (error as Error).message);
	}
	return typeof value === 'string' ? value.trim() : value;
}

/** The search body's conditions from the filter builder. */
function builderConditions(context: IExecuteSingleFunctions, searchContext: SearchContext, attributes: SearchAttribute[], customAttribute: CustomFilterNamer): IDataObject {
	const rows = ((context.getNodeParameter('filters', {}) as { values?: FilterRow[] }).values ?? []) as FilterRow[];
	const include: IDataObject[] = [];
	const exclude: IDataObject[] = [];
	rows.forEach((row, index) => {
		const label = `Filters [${index}]`;
		let attribute = row.attribute ?? '';
		let type = attributes.find((known) => known.value === attribute)?.type;
		if (attribute && attribute !== CUSTOM && attribute !== OTHER) attribute = `${searchContext}_${attribute}`;
		if (attribute === CUSTOM) {
			const named = customAttribute(`${label} Custom Attribute`, row.customAttribute);
			attribute = named.attribute;
			type = named.type === 'number' || named.type === 'boolean' ? named.type : undefined;
		} else if (attribute === OTHER) {
			attribute = plainText(row.otherAttribute);
			if (!/^[a-z][a-zA-Z0-9_]*$/.test(attribute)) {
				throw fieldError(context, `${label} Attribute Name`, `${shown(row.otherAttribute)} is not a search attribute`, `Use Kustomer's search attribute names, e.g. ${searchContext}_created_at.`);
			}
		}
		if (!attribute) throw fieldError(context, `${label} Attribute`, 'is empty');
		const operator = row.operator ?? 'equals';
		if (operator === 'exists') {
			include.push({ [attribute]: { exists: true } });
			return;
		}
		if (row.value === undefined || row.value === null || String(row.value).trim() === '') {
			throw fieldError(context, `${label} Value`, 'is empty', 'Give a value to compare with, or use the Exists operator.');
		}
		const value = conditionValue(context, `${label} Value`, type, row.value);
		if (operator === 'notEquals') exclude.push({ [attribute]: { equals: value } });
		else include.push({ [attribute]: { [operator]: value } });
	});
	const combine = context.getNodeParameter('combine', 'and') as 'and' | 'or';
	if (include.length > MAX_CONDITIONS || exclude.length > MAX_CONDITIONS) {
		throw fieldError(context, 'Filters', `has more than ${MAX_CONDITIONS} conditions in one group, Kustomer's limit`);
	}
	const body: IDataObject = {};
	if (include.length) body[combine] = include;
	if (exclude.length) body.not = exclude;
	return body;
}

/** The search body's conditions from the JSON mode: Kustomer's own search syntax. */
function jsonConditions(context: IExecuteSingleFunctions): IDataObject {
	const raw = context.getNodeParameter('query', '{}');
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
	return query as IDataObject;
}

/** preSend: the complete search body for a context. */
export function searchBody(searchContext: SearchContext, attributes: SearchAttribute[]): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const mode = this.getNodeParameter('searchMode', 'builder');
		const conditions = mode === 'json' ? jsonConditions(this) : builderConditions(this, searchContext, attributes, await customFilterNamer(this, searchContext));
		const options = this.getNodeParameter('searchOptions', {}) as { sortBy?: string; sortOrder?: string; timeZone?: string };
		const body: IDataObject = { ...conditions, queryContext: searchContext };
		if (options.sortBy) body.sort = [{ [`${searchContext}_${options.sortBy}`]: options.sortOrder === 'desc' ? 'desc' : 'asc' }];
		if (options.timeZone?.trim()) body.timeZone = options.timeZone.trim();
		requestOptions.body = body;
		return requestOptions;
	};
}

function asList(group: unknown): IDataObject[] {
	if (Array.isArray(group)) return group as IDataObject[];
	return group && typeof group === 'object' ? [group as IDataObject] : [];
}

/** Pagination hook of Search: pages, and past the 100-page cap, windows on updated_at. */
export async function paginateSearch(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', false) as boolean;
	const limit = returnAll ? Infinity : Math.max(1, Number(this.getNodeParameter('limit', 50)));
	const request = toKustomerRequest(requestData);
	const query = { ...(request.body as IDataObject) };
	const searchContext = String(query.queryContext);
	const updatedAt = `${searchContext}_updated_at`;
	const pageSize = Number.isFinite(limit) ? Math.min(limit, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
	if (returnAll && !query.sort) query.sort = [{ [updatedAt]: 'asc' }];
	const windowable = JSON.stringify(query.sort) === JSON.stringify([{ [updatedAt]: 'asc' }]);

	const results: INodeExecutionData[] = [];
	const seen = new Set<string>();
	let windowStart: string | undefined;
	for (;;) {
		const body: IDataObject = { ...query };
		if (windowStart) body.and = [...asList(query.and), { [updatedAt]: { gte: windowStart } }];
		let newInWindow = 0;
		let lastUpdatedAt: string | undefined;
		for (let page = 1; page <= MAX_PAGES; page++) {
			const response = await kustomerApiRequest(this, { ...request, qs: { page, pageSize }, body });
			const data = ((response.body as IDataObject)?.data as IDataObject[] | undefined) ?? [];
			const items = await applyOutput(this, requestData, response);
			data.forEach((record, index) => {
				const id = String(record.id);
				lastUpdatedAt = String((record.attributes as IDataObject | undefined)?.updatedAt ?? lastUpdatedAt ?? '');
				if (seen.has(id)) return;
				seen.add(id);
				newInWindow++;
				if (items[index]) results.push(items[index]);
			});
			if (results.length >= limit) return results.slice(0, limit);
			const next = ((response.body as IDataObject)?.links as IDataObject | undefined)?.next;
			if (!next || !data.length) return results;
		}
		// The cap was reached with more matches waiting.
		if (!returnAll) return results;
		if (!windowable) {
			throw new NodeOperationError(this.getNode(), 'The search matches more than Kustomer returns for one query (100 pages)', {
				itemIndex: this.getItemIndex(),
				description: `To get every match, remove the sort option (the node then sorts by ${updatedAt} ascending and continues past the cap), or narrow the filters.`,
			});
		}
		if (!newInWindow || !lastUpdatedAt || lastUpdatedAt === windowStart) {
			throw new NodeOperationError(this.getNode(), `More than ${MAX_PAGES * pageSize} matches share the same ${updatedAt}; Kustomer cannot page past them`, {
				itemIndex: this.getItemIndex(),
				description: 'Narrow the filters so fewer records share one update time.',
			});
		}
		windowStart = lastUpdatedAt;
	}
}

/** The Search operation's routing: one POST, paged by paginateSearch. */
export function searchRouting(searchContext: SearchContext, attributes: SearchAttribute[]) {
	return operationRouting({
		method: 'POST',
		path: pathFrom('/v1/customers/search'),
		preSend: [searchBody(searchContext, attributes)],
		output: recordOutput,
		execute: paginateSearch,
	});
}

/** The Search operation's fields for one resource. */
export function searchFields(
	searchContext: SearchContext,
	attributes: SearchAttribute[],
	sortable: INodePropertyOptions[],
	show: Record<string, string[]>,
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
			name: 'filters',
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
								{ name: 'Custom Attribute', value: CUSTOM, description: `One of the ${searchContext}'s custom attributes` },
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
			description: `Kustomer search conditions: and, or, not (at most 20 conditions each), sort, timeZone; the node sets queryContext. Example: {"and": [{"${searchContext}_created_at": {"gte": "2024-01-01"}}]}.`,
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
				{
					displayName: 'Sort By',
					name: 'sortBy',
					type: 'options',
					options: sortable,
					default: 'updated_at',
					description: 'Without a sort, Return All sorts by last update (oldest first) so it can continue past Kustomer\'s 100-page limit',
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
				},
				{ displayName: 'Time Zone', name: 'timeZone', type: 'string', default: '', placeholder: 'America/New_York', description: 'Time zone for dates given as YYYY-MM-DD (default GMT)' },
			],
		},
		simplifyProperty(show),
	];
}
