import type { INodeProperties } from 'n8n-workflow';

import { recordOutput, simplifyProperty } from '../../shared/output';
import { endpointRoles } from '../../shared/roles';
import { operationRouting, pathFrom } from '../../shared/routing';

const show = { resource: ['note'], operation: ['get'] };

export const getRouting = operationRouting({
	roles: [endpointRoles('GetNoteById', 'to read it', 'org.user.note.read', 'org.permission.note.read')],
	method: 'GET',
	path: pathFrom('/v1/notes/{id}', { id: 'noteId' }),
	output: recordOutput,
});

export const noteIdField = (operations: string[], description = 'ID of the note'): INodeProperties => ({
	displayName: 'Note ID',
	name: 'noteId',
	type: 'string',
	default: '',
	required: true,
	displayOptions: { show: { resource: ['note'], operation: operations } },
	description,
});

export const getFields: INodeProperties[] = [noteIdField(['get']), simplifyProperty(show)];
