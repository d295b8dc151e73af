import type { INodeProperties } from 'n8n-workflow';

import { customerLocator } from '../../shared/descriptions';
import { deletedResult } from '../../shared/output';
import { endpointRoles } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { CUSTOMER, recordPath } from '../../shared/locator';

const show = { resource: ['customer'], operation: ['delete'] };

export const deleteRouting = operationRouting({
	roles: [endpointRoles('DeleteCustomer', 'to delete it', 'org.user.customer.delete', 'org.permission.customer.delete')],
	method: 'DELETE',
	path: recordPath(CUSTOMER, '/v1/customers/{id}'),
	output: [deletedResult],
});

export const deleteFields: INodeProperties[] = [
	customerLocator(show),
];
