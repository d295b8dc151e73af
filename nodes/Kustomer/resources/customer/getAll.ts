import type { INodeProperties } from 'n8n-workflow';

import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { endpointRoles } from '../../shared/roles';
import { operationRouting, pathFrom } from '../../shared/routing';

const show = { resource: ['customer'], operation: ['getAll'] };

export const getAllRouting = operationRouting({
	roles: [endpointRoles('GetCustomers', 'to list them', 'org.user.customer.read', 'org.permission.customer.read')],
	method: 'GET',
	path: pathFrom('/v1/customers'),
	output: recordOutput,
	execute: paginateKustomerList,
});

export const getAllFields: INodeProperties[] = [...returnAllAndLimit(show), simplifyProperty(show)];
