import type { INodeProperties } from 'n8n-workflow';

import { requireChanges } from '../../shared/body';
import { customAttributesProperty } from '../../shared/customAttributes';
import { customerLocator } from '../../shared/descriptions';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { CUSTOMER_READ, CUSTOMER_UPDATE } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { CUSTOMER, recordPath } from '../../shared/locator';
import { customerBodyFrom } from './body';
import { updateKeepingCompany } from './companyLink';
import { customerFieldOptions } from './fields';

const show = { resource: ['customer'], operation: ['update'] };

/**
 * PATCH merges into the record (a PUT with replace=true would wipe fields). The customer is read
 * first so its company stays linked (companyLink.ts): two requests.
 */
export const updateRouting = operationRouting({
	// An update reads the customer first to keep its company linked (resources/customer/companyLink.ts).
	roles: [CUSTOMER_READ, CUSTOMER_UPDATE],
	method: 'PATCH',
	path: recordPath(CUSTOMER, '/v1/customers/{id}'),
	preSend: [customerBodyFrom('updateFields'), requireChanges],
	output: recordOutput,
	execute: updateKeepingCompany,
});

export const updateFields: INodeProperties[] = [
	customerLocator(show),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		description: 'Fields to change; fields not listed keep their values',
		options: customerFieldOptions({ withImportDates: false, withCompanyRemoval: true, withRev: true }),
	},
	customAttributesProperty({ displayName: 'Custom Attributes', name: 'customAttributes', displayOptions: { show } }, 'getCustomerAttributes'),
	simplifyProperty(show),
];
