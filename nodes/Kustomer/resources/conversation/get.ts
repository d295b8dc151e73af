import type { INodeProperties } from 'n8n-workflow';

import { conversationLocator } from '../../shared/descriptions';
import { CONVERSATION, readPathFrom } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { operationRouting } from '../../shared/routing';

const show = { resource: ['conversation'], operation: ['get'] };

export const getRouting = operationRouting({ method: 'GET', path: readPathFrom(CONVERSATION), output: recordOutput });

export const getFields: INodeProperties[] = [
	conversationLocator(show),
	simplifyProperty(show),
];
