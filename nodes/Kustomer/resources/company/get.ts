import type { INodeProperties } from 'n8n-workflow';

import { recordOutput, simplifyProperty } from '../../shared/output';
import { operationRouting } from '../../shared/routing';
import { companyLocator, companyPath } from './locator';
import { COMPANY_LIST, COMPANY_READ } from './roles';

const show = { resource: ['company'], operation: ['get'] };

/** The company locator of Get, Update, Delete and Get Custom Objects (one parameter, `companyId`). */
export const COMPANY_ID = 'companyId';

/** One description for every operation, so the four declarations merge into one top-level property. */
export const companyIdField = (operation: string): INodeProperties =>
	companyLocator({ resource: ['company'], operation: [operation] }, 'The company: pick one, or give its ID, external ID or name', COMPANY_ID);

/** By ID one GET; by external ID or name the lookup (GET /v1/companies) first. */
export const getRouting = operationRouting({
	roles: [COMPANY_READ, COMPANY_LIST],
	method: 'GET',
	path: companyPath(COMPANY_ID, '/v1/companies/{id}'),
	output: recordOutput,
});

export const getFields: INodeProperties[] = [
	companyIdField('get'),
	simplifyProperty(show),
];
