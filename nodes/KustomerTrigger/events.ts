import type { INodePropertyOptions } from 'n8n-workflow';

/** Kustomer's outbound-webhook events (kustomer-api.md §14.2), as the multi-select offers them. */
export const KUSTOMER_EVENTS: INodePropertyOptions[] = [
	{ name: 'Conversation Created', value: 'kustomer.conversation.create' },
	{ name: 'Conversation Updated', value: 'kustomer.conversation.update' },
	{ name: 'Customer Created', value: 'kustomer.customer.create' },
	{ name: 'Customer Updated', value: 'kustomer.customer.update' },
	{ name: 'Message Created', value: 'kustomer.message.create' },
	{ name: 'Message Updated', value: 'kustomer.message.update' },
	{ name: 'Team Created', value: 'kustomer.team.create' },
	{ name: 'Team Updated', value: 'kustomer.team.update' },
	{ name: 'User Created', value: 'kustomer.user.create' },
	{ name: 'User Updated', value: 'kustomer.user.update' },
];

export const EVENT_NAMES = new Set(KUSTOMER_EVENTS.map((event) => String(event.value)));
