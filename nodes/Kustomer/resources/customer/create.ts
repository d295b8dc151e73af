import type { INodeProperties } from 'n8n-workflow';

import { customAttributesProperty } from '../../shared/customAttributes';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { CUSTOMER } from '../../shared/locator';
import type { FindCreated } from '../../shared/request';
import { endpointRoles } from '../../shared/roles';
import { operationRouting, pathFrom } from '../../shared/routing';
import { kustomerPath } from '../../shared/transport';
import { customerBodyFrom } from './body';
import { customerFieldOptions } from './fields';

const show = { resource: ['customer'], operation: ['create'] };

/** A customer whose create lost its answer is found by its External ID (also Create or Update's create). */
export const FIND_CUSTOMER: FindCreated = {
	lookup: (externalId) => ({ url: kustomerPath(CUSTOMER.lookupPaths.externalId!, { value: externalId }) }),
	roles: endpointRoles('GetCustomerByExternalId', 'to find it by its External ID after a lost answer', 'org.user.customer.read', 'org.permission.customer.read'),
};

export const createRouting = operationRouting({
	roles: [endpointRoles('CreateCustomer', 'to create it', 'org.user.customer.write', 'org.permission.customer.create')],
	method: 'POST',
	path: pathFrom('/v1/customers'),
	findCreated: FIND_CUSTOMER,
	preSend: [customerBodyFrom('additionalFields', [['customerName', 'name']])],
	output: recordOutput,
});

export const createFields: INodeProperties[] = [
	{
		// Named apart from Conversation › Create's and Klass › Create's `name`: n8n evaluates a
		// parameter's expression once for every top-level property with that name, for every item.
		displayName: 'Name',
		name: 'customerName',
		type: 'string',
		default: '',
		displayOptions: { show },
		description: 'Customer\'s full name',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: customerFieldOptions({ withImportDates: true }).filter((field) => field.name !== 'name'),
	},
	customAttributesProperty({ displayName: 'Custom Attributes', name: 'customAttributes', displayOptions: { show } }, 'getCustomerAttributes'),
	simplifyProperty(show),
];
