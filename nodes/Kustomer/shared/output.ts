import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { parameter } from './parameters';

/**
 * Output shaping, as postReceive functions. Kustomer answers in a JSON:API envelope; these turn it
 * into the items n8n users work with.
 */

interface KustomerResource extends IDataObject {
	id?: string;
	type?: string;
	attributes?: IDataObject;
}

/** One item per resource in `data` (an object or a list); an empty body (204) gives no item. */
export async function unwrapData(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.flatMap((item) => {
		const data = (item.json as IDataObject)?.data;
		if (data === undefined || data === null) return [];
		const list = Array.isArray(data) ? data : [data];
		return list.map((json) => ({ json: json as IDataObject }));
	});
}

/**
 * `{ id, ...attributes }`: the record as a flat object, without the envelope's links and
 * relationships. The record's own `id` stays first and wins over an attribute of that name.
 */
export function simplifyResource(resource: KustomerResource): IDataObject {
	if (!resource || typeof resource !== 'object' || !resource.attributes) return resource;
	// Spread, not Object.assign: an attribute named __proto__ stays a field and never becomes the prototype.
	const flat: IDataObject = { id: resource.id, ...resource.attributes };
	flat.id = resource.id;
	return flat;
}

/** Applies Simplify when the operation shows that option and it is on. */
export async function simplifyWhenRequested(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (!(parameter(this, 'simplify', false) as boolean)) return items;
	return items.map((item) => ({ ...item, json: simplifyResource(item.json as KustomerResource) }));
}

/** Delete answers 204 with no body: say so in the n8n way. */
export async function deletedResult(this: IExecuteSingleFunctions): Promise<INodeExecutionData[]> {
	return [{ json: { deleted: true } }];
}

/** The usual chain for operations that return Kustomer records. */
export const recordOutput = [unwrapData, simplifyWhenRequested];

export function simplifyProperty(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description:
			'Whether to return the record as a flat object (ID and attributes) instead of Kustomer\'s full JSON:API envelope with relationships and links',
	};
}
