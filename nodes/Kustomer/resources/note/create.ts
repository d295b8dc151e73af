import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { buildBody, declareBodyCollection } from '../../shared/body';
import { conversationLocator } from '../../shared/descriptions';
import { CONVERSATION, chosenBy, recordPath } from '../../shared/locator';
import { simplifyProperty, simplifyWhenRequested, unwrapData } from '../../shared/output';
import { fieldError, parameter } from '../../shared/parameters';
import { endpointRoles } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { NOTE_BODY_LIMIT, NOTE_FIELDS, mentionError, mentionFields, withMentions } from './fields';

/** Seed 004's "Add Note to Conversation": conversationId, noteBody, isInternal, optional mentions. */

const show = { resource: ['note'], operation: ['create'] };
// Seed 004's Add Note keeps its parameter name.
const NOTE_CONVERSATION = chosenBy(CONVERSATION, 'conversationId');

declareBodyCollection('noteAdditionalFields', NOTE_FIELDS);

async function noteBody(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	if (parameter(this, 'isInternal', true) === false) {
		throw fieldError(
			this,
			'Is Internal',
			'is off, but Kustomer notes are always internal',
			'Notes are only visible to your team. To record something the customer sees, use the Message resource (Log Message) instead.',
		);
	}
	const options = parameter(this, 'noteAdditionalFields', {}) as IDataObject;
	const body = buildBody(this, { body: parameter(this, 'noteBody', ''), ...options }, NOTE_FIELDS);
	requestOptions.body = withMentions(body, options, mentionError(this));
	return requestOptions;
}

async function noteResult(this: IExecuteSingleFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return items.map((item) => ({ json: { success: true, noteId: (item.json.id as string) ?? '', ...item.json } }));
}

export const createRouting = operationRouting({
	// The OpenAPI's table really lists the legacy *read* role for creating a note.
	roles: [endpointRoles('CreateNoteWithinConversation', 'to create it', 'org.user.note.read', 'org.permission.note.create')],
	method: 'POST',
	path: recordPath(NOTE_CONVERSATION, '/v1/conversations/{id}/notes'),
	// A lost answer is reported as "may have been carried out", never sent again.
	findCreated: { none: "Kustomer's API has no lookup of notes by External ID" },
	preSend: [noteBody],
	output: [unwrapData, simplifyWhenRequested, noteResult],
});

export const createFields: INodeProperties[] = [
	conversationLocator(show, 'The conversation to add the note to', NOTE_CONVERSATION.parameter),
	{
		displayName: 'Note Body',
		name: 'noteBody',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		displayOptions: { show },
		description: `Text of the note (at most ${NOTE_BODY_LIMIT.toLocaleString('en-US')} characters)`,
	},
	{
		displayName: 'Is Internal',
		name: 'isInternal',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description: 'Whether the note is internal (visible to your team only). Kustomer notes are always internal; use Message › Log Message for customer-facing records.',
	},
	{
		displayName: 'Additional Fields',
		name: 'noteAdditionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'Your own unique ID for this note' },
			{ displayName: 'Language', name: 'lang', type: 'string', default: '', placeholder: 'en' },
			...mentionFields,
		],
	},
	simplifyProperty(show),
];
