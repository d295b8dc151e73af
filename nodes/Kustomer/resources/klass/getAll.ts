import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { endpointRoles } from '../../shared/roles';
import { operationRouting, pathFrom } from '../../shared/routing';
import { parameter } from '../../shared/parameters';

const show = { resource: ['klass'], operation: ['getAll'] };

const klassesPath = pathFrom('/v1/klasses');

async function klassListPath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const { status } = parameter(this, 'klassFilters', {}) as { status?: string };
	if (status) requestOptions.qs = { ...requestOptions.qs, status };
	return await klassesPath.call(this, requestOptions);
}

export const getAllRouting = operationRouting({
	roles: [endpointRoles('GetKlasses', 'to list them', 'org.user.klass.read', 'org.permission.klass.read', 'org.admin.klass.read')],
	method: 'GET',
	path: klassListPath,
	output: recordOutput,
	execute: paginateKustomerList,
});

export const getAllFields: INodeProperties[] = [
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'klassFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Disabled', value: 'disabled' },
					{ name: 'Enabled', value: 'enabled' },
					{ name: 'Existing Only', value: 'existing_only', description: 'Klasses created in the organization, enabled or not' },
				],
				default: 'enabled',
			},
		],
	},
	simplifyProperty(show),
];
