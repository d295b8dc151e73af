import type { INodeProperties } from 'n8n-workflow';

import { customerLocator } from '../../shared/descriptions';
import { deletedResult } from '../../shared/output';
import { operationRouting, pathFrom } from '../../shared/routing';

const show = { resource: ['customer'], operation: ['delete'] };

export const deleteRouting = operationRouting({
	method: 'DELETE',
	path: pathFrom('/v1/customers/{id}', { id: 'customerId' }),
	output: [deletedResult],
});

export const deleteFields: INodeProperties[] = [
	customerLocator(show, { description: 'The customer to delete, with their conversations and data' }),
];
