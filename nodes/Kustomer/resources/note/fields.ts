import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { toIdList, type FieldSpecs } from '../../shared/body';
import { fieldError } from '../../shared/parameters';

/**
 * Note fields. Kustomer notes are internal comments for agents; mentions of users and of teams both
 * travel in `userMentions` as `{ user }` or `{ team }` entries, at most 20 (Kustomer's Core Resources OpenAPI, CreateNoteWithinConversation).
 */

export const NOTE_BODY_LIMIT = 10240;

export const NOTE_FIELDS: FieldSpecs = {
	body: { kind: 'text', label: 'Note Body', max: NOTE_BODY_LIMIT, required: true },
	externalId: { kind: 'text', label: 'External ID', max: 256, required: true },
	lang: { kind: 'text', label: 'Language', max: 100 },
	// Sent as `userMentions` by withMentions.
	teamMentions: { kind: 'apart', label: 'Team Mentions' },
	userMentions: { kind: 'apart', label: 'User Mentions' },
};

/** The body's `userMentions` from the user and team mention fields. */
export function withMentions(body: IDataObject, fields: IDataObject, fail: (problem: string) => Error): IDataObject {
	const mentions = [
		...toIdList(fields.userMentions).map((user) => ({ user })),
		...toIdList(fields.teamMentions).map((team) => ({ team })),
	];
	if (mentions.length > 20) throw fail(`has ${mentions.length} mentions; Kustomer allows at most 20`);
	return mentions.length ? { ...body, userMentions: mentions } : body;
}

export const mentionError = (context: Parameters<typeof fieldError>[0]) => (problem: string) =>
	fieldError(context, 'Mentions', problem);

export const mentionFields: INodeProperties[] = [
	{
		displayName: 'Mentioned Team Names or IDs',
		name: 'teamMentions',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getTeams' },
		default: [],
		description: 'Teams to notify. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Mentioned User Names or IDs',
		name: 'userMentions',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getUsers' },
		default: [],
		description: 'Users to notify. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];
