import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { fieldError } from './parameters';
import { toBoolean, toFiniteNumber, toHttpUrl, toIsoDate, toText } from './values';

/**
 * The one module for Kustomer's typed custom attributes (kustomer-api.md §13): the name suffix
 * carries the type. Keys get the suffix of their type when it is missing, values are coerced and
 * checked, and a bad entry is an error that names its key.
 */

export type AttributeType = 'boolean' | 'date' | 'number' | 'string' | 'text' | 'url';

export const SUFFIX_BY_TYPE: Record<AttributeType, string> = {
	boolean: 'Bool',
	date: 'At',
	number: 'Num',
	string: 'Str',
	text: 'Txt',
	url: 'Url',
};

const TYPE_LABEL: Record<AttributeType, string> = {
	boolean: 'Boolean',
	date: 'Date',
	number: 'Number',
	string: 'String',
	text: 'Text',
	url: 'URL',
};

/** Longest first, so `Bool` is not mistaken for anything shorter. */
const SUFFIXES = (Object.entries(SUFFIX_BY_TYPE) as Array<[AttributeType, string]>).sort(
	(a, b) => b[1].length - a[1].length,
);

const MAX_STRING_LENGTH = 1024;
const MAX_ATTRIBUTES = 100;
/** Kustomer's attribute names are camelCase: a lowercase letter first. */
const KEY = /^[a-z][A-Za-z0-9_]*$/;

export function typeFromSuffix(key: string): AttributeType | undefined {
	return SUFFIXES.find(([, suffix]) => key.length > suffix.length && key.endsWith(suffix))?.[0];
}

export interface AttributeEntry {
	key?: unknown;
	type?: unknown;
	value?: unknown;
}

/** Coerces one value to its attribute type. Empty input clears the attribute (null). */
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
		default:
			return toText(value, MAX_STRING_LENGTH);
	}
}

/**
 * Turns key/type/value entries into Kustomer's `custom` object. `type` is one of the attribute
 * types or `auto` (take it from the key's suffix, else String).
 */
export function toCustomAttributes(
	entries: AttributeEntry[],
	fail: (key: string, problem: string) => Error,
): IDataObject {
	const custom: IDataObject = {};
	for (const entry of entries) {
		const rawKey = typeof entry.key === 'string' ? entry.key.trim() : '';
		if (!rawKey) throw fail('(empty key)', 'has no key: give every attribute a name');
		if (!KEY.test(rawKey)) {
			throw fail(rawKey, 'is not a valid attribute name: use letters, digits and _, starting with a lowercase letter');
		}
		const chosen = typeof entry.type === 'string' && entry.type !== 'auto' ? entry.type : undefined;
		if (chosen && !(chosen in SUFFIX_BY_TYPE)) throw fail(rawKey, `has unknown type "${chosen}"`);
		const type = (chosen as AttributeType | undefined) ?? typeFromSuffix(rawKey) ?? 'string';
		const suffix = SUFFIX_BY_TYPE[type];
		const key = rawKey.endsWith(suffix) && rawKey.length > suffix.length ? rawKey : `${rawKey}${suffix}`;
		if (key in custom) throw fail(key, 'is given twice');
		try {
			custom[key] = coerceAttributeValue(type, entry.value) as IDataObject[string];
		} catch (error) {
			throw fail(key, `(${TYPE_LABEL[type]}): ${(error as Error).message}`);
		}
	}
	if (Object.keys(custom).length > MAX_ATTRIBUTES) {
		throw fail('(all)', `: ${Object.keys(custom).length} attributes; Kustomer allows at most ${MAX_ATTRIBUTES} per record`);
	}
	return custom;
}

/**
 * Reads a custom-attributes parameter and returns the `custom` object (or undefined when empty).
 * It has two kinds of rows: attributes picked from the account's definitions (`fromAccount`, the
 * key already carries its suffix) and attributes given by name and type (`values`).
 */
export function readCustomAttributes(
	context: IExecuteSingleFunctions,
	parameterName: string,
	label: string,
): IDataObject | undefined {
	const collection = context.getNodeParameter(parameterName, {}) as {
		values?: AttributeEntry[];
		fromAccount?: Array<{ attribute?: unknown; value?: unknown }>;
	};
	const entries: AttributeEntry[] = [
		...(collection?.fromAccount ?? []).map((row) => ({ key: row.attribute, type: 'auto', value: row.value })),
		...(collection?.values ?? []),
	];
	if (!entries.length) return undefined;
	return toCustomAttributes(entries, (key, problem) =>
		fieldError(
			context,
			`${label} "${key}"`,
			problem,
			'Fix the attribute\'s name, type or value. Kustomer types attributes by name suffix: Num, At (date), Str, Txt, Bool, Url.',
		),
	);
}

export const ATTRIBUTE_TYPE_OPTIONS = [
	{ name: 'Auto (From Key Suffix, Else String)', value: 'auto' },
	{ name: 'Boolean', value: 'boolean' },
	{ name: 'Date', value: 'date' },
	{ name: 'Number', value: 'number' },
	{ name: 'String', value: 'string' },
	{ name: 'Text', value: 'text' },
	{ name: 'URL', value: 'url' },
];

/**
 * The UI for typed custom attributes: rows picked from the account's attribute definitions
 * (`loadOptionsMethod`, e.g. getCustomerAttributes) and rows given by name, type and value for
 * attributes not defined yet.
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
			'Custom attributes. The suffix for the type (Num, At, Str, Txt, Bool, Url) is added to the key when it is missing, and the value is checked against the type.',
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
						placeholder: 'loyaltyTier',
						description: 'Attribute name in camelCase, with or without its type suffix',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: ATTRIBUTE_TYPE_OPTIONS,
						default: 'auto',
						description: 'Type of the value; decides the name suffix Kustomer uses',
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
