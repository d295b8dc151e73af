import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { FieldSpecs } from '../../shared/body';
import { toIdList } from '../../shared/body';

/**
 * Conversation fields (https://developer.kustomer.com/docs/concepts/conversations-and-messages) with the limits of Kustomer's schema, and their
 * UI. Status `snoozed` only exists on update, with a snooze time.
 */

export const CONVERSATION_FIELDS: FieldSpecs = {
	assignedTeams: { kind: 'idList', label: 'Assigned Teams', max: 10, objectIds: true },
	assignedUsers: { kind: 'idList', label: 'Assigned Users', max: 10, objectIds: true },
	createdAt: { kind: 'date', label: 'Created At' },
	defaultLang: { kind: 'text', label: 'Default Language', max: 100 },
	direction: { kind: 'enum', label: 'Direction', values: ['in', 'out'] },
	externalId: { kind: 'text', label: 'External ID', max: 256, required: true },
	importedAt: { kind: 'date', label: 'Imported At' },
	name: { kind: 'text', label: 'Name', max: 256 },
	priority: { kind: 'integer', label: 'Priority', min: 1, max: 5 },
	queue: {
		kind: 'build',
		label: 'Queue',
		build: (_context, value) => {
			const [id] = toIdList(value);
			return id ? ({ id } as IDataObject) : undefined;
		},
	},
	replyChannel: { kind: 'text', label: 'Reply Channel', max: 256 },
	status: { kind: 'enum', label: 'Status', values: ['open', 'done'] },
	tags: { kind: 'tags', label: 'Tags' },
};

/**
 * Fields only Create takes (CreateConversationForCustomer's body in Kustomer's Core Resources OpenAPI,
 * https://developer.kustomer.com/api/core-resources/create-conversation-for-customer): an ID of the
 * caller's choosing, the campaign, and an external queue (`queue.external`, Amazon Connect only),
 * which `withQueueExternal` puts into `queue` beside the routing queue's ID.
 */
export const CONVERSATION_CREATE_FIELDS: FieldSpecs = {
	...CONVERSATION_FIELDS,
	id: { kind: 'objectId', label: 'ID' },
	campaign: { kind: 'objectId', label: 'Campaign ID' },
	queueExternal: { kind: 'enum', label: 'External Queue', values: ['amazon-connect'] },
};

/** bodyFrom's finish for Create: `queueExternal` becomes `queue.external`. */
export function withQueueExternal(_context: IExecuteSingleFunctions, body: IDataObject): IDataObject {
	const { queueExternal, ...rest } = body;
	if (queueExternal === undefined) return body;
	return { ...rest, queue: { ...((rest.queue as IDataObject | undefined) ?? {}), external: queueExternal } };
}

export const CONVERSATION_UPDATE_FIELDS: FieldSpecs = {
	...CONVERSATION_FIELDS,
	status: { kind: 'enum', label: 'Status', values: ['open', 'snoozed', 'done'] },
	snoozeUntil: { kind: 'date', label: 'Snooze Until' },
};

const STATUS_OPTIONS = [
	{ name: 'Done', value: 'done' },
	{ name: 'Open', value: 'open' },
];

export function conversationFieldOptions(mode: 'create' | 'update'): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Assigned Team Names or IDs',
			name: 'assignedTeams',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTeams' },
			default: [],
			description: 'Teams to assign (at most 10). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Assigned User Names or IDs',
			name: 'assignedUsers',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getUsers' },
			default: [],
			description: 'Users to assign (at most 10). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ displayName: 'Default Language', name: 'defaultLang', type: 'string', default: '', placeholder: 'en_us' },
		{
			displayName: 'Direction',
			name: 'direction',
			type: 'options',
			options: [
				{ name: 'Inbound', value: 'in', description: 'Started by the customer' },
				{ name: 'Outbound', value: 'out', description: 'Started by your team' },
			],
			default: 'in',
		},
		{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'Your own unique ID for this conversation' },
		{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Subject line shown in Kustomer' },
		{
			displayName: 'Priority',
			name: 'priority',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 5 },
			default: 3,
			description: 'From 1 (lowest) to 5 (highest)',
		},
		{
			displayName: 'Queue Name or ID',
			name: 'queue',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getQueues' },
			default: '',
			description: 'Routing queue. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ displayName: 'Reply Channel', name: 'replyChannel', type: 'string', default: '', placeholder: 'email', description: 'Channel replies go out on' },
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: mode === 'create' ? STATUS_OPTIONS : [...STATUS_OPTIONS, { name: 'Snoozed', value: 'snoozed' }],
			default: 'open',
			description: mode === 'update' ? 'Snoozed needs Snooze Until' : 'New conversations are open or done',
		},
		{
			displayName: 'Tag Names or IDs',
			name: 'tags',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTags' },
			default: [],
			description: 'Tags (at most 20); on update they replace the current tags (Add Tags keeps them). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	];
	if (mode === 'create') {
		fields.push(
			{
				displayName: 'Campaign ID',
				name: 'campaign',
				type: 'string',
				default: '',
				placeholder: '5f3c6a1b2c3d4e5f6a7b8c9d',
				description: 'ID of the campaign the conversation belongs to',
			},
			{ displayName: 'Created At', name: 'createdAt', type: 'dateTime', default: '', description: 'Original creation date, for imported conversations' },
			{
				displayName: 'External Queue',
				name: 'queueExternal',
				type: 'options',
				options: [{ name: 'Amazon Connect', value: 'amazon-connect' }],
				default: 'amazon-connect',
				description: 'An external system that routes the conversation (sent as queue.external, beside Queue if both are set)',
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				default: '',
				placeholder: '5f3c6a1b2c3d4e5f6a7b8c9d',
				description: 'ID to give the new conversation (24 hexadecimal characters), for example to keep an ID from another system; Kustomer refuses an ID already in use',
			},
			{ displayName: 'Imported At', name: 'importedAt', type: 'dateTime', default: '', description: 'When the conversation was imported; lifts Kustomer\'s per-customer creation limit' },
		);
	} else {
		fields.push({
			displayName: 'Snooze Until',
			name: 'snoozeUntil',
			type: 'dateTime',
			default: '',
			description: 'Snoozes the conversation until this time (sets Status to Snoozed)',
		});
	}
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}
