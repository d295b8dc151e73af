import type { INodeProperties } from 'n8n-workflow';

import { customerLocator } from '../../shared/descriptions';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { CUSTOMER_READ } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { CUSTOMER, readPathFrom } from '../../shared/locator';

const show = { resource: ['customer'], operation: ['get'] };

export const getRouting = operationRouting({
	roles: [CUSTOMER_READ], method: 'GET', path: readPathFrom(CUSTOMER), output: recordOutput });
	
	export const getFields: INodeProperties[] = [
		customerLocator(show),
		simplifyProperty(show),
	];
	