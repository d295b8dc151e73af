import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
	PreSendAction,
} from 'n8n-workflow';

import { customAttributesProperty } from '../../shared/customAttributes';
import { takeTurn, type Turn } from '../../shared/oneAtATime';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { coerce, fieldError, parameter } from '../../shared/parameters';
import { CUSTOMER_UPDATE, endpointRoles } from '../../shared/roles';
import { applyOutput, operationRouting, toKustomerRequest } from '../../shared/routing';
import { kustomerApiRequest, kustomerPath } from '../../shared/transport';
import { plainText, toEmail, toText } from '../../shared/values';
import { customerBodyFrom } from './body';
import { patchKeepingCompany } from './companyLink';
import { FIND_CUSTOMER } from './create';
import { customerFieldOptions } from './fields';

const show = { resource: ['customer'], operation: ['upsert'] };

/**
 * The keys by which an item may find or create a customer: its match value, and the external ID
 * and emails it sets (a create gives the customer those too). Emails compare without case, as
 * Kustomer's lookup by email does; external IDs exactly. Read from the raw parameters, so that
 * the turn is taken before anything is awaited; a value that is not valid fails the item later.
 */
function customerKeys(context: IExecuteSingleFunctions, baseURL: string | undefined): string[] {
	const host = baseURL ?? '';
	const email = (value: unknown) => `${host} customer email ${plainText(value).toLowerCase()}`;
	const externalId = (value: unknown) => `${host} customer externalId ${plainText(value)}`;
	const keys: string[] = [];
	try {
		const matchOn = parameter(context, 'matchOn', 'externalId');
		const matchValue = parameter(context, 'matchValue', '');
		keys.push(matchOn === 'email' ? email(matchValue) : externalId(matchValue));
		const fields = (parameter(context, 'upsertFields', {}) ?? {}) as IDataObject;
		if (plainText(fields.externalId)) keys.push(externalId(fields.externalId));
		const emails = ((fields.emails as IDataObject | undefined)?.values ?? []) as IDataObject[];
		for (const entry of Array.isArray(emails) ? emails : []) if (plainText(entry?.email)) keys.push(email(entry.email));
	} catch {
		// A parameter whose expression fails: the body preSend reports it for this item.
	}
	return keys;
}

/** Each item's turn, from its first preSend to the end of its lookup and write. */
const turns = new WeakMap<object, Turn>();

/**
 * The path preSend, first of the operation's: takes the item's turn on its customer keys at once,
 * so items sharing a key run one after another in item order (several items with one email or
 * external ID end as one customer, updated in item order, instead of each creating one).
 */
async function takeCustomerTurn(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	turns.set(requestOptions, takeTurn(customerKeys(this, requestOptions.baseURL)));
	requestOptions.url = '/v1/customers';
	return requestOptions;
}

/** Gives the turn back when the item fails before its lookup (a field that is not valid). */
function givingTurnBackOnError(action: PreSendAction): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		let built = false;
		try {
			const result = await action.call(this, requestOptions);
			built = true;
			return result;
		} finally {
			if (!built) turns.get(requestOptions)?.done();
		}
	};
}

/**
 * Create or Update: look the customer up by external ID or email, then PATCH the one found or POST
 * a new one. The output says which happened in `action`. Only two requests, and never a POST when
 * the lookup found the customer, so running it twice does not create a duplicate; items of one run
 * that share a key wait for each other (see takeCustomerTurn).
 */
async function upsertCustomer(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const turn = turns.get(requestData.options);
	try {
		await turn?.ready;
		return await lookUpAndWrite.call(this, requestData);
	} finally {
		turn?.done();
	}
}

async function lookUpAndWrite(
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
		response = await kustomerApiRequest(this, { ...base, method: 'POST', url: '/v1/customers', body, findCreated: FIND_CUSTOMER });
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
	path: takeCustomerTurn,
	preSend: [givingTurnBackOnError(customerBodyFrom('upsertFields'))],
	output: recordOutput,
	findCreated: FIND_CUSTOMER,
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
