import type { INodeProperties } from 'n8n-workflow';

import { channelOptions, DRAFT_CHANNELS } from '../../shared/channels';

/** Properties several draft operations show: each name is one top-level property (compactProperties). */

export const draftChannelProperty = (operations: string[]): INodeProperties => ({
	displayName: 'Channel',
	name: 'draftChannel',
	type: 'options',
	options: channelOptions(DRAFT_CHANNELS),
	default: 'email',
	required: true,
	displayOptions: { show: { resource: ['draft'], operation: operations } },
	description: 'The channel the message goes out on',
});

export const draftWhenProperties = (operations: string[]): INodeProperties[] => [
	{
		displayName: 'When',
		name: 'draftWhen',
		type: 'options',
		options: [
			{ name: 'Now', value: 'now', description: 'Send it right away' },
			{ name: 'Save as Draft (Not Sent)', value: 'save', description: 'Keep it as a draft for an agent to send or schedule later' },
			{ name: 'Scheduled', value: 'scheduled', description: 'Send it at the time in Send At' },
		],
		default: 'now',
		displayOptions: { show: { resource: ['draft'], operation: operations } },
	},
	{
		displayName: 'Send At',
		name: 'draftSendAt',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { resource: ['draft'], operation: operations, draftWhen: ['scheduled'] } },
		description: 'When Kustomer sends it',
	},
];

export const draftIdProperty = (operations: string[]): INodeProperties => ({
	displayName: 'Draft ID',
	name: 'draftId',
	type: 'string',
	default: '',
	required: true,
	displayOptions: { show: { resource: ['draft'], operation: operations } },
	description: 'ID of the draft (from Send Message with When: Scheduled or Save as Draft, or from Get Many)',
});

/** The email integration an email draft or forward is sent with (https://developer.kustomer.com/api/core-resources/create-draft-for-customer). */
export const EMAIL_APP_OPTION: INodeProperties = {
	displayName: 'App',
	name: 'app',
	type: 'options',
	options: [
		{ name: 'Gmail', value: 'gmail' },
		{ name: 'Postmark', value: 'postmark' },
	],
	default: 'postmark',
	description: 'The email integration that sends it',
};
