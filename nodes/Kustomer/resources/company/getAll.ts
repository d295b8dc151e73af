import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { fieldError, parameter } from '../../shared/parameters';
import { operationRouting, pathFrom } from '../../shared/routing';
import { plainText } from '../../shared/values';
import { COMPANY_LIST } from './roles';

const show = { resource: ['company'], operation: ['getAll'] };

/**
 * GET /v1/companies, optionally filtered by name (`filter`) or external ID. "If you use both the
 * `externalId` and `filter` query params, the request ignores both" (GetCompanies in Kustomer's Core
 * Resources OpenAPI), so giving both is refused rather than silently listing every company.
 */
async function listFilters(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const filters = parameter(this, 'companyListFilters', {}) as IDataObject;
	const name = plainText(filters.name);
	const externalId = plainText(filters.externalId);
	if (name && externalId) {
		throw fieldError(this, 'Filters', 'have both Name and External ID', 'Kustomer ignores both when both are given: keep one of them.');
	}
	const qs: IDataObject = {};
	if (name) qs.filter = name;
	if (externalId) qs.externalId = externalId;
	requestOptions.qs = { ...(requestOptions.qs ?? {}), ...qs };
	return requestOptions;
}

export const getAllRouting = operationRouting({
	roles: [COMPANY_LIST],
	method: 'GET',
	path: pathFrom('/v1/companies'),
	preSend: [listFilters],
	output: recordOutput,
	execute: paginateKustomerList,
});

export const getAllFields: INodeProperties[] = [
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'companyListFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'Only the company with this external ID' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Only companies whose name matches (Kustomer\'s name filter)' },
		],
	},
	simplifyProperty(show),
];
