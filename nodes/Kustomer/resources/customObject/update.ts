import type { INodeProperties } from 'n8n-workflow';

import { bodyFrom, requireChanges } from '../../shared/body';
import { customAttributesProperty } from '../../shared/customAttributes';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { kobject } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { KOBJECT_FIELDS, klassNameProperty, objectFieldOptions } from './fields';
import { objectLocator, objectPath } from './locator';

const show = { resource: ['customObject'], operation: ['update'] };

/** Kustomer offers PUT only for objects; the body carries just the fields to change. */
export const updateRouting = operationRouting({
	roles: [kobject('UpdateKObject', 'to update it', 'org.user.kobject.write', 'update')],
	method: 'PUT',
	path: objectPath('write'),
	preSend: [bodyFrom({ specs: KOBJECT_FIELDS, collection: 'objectUpdateFields', customAttributes: 'objectCustomAttributes' }), requireChanges],
	output: recordOutput,
});

export const updateFields: INodeProperties[] = [
	klassNameProperty(show),
	objectLocator(show),
	{
		displayName: 'Update Fields',
		name: 'objectUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: objectFieldOptions('update'),
	},
	customAttributesProperty({ displayName: 'Custom Attributes', name: 'objectCustomAttributes', displayOptions: { show } }, 'getCustomObjectAttributes', ['klassName']),
	simplifyProperty(show),
];
