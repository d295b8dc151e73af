import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { buildBody, declareBodyCollection, requireChanges } from '../../shared/body';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { endpointRoles } from '../../shared/roles';
import { operationRouting, pathFrom } from '../../shared/routing';
import { NOTE_BODY_LIMIT, NOTE_FIELDS, mentionError, mentionFields, withMentions } from './fields';
import { noteIdField } from './get';
import { parameter } from '../../shared/parameters';

const show = { resource: ['note'], operation: ['update'] };

declareBodyCollection('noteUpdateFields', NOTE_FIELDS);

async function noteChanges(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const fields = parameter(this, 'noteUpdateFields', {}) as IDataObject;
	const body = buildBody(this, fields, NOTE_FIELDS);
	requestOptions.body = withMentions(body, fields, mentionError(this));
	return requestOptions;
}

export const updateRouting = operationRouting({
	roles: [endpointRoles('PatchNoteById', 'to update it', 'org.user.note.write', 'org.permission.note.update')],
	method: 'PATCH',
	path: pathFrom('/v1/notes/{id}', { id: 'noteId' }),
	preSend: [noteChanges, requireChanges],
	output: recordOutput,
});

export const updateFields: INodeProperties[] = [
	noteIdField(['update']),
	{
		displayName: 'Update Fields',
		name: 'noteUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'External ID', name: 'externalId', type: 'string', default: '' },
			{ displayName: 'Language', name: 'lang', type: 'string', default: '' },
			...mentionFields,
			{
				displayName: 'Note Body',
				name: 'body',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				description: `New text of the note (at most ${NOTE_BODY_LIMIT.toLocaleString('en-US')} characters)`,
			},
		],
	},
	simplifyProperty(show),
];
