import type { INodeProperties } from 'n8n-workflow';

import { conversationLocator } from '../../shared/descriptions';
import { CONVERSATION, readPathFrom } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { endpointRoles } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';

const show = { resource: ['conversation'], operation: ['get'] };

export const getRouting = operationRouting({
	roles: [endpointRoles('GetConversation', 'to read it', 'org.user.conversation.read', 'org.permission.conversation.read')], method: 'GET', path: readPathFrom(CONVERSATION), output: recordOutput });
	
	export const getFields: INodeProperties[] = [
		conversationLocator(show),
		simplifyProperty(show),
	];
	