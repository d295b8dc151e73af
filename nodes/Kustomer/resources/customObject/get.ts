import type { INodeProperties } from 'n8n-workflow';

import { recordOutput, simplifyProperty } from '../../shared/output';
import { kobject } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { klassNameProperty } from './fields';
import { objectLocator, objectPath } from './locator';

const show = { resource: ['customObject'], operation: ['get'] };

export const getRouting = operationRouting({
	roles: [kobject('GetKObject', 'to read it', 'org.user.kobject.read', 'read')], method: 'GET', path: objectPath('read'), output: recordOutput });
	
	export const getFields: INodeProperties[] = [
		klassNameProperty(show),
		objectLocator(show),
		simplifyProperty(show),
	];
	