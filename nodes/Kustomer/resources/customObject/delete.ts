import type { INodeProperties } from 'n8n-workflow';

import { deletedResult } from '../../shared/output';
import { kobject } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { klassNameProperty } from './fields';
import { objectLocator, objectPath } from './locator';

const show = { resource: ['customObject'], operation: ['delete'] };

export const deleteRouting = operationRouting({
	roles: [kobject('DeleteKObject', 'to delete it', 'org.user.kobject.delete', 'delete')], method: 'DELETE', path: objectPath('write'), output: [deletedResult] });
	
	export const deleteFields: INodeProperties[] = [klassNameProperty(show), objectLocator(show)];
	