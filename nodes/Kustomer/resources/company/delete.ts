import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { operationRouting } from '../../shared/routing';
import { COMPANY_ID, companyIdField } from './get';
import { companyPath } from './locator';
import { COMPANY_LIST, COMPANY_UPDATE } from './roles';

/**
 * Kustomer has no DELETE for companies: a company is deleted by updating it with `deleted: true`
 * (https://developer.kustomer.com/api/core-resources/create-company; `deleted` is a member of
 * UpdateCompanyAttributes' body in the Core Resources OpenAPI).
 */
async function deletedBody(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	requestOptions.body = { deleted: true };
	return requestOptions;
}

async function deletedCompany(this: IExecuteSingleFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return items.map((item) => {
		const id = ((item.json as IDataObject).data as IDataObject | undefined)?.id;
		return { json: { deleted: true, ...(typeof id === 'string' ? { id } : {}) } };
	});
}

export const deleteRouting = operationRouting({
	roles: [COMPANY_UPDATE, COMPANY_LIST],
	method: 'PUT',
	path: companyPath(COMPANY_ID, '/v1/companies/{id}'),
	preSend: [deletedBody],
	output: [deletedCompany],
});

export const deleteFields: INodeProperties[] = [companyIdField('delete')];
