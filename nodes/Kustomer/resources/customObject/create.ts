import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { bodyFrom } from '../../shared/body';
import { customAttributesProperty } from '../../shared/customAttributes';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { coerce, parameter, requiredId } from '../../shared/parameters';
import type { FindCreated } from '../../shared/request';
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

/** Found by its External ID within its Klass, whose name is the last segment of the create's path. */
export const FIND_OBJECT: FindCreated = {
	lookup: (externalId, create) => {
		const klass = decodeURIComponent(create.url.split('?')[0].split('/').pop() ?? '');
		return { url: kustomerPath('/v1/klasses/{klass}/externalId={externalId}', { klass, externalId }) };
	},
	// The OpenAPI has this endpoint (getKlassesByNameAndExternalId) without a role table: the roles of reading a KObject.
	roles: kobject('https://developer.kustomer.com/api/core-resources/get-kobject-by-external-id', 'to find it by its External ID after a lost answer', 'org.user.kobject.read', 'read'),
};

export const createRouting = operationRouting({
	roles: [kobject('CreateKObject', 'to create it', 'org.user.kobject.write', 'create')],
	method: 'POST',
	path: createPath,
	findCreated: FIND_OBJECT,
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
