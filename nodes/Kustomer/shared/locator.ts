import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	PreSendAction,
} from 'n8n-workflow';

import { coerce, locatorMode, requiredId } from './parameters';
import { kustomerApiRequest, kustomerPath } from './transport';
import { ownValue, toEmail, toPhone } from './values';

/**
 * Turning a resource locator's value into a request path. A record chosen by ID, list or URL is
 * addressed directly; one chosen by email, external ID or phone goes through Kustomer's lookup
 * endpoints, which put `field=value` in one path segment (https://developer.kustomer.com/kustomer-api-docs/reference/getcustomerbyexternalid ; https://developer.kustomer.com/api/core-resources/get-customer-by-phone-number).
 */

export interface LocatorTarget {
	parameter: string;
	label: string;
	/** Path of one record, `{value}` being its ID. */
	idPath: string;
	/** Lookup path per locator mode, `{value}` being the lookup value. */
	lookupPaths: Record<string, string>;
}

export const CUSTOMER: LocatorTarget = {
	parameter: 'customerId',
	label: 'Customer',
	idPath: '/v1/customers/{value}',
	lookupPaths: {
		email: '/v1/customers/email={value}',
		externalId: '/v1/customers/externalId={value}',
		phone: '/v1/customers/phone={value}',
	},
};

export const CONVERSATION: LocatorTarget = {
	parameter: 'conversation',
	label: 'Conversation',
	idPath: '/v1/conversations/{value}',
	lookupPaths: { externalId: '/v1/conversations/externalId={value}' },
};

/** The same kind of record chosen by another parameter (each top-level parameter name is used once in the node). */
export function chosenBy(target: LocatorTarget, parameter: string, label = target.label): LocatorTarget {
	return { ...target, parameter, label };
}

const NORMALIZE: Record<string, (value: unknown) => string> = { email: toEmail, phone: toPhone };

/** The path that reads the chosen record: its ID path or a lookup path. */
export function readPath(context: IExecuteSingleFunctions, target: LocatorTarget): { path: string; isLookup: boolean } {
	const mode = locatorMode(context, target.parameter);
	let value = requiredId(context, target.parameter, target.label);
	// Own keys only: a mode given by expression as `constructor` is no lookup.
	const lookupPath = ownValue(target.lookupPaths, mode);
	const normalize = ownValue(NORMALIZE, mode);
	if (lookupPath && normalize) value = coerce(context, `${target.label} (${mode})`, value, normalize);
	const path = coerce(context, target.label, value, (v) =>
		kustomerPath(lookupPath ?? target.idPath, { value: v as string }),
	);
	return { path, isLookup: lookupPath !== undefined };
}

/** The record's ID: the locator's value, or what a lookup finds (one GET; 404 names the lookup). */
export async function resolveId(
	context: IExecuteSingleFunctions,
	target: LocatorTarget,
	baseURL: string | undefined,
): Promise<string> {
	const { path, isLookup } = readPath(context, target);
	if (!isLookup) return requiredId(context, target.parameter, target.label);
	const response = await kustomerApiRequest(context, { method: 'GET', url: path, baseURL });
	return String(((response.body as IDataObject)?.data as IDataObject)?.id ?? '');
}

/** preSend: the URL of a read (GET) of the chosen record, a lookup being a single request. */
export function readPathFrom(target: LocatorTarget): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		requestOptions.url = readPath(this, target).path;
		return requestOptions;
	};
}

/** preSend: the URL from a template whose `{id}` is the chosen record's ID (looked up when needed). */
export function recordPath(target: LocatorTarget, template: string): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const id = await resolveId(this, target, requestOptions.baseURL);
		requestOptions.url = coerce(this, target.label, id, (v) => kustomerPath(template, { id: v as string }));
		return requestOptions;
	};
}
