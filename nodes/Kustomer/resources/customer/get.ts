import type {
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';

import { customerLocator } from '../../shared/descriptions';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { coerce, requiredId } from '../../shared/parameters';
import { operationRouting } from '../../shared/routing';
import { kustomerPath } from '../../shared/transport';
import { toEmail, toPhone } from '../../shared/values';

const show = { resource: ['customer'], operation: ['get'] };

/** Kustomer's lookup endpoints put `field=value` into one path segment (kustomer-api.md §5.1). */
const LOOKUP_PATHS: Record<string, string> = {
	email: '/v1/customers/email={value}',
	externalId: '/v1/customers/externalId={value}',
	phone: '/v1/customers/phone={value}',
};

async function customerGetPath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const locator = this.getNodeParameter('customerId', undefined, {
		extractValue: false,
	}) as INodeParameterResourceLocator;
	let value = requiredId(this, 'customerId', 'Customer');
	if (locator?.mode === 'email') value = coerce(this, 'Customer (By Email)', value, toEmail);
	if (locator?.mode === 'phone') value = coerce(this, 'Customer (By Phone)', value, toPhone);
	const template = LOOKUP_PATHS[locator?.mode] ?? '/v1/customers/{value}';
	requestOptions.url = coerce(this, 'Customer', value, (v) => kustomerPath(template, { value: v as string }));
	return requestOptions;
}

export const getRouting = operationRouting({ method: 'GET', path: customerGetPath, output: recordOutput });

export const getFields: INodeProperties[] = [
	customerLocator(show, {
		lookups: true,
		description: 'The customer to get: pick one, or look one up by ID, URL, email, external ID or phone',
	}),
	simplifyProperty(show),
];
