import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * Kustomer's outbound-webhook events: create and update of customers, conversations, messages, users,
 * teams and tags, as the multi-select offers them.
 * https://developer.kustomer.com/docs/events/outbound-webhooks ; https://developer.kustomer.com/docs/events/event-catalog
 */
export const KUSTOMER_EVENTS: INodePropertyOptions[] = [
	{ name: 'Conversation Created', value: 'kustomer.conversation.create' },
	{ name: 'Conversation Updated', value: 'kustomer.conversation.update' },
	{ name: 'Customer Created', value: 'kustomer.customer.create' },
	{ name: 'Customer Updated', value: 'kustomer.customer.update' },
	{ name: 'Message Created', value: 'kustomer.message.create' },
	{ name: 'Message Updated', value: 'kustomer.message.update' },
	{ name: 'Tag Created', value: 'kustomer.tag.create' },
	{ name: 'Tag Updated', value: 'kustomer.tag.update' },
	{ name: 'Team Created', value: 'kustomer.team.create' },
	{ name: 'Team Updated', value: 'kustomer.team.update' },
	{ name: 'User Created', value: 'kustomer.user.create' },
	{ name: 'User Updated', value: 'kustomer.user.update' },
];

export const EVENT_NAMES = new Set(KUSTOMER_EVENTS.map((event) => String(event.value)));

/** Kustomer takes at most 12 events per outbound webhook (https://developer.kustomer.com/docs/events/outbound-webhooks). */
export const MAX_EVENTS_PER_WEBHOOK = 12;
