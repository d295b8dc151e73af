import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * Kustomer's message channels and the names the editor shows for them, in the editor's (alphabetical)
 * order: one list for Log Message (every channel: https://developer.kustomer.com/api/core-resources/create-message)
 * and the drafts and forwards that send (all but voice:
 * https://developer.kustomer.com/api/core-resources/create-draft-for-customer).
 */
export const CHANNEL_NAMES: Readonly<Record<string, string>> = {
	chat: 'Chat',
	email: 'Email',
	facebook: 'Facebook',
	instagram: 'Instagram',
	sms: 'SMS',
	'twitter-dm': 'Twitter DM',
	'twitter-tweet': 'Twitter Tweet',
	voice: 'Voice',
	whatsapp: 'WhatsApp',
};

/** Every channel a message can be logged on. */
export const MESSAGE_CHANNELS = Object.keys(CHANNEL_NAMES);

/** The channels a draft goes out on (the draft create page's list; a call is not sent, notes are the Note resource). */
export const DRAFT_CHANNELS = MESSAGE_CHANNELS.filter((channel) => channel !== 'voice');

/** A channel dropdown's options, in the order above. */
export const channelOptions = (channels: readonly string[]): INodePropertyOptions[] =>
	channels.map((value) => ({ name: CHANNEL_NAMES[value], value }));
