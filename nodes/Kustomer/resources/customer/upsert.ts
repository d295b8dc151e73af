import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { customAttributesProperty } from '../../shared/customAttributes';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { coerce, fieldError, parameter } from '../../shared/parameters';
import { CUSTOMER_UPDATE, endpointRoles } from '../../shared/roles';
import { applyOutput, operationRouting, pathFrom, toKustomerRequest } from '../../shared/routing';
import { kustomerApiRequest, kustomerPath } from '../../shared/transport';
import { toEmail, toText } from '../../shared/values';
import { customerBodyFrom } from './body';
import { patchKeepingCompany } from './companyLink';
import { customerFieldOptions } from './fields';

const show = { resource: ['customer'], operation: ['upsert'] };

/**
 * Create or Update: look the customer up by external ID or email, then PATCH the one found or POST
 * a new one. The output says which happened in `action`. Only two requests, and never a POST when
 * the lookup found the customer, so running it twice does not create a duplicate.
 */
async function upsertCustomer(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const matchOn = parameter(this, 'matchOn', 'externalId') as 'email' | 'externalId';
	const raw = parameter(this, 'matchValue', '');
	const label = matchOn === 'email' ? 'Email' : 'External ID';
	const matchValue =
		matchOn === 'email'
			? coerce(this, label, raw, toEmail)
			: coerce(this, label, raw, (value) => toText(value, 256)).trim();
	if (!matchValue) throw fieldError(this, label, 'is empty', `Enter the ${label.toLowerCase()} to match customers on.`);

	const base = toKustomerRequest(requestData);
	const fields = (base.body ?? {}) as IDataObject;
	if (fields.externalId !== undefined && matchOn === 'externalId') {
		throw fieldError(this, 'Additional Fields › External ID', 'duplicates the match value', 'Remove External ID from Additional Fields: the match value is used.');
	}

	const lookup = await kustomerApiRequest(this, {
		...base,
		method: 'GET',
		url: coerce(this, label, matchValue, (value) =>
			kustomerPath(`/v1/customers/${matchOn}={value}`, { value: value as string }),
		),
		body: undefined,
		acceptStatus: [404],
	});
	const found = lookup.statusCode === 404 ? undefined : ((lookup.body as IDataObject)?.data as IDataObject);

	let action: 'created' | 'updated';
	let response;
	if (found?.id) {
		action = 'updated';
		const body: IDataObject = { ...fields };
		if (matchOn === 'email' && Array.isArray(body.emails)) {
			// Keep the matched address when the new list replaces the old one.
			const emails = body.emails as IDataObject[];
			if (!emails.some((entry) => String(entry.email).toLowerCase() === matchValue.toLowerCase())) {
				body.emails = [{ email: matchValue }, ...emails];
			}
		}
		// The lookup returned the customer: its company is kept without another read (companyLink.ts).
		response = await patchKeepingCompany(
			this,
			{ ...base, method: 'PATCH', url: kustomerPath('/v1/customers/{id}', { id: String(found.id) }), body },
			found,
		);
	} else {
		action = 'created';
		const body: IDataObject = { ...fields };
		if (matchOn === 'externalId') body.externalId = matchValue;
		else {
			const emails = (body.emails as IDataObject[] | undefined) ?? [];
			if (!emails.some((entry) => String(entry.email).toLowerCase() === matchValue.toLowerCase())) {
				body.emails = [{ email: matchValue }, ...emails];
			}
		}
		response = await kustomerApiRequest(this, { ...base, method: 'POST', url: '/v1/customers', body });
	}
	const items = await applyOutput(this, requestData, response);
	return items.map((item) => ({ ...item, json: { ...item.json, action } }));
}

export const upsertRouting = operationRouting({
	roles: [
		endpointRoles('GetCustomerByExternalId', 'to look it up by External ID', 'org.user.customer.read', 'org.permission.customer.read'),
		endpointRoles('GetCustomerByEmail', 'to look it up by email', 'org.user.customer.read', 'org.permission.customer.read'),
		endpointRoles('CreateCustomer', 'to create it', 'org.user.customer.write', 'org.permission.customer.create'),
		CUSTOMER_UPDATE,
	],
	method: 'POST',
	path: pathFrom('/v1/customers'),
	preSend: [customerBodyFrom('upsertFields')],
	output: recordOutput,
	execute: upsertCustomer,
});

export const upsertFields: INodeProperties[] = [
	{
		displayName: 'Match On',
		name: 'matchOn',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email', description: 'Find the customer by one of their email addresses' },
			{ name: 'External ID', value: 'externalId', description: 'Find the customer by your own ID' },
		],
		default: 'externalId',
		displayOptions: { show },
		description: 'Which value identifies an existing customer',
	},
	{
		displayName: 'Match Value',
		name: 'matchValue',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show },
		placeholder: 'crm-1042',
		description: 'External ID or email address to look for; a new customer gets it',
	},
	{
		displayName: 'Additional Fields',
		name: 'upsertFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		description: 'Fields to set on the created or updated customer',
		options: customerFieldOptions({ withImportDates: false, withCompanyRemoval: true }),
	},
	customAttributesProperty({ displayName: 'Custom Attributes', name: 'customAttributes', displayOptions: { show } }, 'getCustomerAttributes'),
	simplifyProperty(show),
];
