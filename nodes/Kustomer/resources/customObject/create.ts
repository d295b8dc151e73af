import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { bodyFrom } from '../../shared/body';
import { customAttributesProperty } from '../../shared/customAttributes';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { coerce, parameter, requiredId } from '../../shared/parameters';
import { kobject } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { kustomerPath } from '../../shared/transport';
import { KOBJECT_FIELDS, klassNameProperty, objectFieldOptions } from './fields';

const show = { resource: ['customObject'], operation: ['create'] };

/** POST /v1/klasses/{name}, or /v1/customers/{id}/klasses/{name} to link the object to a customer. */
async function createPath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const klass = requiredId(this, 'klassName', 'Klass');
	const customer = String(parameter(this, 'objectCustomerId', '') ?? '').trim();
	const template = customer ? '/v1/customers/{customer}/klasses/{klass}' : '/v1/klasses/{klass}';
	requestOptions.url = coerce(this, customer ? 'Customer ID' : 'Klass', klass, () => kustomerPath(template, { customer, klass }));
	return requestOptions;
}

export const createRouting = operationRouting({
	roles: [kobject('CreateKObject', 'to create it', 'org.user.kobject.write', 'create')],
	method: 'POST',
	path: createPath,
	preSend: [bodyFrom({ specs: KOBJECT_FIELDS, topLevel: ['title'], collection: 'objectAdditionalFields', customAttributes: 'objectCustomAttributes' })],
	output: recordOutput,
});

export const createFields: INodeProperties[] = [
	klassNameProperty(show),
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show },
		description: 'Title of the object, shown in Kustomer',
	},
	{
		displayName: 'Customer ID',
		name: 'objectCustomerId',
		type: 'string',
		default: '',
		displayOptions: { show },
		description: 'ID of the customer to link the object to; leave empty for an object without a customer',
	},
	{
		displayName: 'Additional Fields',
		name: 'objectAdditionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: objectFieldOptions('create'),
	},
	customAttributesProperty({ displayName: 'Custom Attributes', name: 'objectCustomAttributes', displayOptions: { show } }, 'getCustomObjectAttributes', ['klassName']),
	simplifyProperty(show),
];
