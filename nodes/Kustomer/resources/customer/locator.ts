import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeParameterResourceLocator,
	PreSendAction,
} from 'n8n-workflow';

import { coerce, requiredId } from '../../shared/parameters';
import { kustomerApiRequest, kustomerPath } from '../../shared/transport';
import { toEmail, toPhone } from '../../shared/values';

/**
 * The Customer resource locator: by ID (or list, or URL), or looked up by email, external ID or
 * phone through Kustomer's lookup endpoints, which put `field=value` in one path segment.
 */

const LOOKUP_PATHS: Record<string, string> = {
	email: '/v1/customers/email={value}',
	externalId: '/v1/customers/externalId={value}',
	phone: '/v1/customers/phone={value}',
};

/** The path that reads the chosen customer: `/v1/customers/{id}` or a lookup path. */
export function customerReadPath(context: IExecuteSingleFunctions): { path: string; isLookup: boolean } {
	const locator = context.getNodeParameter('customerId', undefined, {
		extractValue: false,
	}) as INodeParameterResourceLocator;
	const mode = locator?.mode;
	let value = requiredId(context, 'customerId', 'Customer');
	if (mode === 'email') value = coerce(context, 'Customer (By Email)', value, toEmail);
	if (mode === 'phone') value = coerce(context, 'Customer (By Phone)', value, toPhone);
	const template = LOOKUP_PATHS[mode] ?? '/v1/customers/{value}';
	const path = coerce(context, 'Customer', value, (v) => kustomerPath(template, { value: v as string }));
	return { path, isLookup: mode in LOOKUP_PATHS };
}

/**
 * preSend for operations on one customer: sets the URL from a template with `{id}`. A customer
 * chosen by email, external ID or phone is looked up first (one GET) to learn its ID.
 */
export function customerPath(template: string): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const { path, isLookup } = customerReadPath(this);
		let id = path.slice('/v1/customers/'.length);
		if (isLookup) {
			const response = await kustomerApiRequest(this, { method: 'GET', url: path, baseURL: requestOptions.baseURL });
			id = String(((response.body as IDataObject)?.data as IDataObject)?.id ?? '');
			requestOptions.url = kustomerPath(template, { id });
		} else {
			requestOptions.url = template.replace('{id}', id);
		}
		return requestOptions;
	};
}

/** preSend for Get: the read path itself, so a lookup is a single request. */
export async function customerGetPath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	requestOptions.url = customerReadPath(this).path;
	return requestOptions;
}
