import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, PreSendAction } from 'n8n-workflow';

import { readCustomAttributes } from './customAttributes';
import { coerce, fieldError, parameter } from './parameters';
import { plainText, shown, toFiniteNumber, toHttpUrl, toIsoDate, toTags, toText } from './values';

/**
 * Request bodies from n8n fields, checked against the limits of Kustomer's schema (lengths, enums,
 * ranges, list sizes) so that a bad value is reported by field name before anything is sent.
 * Each resource declares its fields as a table of specs; special shapes get a `build` function.
 */

export type FieldSpec =
	| { kind: 'text'; label: string; max: number; required?: boolean }
	| { kind: 'date'; label: string }
	| { kind: 'url'; label: string }
	| { kind: 'enum'; label: string; values: Array<string | number>; required?: boolean }
	| { kind: 'integer'; label: string; min: number; max: number }
	| { kind: 'idList'; label: string; max: number; objectIds?: boolean }
	| { kind: 'objectId'; label: string }
	| { kind: 'tags'; label: string }
	/** Read by another step of the operation (a Klass's description, a note's mentions): not put in the body here. */
	| { kind: 'apart'; label: string }
	| {
			kind: 'build';
			label: string;
			build: (context: IExecuteSingleFunctions, value: unknown) => IDataObject[string] | undefined;
	  };

export type FieldSpecs = Record<string, FieldSpec>;

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

const isEmpty = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Ids from a multi-select (array) or from a comma-separated string, an expression's usual shape. */
export function toIdList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
	return [...new Set(list.map((entry) => plainText(entry)).filter(Boolean))];
}

export function buildField(context: IExecuteSingleFunctions, spec: FieldSpec, value: unknown): IDataObject[string] | undefined {
	switch (spec.kind) {
		case 'text': {
			const text = coerce(context, spec.label, value, (v) => toText(v, spec.max)).trim();
			if (!text && spec.required) throw fieldError(context, spec.label, 'is empty');
			return text || undefined;
		}
		case 'date':
			return isEmpty(value) ? undefined : coerce(context, spec.label, value, toIsoDate);
		case 'url':
			return isEmpty(value) ? undefined : coerce(context, spec.label, value, toHttpUrl);
		case 'enum': {
			if (isEmpty(value)) {
				if (spec.required) throw fieldError(context, spec.label, 'is empty', `Choose one of: ${spec.values.join(', ')}.`);
				return undefined;
			}
			const match = spec.values.find((allowed) => String(allowed) === String(value).trim());
			if (match === undefined) {
				throw fieldError(context, spec.label, `${shown(value)} is not allowed: use ${spec.values.join(', ')}`);
			}
			return match;
		}
		case 'integer': {
			if (isEmpty(value)) return undefined;
			const number = coerce(context, spec.label, value, toFiniteNumber);
			if (!Number.isInteger(number) || number < spec.min || number > spec.max) {
				throw fieldError(context, spec.label, `must be a whole number from ${spec.min} to ${spec.max} (got ${shown(value)})`);
			}
			return number;
		}
		case 'idList': {
			const ids = toIdList(value);
			if (ids.length > spec.max) throw fieldError(context, spec.label, `has ${ids.length} entries; Kustomer allows at most ${spec.max}`);
			const wrong = spec.objectIds ? ids.find((id) => !OBJECT_ID.test(id)) : undefined;
			if (wrong !== undefined) {
				throw fieldError(context, spec.label, `has ${shown(wrong)}, which is not a Kustomer ID`, 'Kustomer IDs are 24 hexadecimal characters; pick the entries from the list.');
			}
			return ids;
		}
		case 'objectId': {
			if (isEmpty(value)) return undefined;
			const id = plainText(value);
			if (!OBJECT_ID.test(id)) {
				throw fieldError(context, spec.label, `${shown(value)} is not a Kustomer ID`, 'Kustomer IDs are 24 hexadecimal characters.');
			}
			return id;
		}
		case 'tags':
			return coerce(context, spec.label, value, toTags);
		case 'build':
			return spec.build(context, value);
		case 'apart':
			return undefined;
	}
}

/** Each fields collection (its parameter name) and the specs its body is built with. */
const collections = new Map<string, FieldSpecs>();

/**
 * Says which specs build the body of a fields collection ("Additional Fields", "Update Fields"):
 * test/unit/body.test.ts checks that every field the collection offers has one. bodyFrom declares its
 * own; an operation that calls buildBody itself declares it beside that call.
 */
export function declareBodyCollection(collection: string, specs: FieldSpecs): void {
	collections.set(collection, specs);
}

/** The declared collections (tests). */
export function bodyCollections(): ReadonlyMap<string, FieldSpecs> {
	return collections;
}

/**
 * Builds a body from field values. A field without a spec is a programming error, not user input:
 * it fails the item rather than being dropped from the request unnoticed (test/unit/body.test.ts
 * checks every collection of the node against its specs). `required` refuses a field that is given
 * but empty (a top-level parameter is always given; an entry of a list has its own required keys).
 */
export function buildBody(context: IExecuteSingleFunctions, fields: IDataObject, specs: FieldSpecs): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		const spec = Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined;
		if (!spec) {
			throw new NodeOperationError(context.getNode(), `Internal error: the field "${key}" has no rule for the request body, so it was not sent`, {
				description: 'Nothing was sent. Please report this to the n8n-nodes-kustomer maintainers.',
			});
		}
		const built = buildField(context, spec, value);
		if (built !== undefined) body[key] = built;
	}
	return body;
}

export interface BodyFromOptions {
	specs: FieldSpecs;
	/** The collection parameter holding optional fields ("Additional Fields", "Update Fields"). */
	collection?: string;
	/**
	 * Parameters shown on their own, outside the collection: a field name, or `[parameter, field]`
	 * when the parameter has a name of its own (n8n evaluates a parameter's expression once for every
	 * top-level property with that name, hidden ones of other operations included).
	 */
	topLevel?: Array<string | [parameter: string, field: string]>;
	/** The key/type/value parameter whose entries become `custom`. */
	customAttributes?: string;
	/** Last step for rules across fields (e.g. a snooze time needs the snoozed status). */
	finish?: (context: IExecuteSingleFunctions, body: IDataObject) => IDataObject;
}

/** preSend: the request body from the operation's fields and custom attributes. */
export function bodyFrom(options: BodyFromOptions): PreSendAction {
	if (options.collection) declareBodyCollection(options.collection, options.specs);
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const fields: IDataObject = {};
		for (const entry of options.topLevel ?? []) {
			const [name, field] = typeof entry === 'string' ? [entry, entry] : entry;
			fields[field] = parameter(this, name, '') as IDataObject[string];
		}
		if (options.collection) Object.assign(fields, parameter(this, options.collection, {}) as IDataObject);
		let body = buildBody(this, fields, options.specs);
		if (options.customAttributes) {
			const custom = await readCustomAttributes(this, requestOptions, options.customAttributes, 'Custom Attribute');
			if (custom) body.custom = custom;
		}
		if (options.finish) body = options.finish(this, body);
		requestOptions.body = body;
		return requestOptions;
	};
}

/** preSend for updates: refuses an update that would change nothing. */
export async function requireChanges(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	if (!Object.keys((requestOptions.body as object) ?? {}).length) {
		throw fieldError(this, 'Update Fields', 'are empty', 'Add at least one field or custom attribute to change.');
	}
	return requestOptions;
}
