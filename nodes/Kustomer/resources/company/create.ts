import type { INodeProperties } from 'n8n-workflow';

import { bodyFrom } from '../../shared/body';
import { customAttributesProperty } from '../../shared/customAttributes';
import { recordOutput, simplifyProperty } from '../../shared/output';
import type { FindCreated } from '../../shared/request';
import { operationRouting, pathFrom } from '../../shared/routing';
import { companyFieldOptions, companyFields } from './fields';
import { COMPANY_CREATE, COMPANY_LIST } from './roles';

/**
 * Kustomer has no company lookup path by External ID; its company list filters by it (GET
 * /v1/companies?externalId=…, as the company locator looks companies up): the record is picked from that list.
 */
export const FIND_COMPANY: FindCreated = {
	lookup: (externalId) => ({ url: '/v1/companies', qs: { externalId, page: 1, pageSize: 100 } }),
	roles: COMPANY_LIST,
};

const show = { resource: ['company'], operation: ['create'] };

/** POST /v1/companies: only `name` is required (https://developer.kustomer.com/api/core-resources/create-company). */
export const createRouting = operationRouting({
	roles: [COMPANY_CREATE],
	method: 'POST',
	path: pathFrom('/v1/companies'),
	findCreated: FIND_COMPANY,
	preSend: [
		bodyFrom({
			specs: companyFields(true),
			collection: 'companyAdditionalFields',
			topLevel: [['companyName', 'name']],
			customAttributes: 'companyCustomAttributes',
		}),
	],
	output: recordOutput,
});

export const companyCustomAttributes = (operation: string): INodeProperties =>
	customAttributesProperty(
		{ displayName: 'Custom Attributes', name: 'companyCustomAttributes', displayOptions: { show: { resource: ['company'], operation: [operation] } } },
		'getCompanyAttributes',
	);

export const createFields: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'companyName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show },
		description: 'Company name (3 to 255 characters)',
	},
	{
		displayName: 'Additional Fields',
		name: 'companyAdditionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: companyFieldOptions({ withImportDates: true, withName: false }),
	},
	companyCustomAttributes('create'),
	simplifyProperty(show),
];
