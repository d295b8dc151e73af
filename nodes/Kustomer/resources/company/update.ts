import type { INodeProperties } from 'n8n-workflow';

import { bodyFrom, requireChanges } from '../../shared/body';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { operationRouting } from '../../shared/routing';
import { companyCustomAttributes } from './create';
import { companyFieldOptions, companyFields } from './fields';
import { COMPANY_ID, companyIdField } from './get';
import { companyPath } from './locator';
import { COMPANY_LIST, COMPANY_UPDATE } from './roles';

const show = { resource: ['company'], operation: ['update'] };

/**
 * PUT /v1/companies/{id} "updates the attributes of a company": fields not sent keep their values
 * (https://developer.kustomer.com/api/core-resources/update-company-attributes).
 */
export const updateRouting = operationRouting({
	roles: [COMPANY_UPDATE, COMPANY_LIST],
	method: 'PUT',
	path: companyPath(COMPANY_ID, '/v1/companies/{id}'),
	preSend: [bodyFrom({ specs: companyFields(false), collection: 'companyUpdateFields', customAttributes: 'companyCustomAttributes' }), requireChanges],
	output: recordOutput,
});

export const updateFields: INodeProperties[] = [
	companyIdField('update'),
	{
		displayName: 'Update Fields',
		name: 'companyUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		description: 'Fields to change; fields not listed keep their values',
		options: companyFieldOptions({ withImportDates: false, withName: true }),
	},
	companyCustomAttributes('update'),
	simplifyProperty(show),
];
