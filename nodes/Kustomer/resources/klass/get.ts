import type { INodeProperties } from 'n8n-workflow';

import { recordOutput, simplifyProperty } from '../../shared/output';
import { endpointRoles } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { klassLocator, klassPath } from './locator';

const show = { resource: ['klass'], operation: ['get'] };

export const getRouting = operationRouting({
	roles: [endpointRoles('GetKlass', 'to read it', 'org.user.klass.read', 'org.permission.klass.read', 'org.admin.klass.read')], method: 'GET', path: klassPath('/v1/klasses/{id}'), output: recordOutput });
	
	export const getFields: INodeProperties[] = [
		klassLocator(show),
		simplifyProperty(show),
	];
	