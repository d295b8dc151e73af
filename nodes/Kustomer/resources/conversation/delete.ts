import type { INodeProperties } from 'n8n-workflow';

import { conversationLocator } from '../../shared/descriptions';
import { CONVERSATION, recordPath } from '../../shared/locator';
import { deletedResult } from '../../shared/output';
import { endpointRoles } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';

const show = { resource: ['conversation'], operation: ['delete'] };

export const deleteRouting = operationRouting({
	roles: [endpointRoles('DeleteConversation', 'to delete it', 'org.user.conversation.delete', 'org.permission.conversation.delete')],
	method: 'DELETE',
	path: recordPath(CONVERSATION, '/v1/conversations/{id}'),
	output: [deletedResult],
});

export const deleteFields: INodeProperties[] = [conversationLocator(show)];
