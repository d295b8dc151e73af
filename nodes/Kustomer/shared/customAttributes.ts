import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fieldError, parameter } from './parameters';
import { kustomerApiRequest, kustomerBaseUrl, kustomerPath } from './transport';
import { shown, toBoolean, toFiniteNumber, toHttpUrl, toIsoDate, toText } from './values';

/**
 * The one module for Kustomer's custom attributes: the naming rule, matching a key to the
 * attribute the account already has, the type suffixes, the limits and the type conversion. Every
 * operation that names or types an attribute (customer, conversation, message, custom object,
 * Create Many, Klass attributes, search filters) goes through here.
 *
 * Kustomer names custom attributes in camelCase with a suffix that carries the type: Str, Txt, Num,
 * At, Bool, Url, Id (https://developer.kustomer.com/docs/concepts/custom-attributes). The docs say
 * nothing about underscores or other characters, so the safe reading is taken: a key in another
 * style (`loyalty_tier`, `Loyalty Tier`, `loyalty-tier`) becomes camelCase (`loyaltyTier`) plus the
 * suffix of its type, unless the account already has an attribute it matches.
 */

export type AttributeType = 'boolean' | 'date' | 'id' | 'number' | 'string' | 'text' | 'url';

export const SUFFIX_BY_TYPE: Record<AttributeType, string> = {
	boolean: 'Bool',
	date: 'At',
	id: 'Id',
	number: 'Num',
	string: 'Str',
	text: 'Txt',
	url: 'Url',
};

export const TYPE_LABEL: Record<AttributeType, string> = {
	boolean: 'Boolean',
	date: 'Date',
	id: 'Reference (Id)',
	number: 'Number',
	string: 'String',
	text: 'Text',
	url: 'URL',
};

/** Kustomer's metadata `type`s the node knows (GET/PUT /v1/metadata/{resource}): the attribute types' own names. */
const METADATA_TYPES: ReadonlySet<string> = new Set<AttributeType>(['boolean', 'date', 'number', 'string', 'text', 'url']);

const TYPE_BY_SUFFIX = new Map(Object.entries(SUFFIX_BY_TYPE).map(([type, suffix]) => [suffix, type as AttributeType]));

/** Limits of Kustomer's schema: Str and Txt values up to 1,024 characters, 100 attributes per record. */
export const MAX_STRING_LENGTH = 1024;
export const MAX_ATTRIBUTES = 100;

/** A name as Kustomer writes it: a lowercase letter, then letters and digits. */
const CAMEL_NAME = /^[a-z][A-Za-z0-9]*$/;
/** An attribute name as an account may have it (older attributes may carry `_`). */
const ACCOUNT_NAME = /^[a-z][A-Za-z0-9_]*$/;
/** What a key given in another style may contain: letters, digits, spaces, `_`, `-` and `.`. */
const KEY_CHARACTERS = /^[A-Za-z0-9 _.-]+$/;

/** The words of a name: split at separators and where a lowercase letter or digit meets a capital. */
function words(name: string): string[] {
	return name
		.split(/[\s_.-]+/)
		.flatMap((part) => part.split(/(?<=[a-z0-9])(?=[A-Z])/))
		.filter(Boolean);
}

/** `loyalty_tier`, `Loyalty Tier`, `loyalty-tier` → `loyaltyTier`. */
function camelCase(parts: string[]): string {
	return parts.map((word, index) => (index === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1))).join('');
}

/** The attribute type a name's suffix gives (`isVipBool` → boolean); none for a bare suffix. */
export function typeFromSuffix(name: string): AttributeType | undefined {
	const parts = words(name);
	const last = parts[parts.length - 1];
	if (!last || last.length === name.length) return undefined;
	const suffix = last[0].toUpperCase() + last.slice(1);
	return name.endsWith(suffix) ? TYPE_BY_SUFFIX.get(suffix) : undefined;
}

/** A name without its type suffix, case and separators: what two spellings of one attribute share. */
function matchKey(name: string): string {
	const parts = words(name);
	const type = typeFromSuffix(name);
	return (type ? parts.slice(0, -1) : parts).join('').toLowerCase();
}

/** An attribute the account has defined (GET /v1/metadata/{resource}). */
export interface AccountAttribute {
	name: string;
	type: AttributeType;
	displayName?: string;
}

/** The account's attributes of one resource; `readable` is false when the key may not read metadata. */
export interface AccountAttributes {
	attributes: AccountAttribute[];
	readable: boolean;
}

/** The attributes in a metadata answer, deleted ones left out; the type comes from the suffix, else the definition. */
export function accountAttributesFrom(body: unknown): AccountAttribute[] {
	const data = (body as IDataObject | undefined)?.data as IDataObject | undefined;
	const properties = ((data?.attributes as IDataObject | undefined)?.properties ?? {}) as Record<string, IDataObject>;
	return Object.entries(properties)
		.filter(([, definition]) => !definition?.deletedAt)
		.map(([name, definition]) => ({
			name,
			type: typeFromSuffix(name) ?? (METADATA_TYPES.has(String(definition?.type)) ? (String(definition?.type) as AttributeType) : 'string'),
			...(typeof definition?.displayName === 'string' && definition.displayName.trim() ? { displayName: definition.displayName.trim() } : {}),
		}));
}

/**
 * The metadata resource whose attributes the node's current operation writes: customer,
 * conversation, message, or `kobject.<klass>` for custom objects.
 */
export function metadataResource(context: IExecuteSingleFunctions): string {
	const resource = String(parameter(context, 'resource', ''));
	if (resource === 'customObject') return `kobject.${String(parameter(context, 'klassName', '')).trim()}`;
	return resource;
}

/**
 * Metadata read once per run, not per item: a small cache keyed by execution, credential, host and
 * resource (never by the API key), holding the promise so that items started together share one
 * request. Old runs are evicted first.
 */
const RUN_CACHE_LIMIT = 32;
const runCache = new Map<string, Promise<AccountAttributes>>();

const NOT_READABLE: AccountAttributes = { attributes: [], readable: false };

async function readAccountAttributes(context: IExecuteSingleFunctions, resource: string, baseURL?: string): Promise<AccountAttributes> {
	// 401/403: the key lacks org.permission.metadata.read (or is wrong: the write then says so);
	// 404: no such Klass, so no attributes (the write reports the Klass). Names then follow the rule.
	const response = await kustomerApiRequest(context, {
		method: 'GET',
		url: kustomerPath('/v1/metadata/{resource}', { resource }),
		baseURL,
		acceptStatus: [401, 403, 404],
	});
	if (response.statusCode === 404) return { attributes: [], readable: true };
	if (response.statusCode >= 400) return NOT_READABLE;
	return { attributes: accountAttributesFrom(response.body), readable: true };
}

function runCacheKey(executionId: string, context: IExecuteSingleFunctions, baseURL: string, resource: string): string {
	return JSON.stringify([executionId, context.getNode().credentials?.kustomerApi?.id ?? '', baseURL, resource]);
}

export async function accountAttributes(context: IExecuteSingleFunctions, resource: string, given?: string): Promise<AccountAttributes> {
	const baseURL = given ?? kustomerBaseUrl(await context.getCredentials('kustomerApi'));
	const executionId = context.getExecutionId?.() ?? '';
	if (!executionId) return await readAccountAttributes(context, resource, baseURL);
	const key = runCacheKey(executionId, context, baseURL, resource);
	let entry = runCache.get(key);
	if (!entry) {
		entry = readAccountAttributes(context, resource, baseURL);
		runCache.set(key, entry);
		while (runCache.size > RUN_CACHE_LIMIT) runCache.delete(runCache.keys().next().value as string);
		// A failure (network, 5xx after retries) is not kept: the next item asks again.
		entry.catch(() => runCache.delete(key));
	}
	return await entry;
}

/** After the node defines attributes (PUT /v1/metadata/{resource}), later nodes of the run read them afresh. */
export function forgetAccountAttributes(context: IExecuteSingleFunctions, resource: string, baseURL: string): void {
	const executionId = context.getExecutionId?.() ?? '';
	if (executionId) runCache.delete(runCacheKey(executionId, context, baseURL, resource));
}

/** Why a key could not be named; the caller adds the field and item. */
export class AttributeNameError extends Error {}

const typeName = (type: AttributeType) => `${TYPE_LABEL[type]}, suffix ${SUFFIX_BY_TYPE[type]}`;

/**
 * A key in camelCase, or an error when no attribute could have that name: a check that needs no
 * account (account names are letters, digits and `_`, starting with a lowercase letter), so a bad
 * key is refused before any request.
 */
function ruleCamelCase(key: string): string {
	if (!KEY_CHARACTERS.test(key)) {
		throw new AttributeNameError('is not a valid attribute name: use letters, digits, spaces, _ or - (e.g. loyaltyTier or loyalty_tier)');
	}
	const camel = camelCase(words(key));
	if (!CAMEL_NAME.test(camel)) throw new AttributeNameError('is not a valid attribute name: it must start with a letter');
	return camel;
}

/** Refuses, before the account is read, keys and types no attribute could have. */
export function checkEntries(entries: AttributeEntry[], fail: (key: string, problem: string) => Error): void {
	for (const entry of entries) {
		const key = entryKey(entry);
		if (!key) throw fail('(empty key)', 'has no key: give every attribute a name');
		try {
			chosenType(entry.type);
			if (!ACCOUNT_NAME.test(key)) ruleCamelCase(key);
		} catch (error) {
			throw fail(key, (error as Error).message);
		}
	}
}

const entryKey = (entry: AttributeEntry) => (typeof entry.key === 'string' || typeof entry.key === 'number' ? String(entry.key).trim() : '');

/**
 * The attribute a key is written to, and its type.
 * - A key that names an account attribute exactly stays as it is.
 * - Otherwise the key matches an account attribute when both agree without type suffix, case and
 *   separators (`loyalty_tier` → `loyaltyTierStr`); a unique match wins. A type the user gave (the
 *   Type column, or the key's own suffix) must be the account attribute's type.
 * - A key with no match follows the naming rule: camelCase plus the suffix of its type (the one
 *   given, else the key's suffix, else String). `Id` attributes need metadata naming their target,
 *   so a new key ending in Id is not made one: `customer_id` becomes `customerIdStr`.
 */
export function attributeName(key: string, chosen: AttributeType | undefined, account: AccountAttribute[] = []): { name: string; type: AttributeType } {
	const exact = account.find((attribute) => attribute.name === key);
	if (exact) {
		if (chosen && chosen !== exact.type) {
			throw new AttributeNameError(`is the account's attribute "${exact.name}" (${typeName(exact.type)}), not ${TYPE_LABEL[chosen]}: choose type ${TYPE_LABEL[exact.type]} or another name`);
		}
		return { name: exact.name, type: exact.type };
	}
	const camel = ruleCamelCase(key);
	const suffixType = typeFromSuffix(camel);
	// Two readings of a key that ends in a suffix: `lastSeenAt` is lastSeen (date) or lastSeenAt (no type).
	const readings: Array<{ stem: string; type?: AttributeType }> = [];
	if (suffixType && (!chosen || chosen === suffixType)) readings.push({ stem: camel.slice(0, -SUFFIX_BY_TYPE[suffixType].length), type: suffixType });
	readings.push({ stem: camel, type: chosen });
	for (const reading of readings) {
		const candidates = account.filter((attribute) => matchKey(attribute.name) === reading.stem.toLowerCase());
		if (!candidates.length) continue;
		const typed = reading.type ? candidates.filter((attribute) => attribute.type === reading.type) : candidates;
		if (typed.length === 1) return { name: typed[0].name, type: typed[0].type };
		const names = (typed.length ? typed : candidates).map((attribute) => `"${attribute.name}" (${typeName(attribute.type)})`).join(', ');
		if (typed.length > 1) throw new AttributeNameError(`matches several of the account's attributes: ${names}; give the attribute's full name`);
		if (reading.type) {
			throw new AttributeNameError(`has type ${TYPE_LABEL[reading.type]}, but the account's attribute ${names} has another type: choose its type or another name`);
		}
	}
	const first = readings[0];
	if (first.type && first.type !== 'id') return { name: `${first.stem}${SUFFIX_BY_TYPE[first.type]}`, type: first.type };
	const type = chosen && chosen !== 'id' ? chosen : 'string';
	return { name: `${camel}${SUFFIX_BY_TYPE[type]}`, type };
}

/** Converts one value to its attribute type. Empty input clears the attribute (null). */
export function coerceAttributeValue(type: AttributeType, value: unknown): unknown {
	if (value === null || value === undefined) return null;
	if (type !== 'string' && type !== 'text' && typeof value === 'string' && value.trim() === '') return null;
	switch (type) {
		case 'number':
			return toFiniteNumber(value);
		case 'boolean':
			return toBoolean(value);
		case 'date':
			return toIsoDate(value);
		case 'url':
			return toHttpUrl(value);
		case 'id':
			return toText(value, MAX_STRING_LENGTH).trim();
		default:
			return toText(value, MAX_STRING_LENGTH);
	}
}

export interface AttributeEntry {
	key?: unknown;
	type?: unknown;
	value?: unknown;
}

/** A `custom` object and, for each key as given, the attribute it was written to. */
export interface CustomAttributes {
	custom: IDataObject;
	names: Record<string, string>;
}

/** The type names the node defines, and nothing else (a Map: `constructor` or `toString` is no type). */
const ATTRIBUTE_TYPES: ReadonlyMap<string, AttributeType> = new Map(
	(Object.keys(SUFFIX_BY_TYPE) as AttributeType[]).map((type) => [type, type]),
);

/** Create Many's Field Types (seed 004): txt, str, num, bool, date. */
export const SEED_TYPE_NAMES: ReadonlyMap<string, AttributeType> = new Map<string, AttributeType>([
	['bool', 'boolean'],
	['date', 'date'],
	['num', 'number'],
	['str', 'string'],
	['txt', 'text'],
]);

/**
 * The one parser of a type name given by the user (a row's Type, a Field Type, a Klass attribute's
 * Type): only the names in `names` are types. A plain object lookup would take an expression that
 * evaluates to `constructor` for a type and send a garbled attribute name.
 */
export function attributeTypeNamed(type: unknown, names: ReadonlyMap<string, AttributeType> = ATTRIBUTE_TYPES, orElse = ''): AttributeType {
	const found = typeof type === 'string' ? names.get(type.trim().toLowerCase()) : undefined;
	if (!found) throw new AttributeNameError(`has unknown type ${shown(type)}: use ${[...names.keys()].join(', ')}${orElse}`);
	return found;
}

export function chosenType(type: unknown): AttributeType | undefined {
	if (type === undefined || type === null || type === '' || type === 'auto') return undefined;
	return attributeTypeNamed(type, ATTRIBUTE_TYPES, ' or auto');
}

/**
 * Turns key/type/value entries into Kustomer's `custom` object, each key named by `attributeName`.
 * Two keys that land on one attribute are an error naming both, never a silent overwrite.
 */
export function toCustomAttributes(
	entries: AttributeEntry[],
	fail: (key: string, problem: string) => Error,
	account: AccountAttribute[] = [],
): CustomAttributes {
	const custom: IDataObject = {};
	const names: Record<string, string> = {};
	const givenAs = new Map<string, string>();
	for (const entry of entries) {
		const key = entryKey(entry);
		if (!key) throw fail('(empty key)', 'has no key: give every attribute a name');
		let named: { name: string; type: AttributeType };
		try {
			named = attributeName(key, chosenType(entry.type), account);
		} catch (error) {
			throw fail(key, (error as Error).message);
		}
		const earlier = givenAs.get(named.name);
		if (earlier !== undefined) {
			throw fail(key, earlier === key ? 'is given twice' : `and "${earlier}" both land on attribute "${named.name}": give its value once`);
		}
		givenAs.set(named.name, key);
		names[key] = named.name;
		try {
			custom[named.name] = coerceAttributeValue(named.type, entry.value) as IDataObject[string];
		} catch (error) {
			throw fail(key, `(attribute "${named.name}", ${TYPE_LABEL[named.type]}): ${(error as Error).message}`);
		}
	}
	if (Object.keys(custom).length > MAX_ATTRIBUTES) {
		throw fail('(all)', `: ${Object.keys(custom).length} attributes; Kustomer allows at most ${MAX_ATTRIBUTES} per record`);
	}
	return { custom, names };
}

/**
 * Which attribute each key was written to, kept beside the request (the options object n8n hands
 * from preSend to the request and output) until the output is built.
 */
export interface AttributeReport {
	/** key as given → attribute; for Create Many, one map per object. */
	names: Record<string, string> | Array<Record<string, string>>;
	/** Set when the account's attributes could not be read, so the naming rule alone decided. */
	note?: string;
}

const reports = new WeakMap<object, AttributeReport>();

export const NOT_READABLE_NOTE =
	'The API key may not read custom attribute metadata (role org.permission.metadata.read), so keys were named by Kustomer\'s naming rule without matching the account\'s attributes';

export function rememberAttributeNames(requestOptions: object, report: AttributeReport): void {
	reports.set(requestOptions, report);
}

export function attributeReportOf(requestOptions: object): AttributeReport | undefined {
	return reports.get(requestOptions);
}

/** Adds `attributeNames` (and the note, if any) to each output item of an operation that wrote attributes. */
export function withAttributeNames(requestOptions: object, items: INodeExecutionData[]): INodeExecutionData[] {
	const report = reports.get(requestOptions);
	if (!report || Array.isArray(report.names)) return items;
	const extra: IDataObject = { attributeNames: report.names, ...(report.note ? { attributeNamesNote: report.note } : {}) };
	return items.map((item) => ({ ...item, json: { ...item.json, ...extra } }));
}

/** The account's attributes for `resource` when some key needs matching, else none (no request). */
export async function attributesToMatch(
	context: IExecuteSingleFunctions,
	resource: string,
	needed: boolean,
	baseURL?: string,
): Promise<AccountAttributes> {
	return needed ? await accountAttributes(context, resource, baseURL) : { attributes: [], readable: true };
}

/**
 * Reads a custom-attributes parameter and returns the `custom` object (or undefined when empty),
 * remembering for the output which attribute each key went to. It has two kinds of rows:
 * attributes picked from the account's definitions (`fromAccount`, exact names) and attributes
 * given by name and type (`values`), matched to the account's attributes.
 */
export async function readCustomAttributes(
	context: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
	parameterName: string,
	label: string,
): Promise<IDataObject | undefined> {
	const collection = parameter(context, parameterName, {}) as {
		values?: AttributeEntry[];
		fromAccount?: Array<{ attribute?: unknown; value?: unknown }>;
	};
	const picked = (collection?.fromAccount ?? []).map((row) => ({ key: row.attribute, value: row.value }));
	const byName = collection?.values ?? [];
	if (!picked.length && !byName.length) return undefined;
	const fail = (key: string, problem: string) => attributeError(context, label, key, problem);
	checkEntries(byName, fail);
	const account = await attributesToMatch(context, metadataResource(context), byName.length > 0, requestOptions.baseURL);
	// Picked attributes are the account's own names: they keep them and the type of their suffix.
	const pickedAttributes: AccountAttribute[] = [];
	for (const row of picked) {
		const name = typeof row.key === 'string' ? row.key.trim() : '';
		if (!name || account.attributes.some((attribute) => attribute.name === name)) continue;
		if (!ACCOUNT_NAME.test(name)) throw attributeError(context, label, name, 'is not an attribute of the account: choose one from the list');
		pickedAttributes.push({ name, type: typeFromSuffix(name) ?? 'string' });
	}
	const { custom, names } = toCustomAttributes([...picked, ...byName], fail, [
		...account.attributes,
		...pickedAttributes,
	]);
	rememberAttributeNames(requestOptions, { names, ...(account.readable ? {} : { note: NOT_READABLE_NOTE }) });
	return custom;
}

/** The error for a bad key, value or name: names the field, the key and the fix. */
export function attributeError(context: IExecuteSingleFunctions, label: string, key: string, problem: string) {
	return fieldError(
		context,
		`${label} "${key}"`,
		problem,
		'Fix the attribute\'s name, type or value. Kustomer names custom attributes in camelCase with a type suffix: Str, Txt, Num, At (date), Bool, Url, Id.',
	);
}

/**
 * Search filters on custom attributes: each filter's key named as a write would name it (matched
 * to the account, else the naming rule), read from the filter rows' `customAttribute`. The
 * account's attributes are read only when some filter names a custom attribute.
 */
/** The filter builder's value for "Custom Attribute" in its Attribute list (search.ts). */
const CUSTOM_FILTER = '__custom';

export type CustomFilterNamer = (label: string, key: unknown) => { attribute: string; type?: AttributeType };

/**
 * A search context's custom attributes: `<object>_custom_<attr>` on standard objects,
 * `kobject_custom_<klass>_<attr>` on a Klass's objects
 * (https://developer.kustomer.com/kustomer-api-docs/reference/customersearch), read from the
 * metadata of `customer`, `conversation`, `message`, `company` or `kobject.<klass>` (notes have none).
 */
function searchNaming(queryContext: string): { metadata?: string; name: (attribute: string) => string } {
	if (queryContext.startsWith('kobject_')) {
		const klass = queryContext.slice('kobject_'.length);
		return { metadata: `kobject.${klass}`, name: (attribute) => `kobject_custom_${klass}_${attribute}` };
	}
	const metadata = ['customer', 'conversation', 'message', 'company'].includes(queryContext) ? queryContext : undefined;
	return { metadata, name: (attribute) => `${queryContext}_custom_${attribute}` };
}

export async function customFilterNamer(context: IExecuteSingleFunctions, filters: string, queryContext: string): Promise<CustomFilterNamer> {
	const naming = searchNaming(queryContext);
	const rows = (parameter(context, filters, {}) as { values?: Array<{ attribute?: unknown; customAttribute?: unknown }> }).values ?? [];
	const check = (label: string, raw: unknown) => {
		const key = typeof raw === 'string' ? raw.trim() : '';
		if (!key) throw fieldError(context, label, 'is empty', 'Give the custom attribute\'s name, e.g. loyaltyTierStr or loyalty_tier.');
		try {
			if (!ACCOUNT_NAME.test(key)) ruleCamelCase(key);
		} catch (error) {
			throw attributeError(context, label, key, (error as Error).message);
		}
		return key;
	};
	// Every custom filter is checked before the account is read, and the account only when there is one.
	const custom = rows.flatMap((row, index) => (row.attribute === CUSTOM_FILTER ? [check(`Filters [${index}] Custom Attribute`, row.customAttribute)] : []));
	const account = await attributesToMatch(context, naming.metadata ?? '', custom.length > 0 && naming.metadata !== undefined);
	return (label, raw) => {
		const key = check(label, raw);
		try {
			const { name, type } = attributeName(key, undefined, account.attributes);
			return { attribute: naming.name(name), type };
		} catch (error) {
			throw attributeError(context, label, key, (error as Error).message);
		}
	};
}

/**
 * Attribute definitions for a Klass (PUT /v1/metadata/kobject.<name>): names by the naming rule,
 * each with its metadata type. Two rows landing on one name are an error naming both.
 */
export function attributeDefinitions(
	rows: Array<{ name?: unknown; displayName?: unknown; type?: unknown }>,
	fail: (row: number, field: 'Name' | 'Type', problem: string) => Error,
): IDataObject {
	const properties: IDataObject = {};
	const givenAs = new Map<string, string>();
	rows.forEach((row, index) => {
		const raw = typeof row.name === 'string' ? row.name.trim() : '';
		if (!raw) throw fail(index, 'Name', 'is empty');
		let type: AttributeType;
		try {
			type = chosenType(row.type) ?? 'string';
		} catch (error) {
			throw fail(index, 'Type', (error as Error).message);
		}
		if (type === 'id') throw fail(index, 'Type', 'is Id: a reference attribute needs a target, which this node does not set');
		let name: string;
		try {
			name = attributeName(raw, type).name;
		} catch (error) {
			throw fail(index, 'Name', `${shown(raw)} ${(error as Error).message}`);
		}
		const earlier = givenAs.get(name);
		if (earlier !== undefined) throw fail(index, 'Name', `${shown(raw)} and ${shown(earlier)} both land on attribute "${name}"`);
		givenAs.set(name, raw);
		const displayName = typeof row.displayName === 'string' ? row.displayName.trim() : '';
		properties[name] = { type, ...(displayName ? { displayName } : {}) };
	});
	if (Object.keys(properties).length > MAX_ATTRIBUTES) {
		throw fail(rows.length - 1, 'Name', `makes ${Object.keys(properties).length} attributes; Kustomer allows at most ${MAX_ATTRIBUTES} per resource`);
	}
	return properties;
}

export const ATTRIBUTE_TYPE_OPTIONS = [
	{ name: 'Auto (Account, Key Suffix or String)', value: 'auto' },
	{ name: 'Boolean', value: 'boolean' },
	{ name: 'Date', value: 'date' },
	{ name: 'Number', value: 'number' },
	{ name: 'String', value: 'string' },
	{ name: 'Text', value: 'text' },
	{ name: 'URL', value: 'url' },
];

/**
 * The UI for typed custom attributes: rows picked from the account's attribute definitions
 * (`loadOptionsMethod`, e.g. getCustomerAttributes) and rows given by name, type and value.
 */
export function customAttributesProperty(
	overrides: Partial<INodeProperties> & Pick<INodeProperties, 'name' | 'displayName'>,
	loadOptionsMethod: string,
	loadOptionsDependsOn?: string[],
): INodeProperties {
	return {
		type: 'fixedCollection',
		placeholder: 'Add Attribute',
		default: {},
		typeOptions: { multipleValues: true },
		description:
			'Custom attributes. A key lands on the account\'s attribute it matches (loyalty_tier → loyaltyTierStr); a new key becomes camelCase with the suffix of its type (Str, Txt, Num, At, Bool, Url). The output\'s attributeNames says where each key went.',
		options: [
			{
				displayName: 'Attribute (By Name)',
				name: 'values',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'loyalty_tier',
						description: 'Attribute name in any style (loyaltyTier, loyalty_tier, Loyalty Tier), with or without its type suffix',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: ATTRIBUTE_TYPE_OPTIONS,
						default: 'auto',
						description: 'Type of the value; must match the account\'s attribute when the key names one',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Value to store. Leave empty to clear the attribute.',
					},
				],
			},
			{
				displayName: 'Attribute (From Account)',
				name: 'fromAccount',
				values: [
					{
						displayName: 'Attribute Name or ID',
						name: 'attribute',
						type: 'options',
						typeOptions: { loadOptionsMethod, ...(loadOptionsDependsOn ? { loadOptionsDependsOn } : {}) },
						default: '',
						description:
							'An attribute defined in your Kustomer account. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Value to store, checked against the attribute\'s type. Leave empty to clear it.',
					},
				],
			},
		],
		...overrides,
	};
}
