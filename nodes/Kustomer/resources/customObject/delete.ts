import type { INodeProperties } from 'n8n-workflow';

import { deletedResult } from '../../shared/output';
import { operationRouting } from '../../shared/routing';
import { klassNameProperty } from './fields';
import { objectLocator, objectPath } from './locator';

const show = { resource: ['customObject'], operation: ['delete'] };

export const deleteRouting = operationRouting({ method: 'DELETE', path: objectPath('write'), output: [deletedResult] });

export const deleteFields: INodeProperties[] = [klassNameProperty(show), objectLocator(show)];
