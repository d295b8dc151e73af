import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeProperties,
} from 'n8n-workflow';

import type { FieldSpecs } from '../../shared/body';
import { ATTRIBUTE_TYPE_OPTIONS, attributeDefinitions, forgetAccountAttributes } from '../../shared/customAttributes';
import { oneAtATime } from '../../shared/oneAtATime';
import { fieldError, parameter } from '../../shared/parameters';
import { kustomerApiRequest, kustomerPath } from '../../shared/transport';

/**
 * Klass fields (https://developer.kustomer.com/api/core-resources/create-klass) and the Klass's attribute definitions, which Kustomer keeps
 * in custom-attribute metadata: PUT /v1/metadata/kobject.<name> (https://developer.kustomer.com/api/core-resources/update-custom-attribute-metadata).
 */

export const KLASS_NAME = /^[0-9a-zA-Z_-]+$/;

export const KLASS_FIELDS: FieldSpecs = {
	color: { kind: 'text', label: 'Color', max: 64 },
	displayName: { kind: 'text', label: 'Display Name', max: 255 },
	icon: { kind: 'text', label: 'Icon', max: 64 },
	status: { kind: 'enum', label: 'Status', values: ['enabled', 'disabled'] },
	// Kept in the Klass's jsonSchema by withDescription.
	description: { kind: 'apart', label: 'Description' },
};

/**
 * Kustomer's Klass has no description field; the JSON Schema it may carry has one, and a schema with
 * only a description constrains nothing. So a description is kept there rather than dropped.
 */
export function withDescription(body: IDataObject, description: unknown): IDataObject {
	const text = typeof description === 'string' ? description.trim() : '';
	return text ? { ...body, jsonSchema: { description: text } } : body;
}

interface AttributeRow {
	name?: string;
	displayName?: string;
	type?: string;
}

/** The metadata `properties` for the attribute rows, named by Kustomer's naming rule (customAttributes.ts). */
export function attributeProperties(context: IExecuteSingleFunctions, rows: AttributeRow[]): IDataObject {
	return attributeDefinitions(rows, (index, field, problem) => fieldError(context, `Attributes [${index}] ${field}`, problem, 'Name attributes in any style (orderTotal, order_total, Order Total); Kustomer stores them in camelCase with the suffix of their type.'));
}

export function readAttributeRows(context: IExecuteSingleFunctions): IDataObject | undefined {
	const rows = (parameter(context, 'attributes', {}) as { values?: AttributeRow[] }).values ?? [];
	return rows.length ? attributeProperties(context, rows) : undefined;
}

/** Members of a definition Kustomer keeps itself: read back, not sent. */
const BOOKKEEPING = ['createdAt', 'createdBy', 'modifiedAt', 'modifiedBy', 'updatedAt'];

/** The definitions read, with the new ones over them: members a new definition leaves out are kept. */
function mergedDefinitions(current: IDataObject, added: IDataObject): IDataObject {
	const merged: IDataObject = {};
	for (const [name, definition] of Object.entries(current)) {
		if (!definition || typeof definition !== 'object') continue;
		merged[name] = Object.fromEntries(Object.entries(definition).filter(([member]) => !BOOKKEEPING.includes(member)));
	}
	for (const [name, definition] of Object.entries(added)) {
		merged[name] = { ...((merged[name] as IDataObject | undefined) ?? {}), ...(definition as IDataObject) };
	}
	return merged;
}

/**
 * Defines the attributes of Klass `name`. Kustomer's docs do not say whether PUT /v1/metadata merges
 * `properties` or replaces them (https://developer.kustomer.com/api/core-resources/update-custom-attribute-metadata),
 * so an existing Klass's definitions are read first and sent back with the new ones: whichever it
 * does, no attribute the Klass already has is lost. A new Klass has none to read.
 */
export async function defineAttributes(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	klassName: string,
	properties: IDataObject,
	options: { existing: boolean },
): Promise<IDataObject> {
	const resource = `kobject.${klassName}`;
	const url = kustomerPath('/v1/metadata/{resource}', { resource });
	const baseURL = requestData.options.baseURL;
	const response = await oneAtATime(`${baseURL ?? ''} ${url}`, async () => {
		let current: IDataObject = {};
		if (options.existing) {
			const read = await kustomerApiRequest(context, { method: 'GET', url, baseURL, acceptStatus: [404] });
			const data = (read.body as IDataObject | undefined)?.data as IDataObject | undefined;
			current = read.statusCode === 404 ? {} : ((data?.attributes as IDataObject | undefined) ?? {});
		}
		return await kustomerApiRequest(context, { method: 'PUT', url, body: metadataBody(current, properties), baseURL });
	});
	if (baseURL) forgetAccountAttributes(context, resource, baseURL);
	return (response.body as IDataObject) ?? {};
}

/** The whole metadata document as read, with the new attribute definitions in `properties`. */
function metadataBody(current: IDataObject, properties: IDataObject): IDataObject {
	const body: IDataObject = { properties: mergedDefinitions((current.properties as IDataObject | undefined) ?? {}, properties) };
	const relationships = current.relationships as IDataObject | undefined;
	if (relationships && Object.keys(relationships).length) body.relationships = mergedDefinitions(relationships, {});
	const standard = current.standardProperties as IDataObject | undefined;
	if (standard && Object.keys(standard).length) body.standardProperties = standard;
	if (Array.isArray(current.validations)) body.validations = current.validations;
	return body;
}

export const attributesProperty = (show: Record<string, string[]>): INodeProperties => ({
	displayName: 'Attributes',
	name: 'attributes',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Attribute',
	default: {},
	displayOptions: { show },
	description: 'Attributes the Klass\'s objects can have, defined in the same step (Kustomer custom-attribute metadata)',
	options: [
		{
			displayName: 'Attribute',
			name: 'values',
			values: [
				{ displayName: 'Display Name', name: 'displayName', type: 'string', default: '', placeholder: 'Order Total' },
				{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'orderTotal', description: 'Name in any style (orderTotal, order_total, Order Total); stored in camelCase with the type suffix added' },
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: ATTRIBUTE_TYPE_OPTIONS.filter((option) => option.value !== 'auto'),
					default: 'string',
				},
			],
		},
	],
});
