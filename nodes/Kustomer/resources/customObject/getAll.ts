import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { coerce, parameter, requiredId } from '../../shared/parameters';
import { endpointRoles } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { kustomerPath } from '../../shared/transport';
import { toIsoDate } from '../../shared/values';
import { klassNameProperty } from './fields';

const show = { resource: ['customObject'], operation: ['getAll'] };

/** GET /v1/klasses/{name}, or /v1/customers/{id}/klasses/{name} for one customer's objects. */
async function listPath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const klass = requiredId(this, 'klassName', 'Klass');
	const filters = parameter(this, 'objectListFilters', {}) as { customerId?: string; fromDate?: string };
	const customer = String(filters.customerId ?? '').trim();
	const template = customer ? '/v1/customers/{customer}/klasses/{klass}' : '/v1/klasses/{klass}';
	requestOptions.url = coerce(this, 'Customer ID', klass, () => kustomerPath(template, { customer, klass }));
	if (filters.fromDate) requestOptions.qs = { ...requestOptions.qs, fromDate: coerce(this, 'Updated Since', filters.fromDate, toIsoDate) };
	return requestOptions;
}

export const getAllRouting = operationRouting({
	roles: [endpointRoles('GetKObjects', 'to list them', 'org.user.klass.read', 'org.permission.klass.read', 'org.admin.klass.read')], method: 'GET', path: listPath, output: recordOutput, execute: paginateKustomerList });
	
	export const getAllFields: INodeProperties[] = [
		klassNameProperty(show),
		...returnAllAndLimit(show),
		{
			displayName: 'Filters',
			name: 'objectListFilters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			displayOptions: { show },
			options: [
				{ displayName: 'Customer ID', name: 'customerId', type: 'string', default: '', description: 'Only the objects linked to this customer' },
				{ displayName: 'Updated Since', name: 'fromDate', type: 'dateTime', default: '', description: 'Only objects changed at or after this time' },
			],
		},
		simplifyProperty(show),
	];
	