import type { INodeProperties } from 'n8n-workflow';

import { deletedResult } from '../../shared/output';
import { endpointRoles } from '../../shared/roles';
import { operationRouting, pathFrom } from '../../shared/routing';
import { noteIdField } from './get';

export const deleteRouting = operationRouting({
	roles: [endpointRoles('DeleteNoteById', 'to delete it', 'org.user.note.write', 'org.permission.note.delete')],
	method: 'DELETE',
	path: pathFrom('/v1/notes/{id}', { id: 'noteId' }),
	output: [deletedResult],
});

export const deleteFields: INodeProperties[] = [noteIdField(['delete'])];
