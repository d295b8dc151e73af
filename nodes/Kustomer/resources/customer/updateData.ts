import type {
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { customAttributesProperty, readCustomAttributes } from '../../shared/customAttributes';
import { customerLocator } from '../../shared/descriptions';
import { simplifyProperty, simplifyWhenRequested, unwrapData } from '../../shared/output';
import { fieldError } from '../../shared/parameters';
import { CUSTOMER_READ, CUSTOMER_UPDATE } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { CUSTOMER, recordPath } from '../../shared/locator';
import { updateKeepingCompany } from './companyLink';

const show = { resource: ['customer'], operation: ['updateData'] };

/**
 * Seed 004's "Update Customer Data": personalization key/value pairs written into the customer's
 * custom attributes with one PATCH, which Kustomer merges key by key. Keys are named by
 * customAttributes.ts (matched to the account's customer attributes). The customer is read first so
 * its company stays linked (companyLink.ts).
 */
async function personalizationBody(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const custom = await readCustomAttributes(this, requestOptions, 'personalizationData', 'Personalization Data');
	if (!custom) {
		throw fieldError(this, 'Personalization Data', 'is empty', 'Add at least one key and value to write.');
	}
	requestOptions.body = { custom };
	return requestOptions;
}

async function updateDataResult(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.map((item) => ({
		json: { success: true, customerId: item.json.id as string, customer: item.json },
	}));
}

export const updateDataRouting = operationRouting({
	roles: [CUSTOMER_READ, CUSTOMER_UPDATE],
	method: 'PATCH',
	path: recordPath(CUSTOMER, '/v1/customers/{id}'),
	preSend: [personalizationBody],
	output: [unwrapData, simplifyWhenRequested, updateDataResult],
	execute: updateKeepingCompany,
});

export const updateDataFields: INodeProperties[] = [
	customerLocator(show),
	customAttributesProperty({
		displayName: 'Personalization Data',
		name: 'personalizationData',
		required: true,
		displayOptions: { show },
		placeholder: 'Add Data Field',
		description:
			'Key/value pairs written into the customer\'s custom attributes; other attributes keep their values. A key lands on the customer attribute it matches (loyalty_tier → loyaltyTierStr), else becomes camelCase with its type suffix (String by default). The output\'s attributeNames says where each key went.',
	}, 'getCustomerAttributes'),
	simplifyProperty(show),
];
