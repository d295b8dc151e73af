import type { INodeProperties } from 'n8n-workflow';

import { bodyFrom } from '../../shared/body';
import { customAttributesProperty } from '../../shared/customAttributes';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { operationRouting, pathFrom } from '../../shared/routing';
import { companyFieldOptions, companyFields } from './fields';
import { COMPANY_CREATE } from './roles';

const show = { resource: ['company'], operation: ['create'] };

/** POST /v1/companies: only `name` is required (https://developer.kustomer.com/api/core-resources/create-company). */
export const createRouting = operationRouting({
	roles: [COMPANY_CREATE],
	method: 'POST',
	path: pathFrom('/v1/companies'),
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
