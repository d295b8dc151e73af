import type { INodeProperties } from 'n8n-workflow';

import { customerLocator } from '../../shared/descriptions';
import { recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { operationRouting } from '../../shared/routing';
import { DRAFT_LIST } from './roles';
import { DRAFT_CUSTOMER } from './send';

/**
 * Get Many: GET /v1/customers/{id}/drafts, the customer's drafts not sent yet (saved or scheduled);
 * Kustomer removes a draft once it is sent (https://developer.kustomer.com/api/core-resources/update-draft).
 * The Core Resources OpenAPI has no endpoint that reads one draft by ID.
 */

const show = { resource: ['draft'], operation: ['getAll'] };

export const getAllRouting = operationRouting({
	roles: [DRAFT_LIST],
	method: 'GET',
	path: recordPath(DRAFT_CUSTOMER, '/v1/customers/{id}/drafts'),
	output: recordOutput,
	execute: paginateKustomerList,
});

export const getAllFields: INodeProperties[] = [
	customerLocator(show, 'The customer the drafts belong to: pick one, or find one by ID, URL, email, external ID or phone', DRAFT_CUSTOMER.parameter),
	...returnAllAndLimit(show),
	simplifyProperty(show),
];
