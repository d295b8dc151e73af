import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { coerce, parameter } from '../../shared/parameters';
import { USER_READ } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { toEmail } from '../../shared/values';

const show = { resource: ['user'], operation: ['getAll'] };

/** The list's filters (`email`, `userType`), as Kustomer's user list takes them in the query. */
async function userFilters(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const filters = parameter<IDataObject>(this, 'userFilters', {});
	const qs: IDataObject = { ...(requestOptions.qs ?? {}) };
	if (typeof filters.email === 'string' && filters.email.trim()) qs.email = coerce(this, 'Email', filters.email, toEmail);
	if (filters.userType === 'user' || filters.userType === 'machine') qs.userType = filters.userType;
	requestOptions.url = '/v1/users';
	requestOptions.qs = qs;
	return requestOptions;
}

export const getAllRouting = operationRouting({
	roles: [USER_READ],
	method: 'GET',
	path: userFilters,
	output: recordOutput,
	execute: paginateKustomerList,
});

export const getAllFields: INodeProperties[] = [
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'userFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Only the user with this email' },
			{
				displayName: 'User Type',
				name: 'userType',
				type: 'options',
				options: [
					{ name: 'Agent', value: 'user', description: 'People who sign in to Kustomer' },
					{ name: 'Machine', value: 'machine', description: 'API keys and apps' },
				],
				default: 'user',
			},
		],
	},
	simplifyProperty(show),
];
