import type { INodeProperties } from 'n8n-workflow';

import { recordOutput, simplifyProperty } from '../../shared/output';
import { endpointRoles } from '../../shared/roles';
import { operationRouting, pathFrom } from '../../shared/routing';

const show = { resource: ['message'], operation: ['get'] };

export const getRouting = operationRouting({
	roles: [endpointRoles('GetMessage', 'to read it', 'org.user.message.read', 'org.permission.message.read')],
	method: 'GET',
	path: pathFrom('/v1/messages/{id}', { id: 'messageId' }),
	output: recordOutput,
});

export const getFields: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show },
		description: 'ID of the message to get',
	},
	simplifyProperty(show),
];
