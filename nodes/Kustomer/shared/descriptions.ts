import type { INodeProperties, INodePropertyMode, INodePropertyModeTypeOptions } from 'n8n-workflow';

import { CONVERSATION, CUSTOMER } from './locator';

/**
 * Resource locators. Every record can be picked from a list, given by ID or by its Kustomer URL;
 * some can also be found by a lookup value (email, external ID, phone) through Kustomer's lookup
 * endpoints (https://developer.kustomer.com/kustomer-api-docs/reference/getcustomerbyexternalid).
 *
 * The mode objects are written out inside each `modes` literal on purpose: n8n's lint rules (which
 * its package scan runs with inline disables ignored) take a mode built anywhere else for a
 * parameter without a default.
 */

export const ID_PLACEHOLDER = '5f3c6a1b2c3d4e5f6a7b8c9d';

/**
 * Every record locator of the node: a required resource locator, starting on its first mode. The
 * modes are given as a literal at each call (see above).
 */
export function recordLocator(locator: {
	displayName: string;
	name: string;
	description: string;
	show: Record<string, string[]>;
	modes: INodePropertyMode[];
}): INodeProperties {
	return {
		displayName: locator.displayName,
		name: locator.name,
		type: 'resourceLocator',
		default: { mode: locator.modes[0].name, value: '' },
		required: true,
		displayOptions: { show: locator.show },
		description: locator.description,
		modes: locator.modes,
	};
}

const listOptions = (searchListMethod: string): INodePropertyModeTypeOptions => ({
	searchListMethod,
	searchable: true,
});

/** The parts of a "By URL" mode for records under `/app/<collection>/<id>` in Kustomer's app. */
function urlModeParts(collection: string, noun: string) {
	return {
		placeholder: `https://acme.kustomerapp.com/app/${collection}/${ID_PLACEHOLDER}`,
		extractValue: { type: 'regex' as const, regex: `/${collection}/([0-9a-zA-Z_-]+)` },
		validation: [
			{
				type: 'regex' as const,
				properties: { regex: `.*/${collection}/[0-9a-zA-Z_-]+.*`, errorMessage: `Not a Kustomer ${noun} URL` },
			},
		],
	};
}

/** The customer an operation works on (name `customerId`), or another customer locator by its own name. */
export function customerLocator(
	show: Record<string, string[]>,
	description = 'The customer: pick one, or find one by ID, URL, email, external ID or phone',
	name = CUSTOMER.parameter,
): INodeProperties {
	return recordLocator({
		displayName: 'Customer',
		name,
		description,
		show,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: listOptions('searchCustomers') },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: ID_PLACEHOLDER },
			{ displayName: 'By URL', name: 'url', type: 'string', ...urlModeParts('customers', 'customer') },
			{ displayName: 'By Email', name: 'email', type: 'string', placeholder: 'name@email.com' },
			{ displayName: 'By External ID', name: 'externalId', type: 'string', placeholder: 'crm-1042' },
			{ displayName: 'By Phone', name: 'phone', type: 'string', placeholder: '+18005551212' },
		],
	});
}

/** The conversation an operation works on (name `conversation`), or another conversation locator by its own name. */
export function conversationLocator(
	show: Record<string, string[]>,
	description = 'The conversation: pick one, or give its ID, URL or external ID',
	name = CONVERSATION.parameter,
): INodeProperties {
	return recordLocator({
		displayName: 'Conversation',
		name,
		description,
		show,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: listOptions('searchConversations') },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: ID_PLACEHOLDER },
			{ displayName: 'By URL', name: 'url', type: 'string', ...urlModeParts('conversations', 'conversation') },
			{ displayName: 'By External ID', name: 'externalId', type: 'string', placeholder: 'ticket-5531' },
		],
	});
}

/** A user of the Kustomer account (an agent or a machine user), picked, by ID or by email. */
export function userLocator(show: Record<string, string[]>, description = 'The user: pick one, or give their ID or email', name = 'userId'): INodeProperties {
	return recordLocator({
		displayName: 'User',
		name,
		description,
		show,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: listOptions('searchUsers') },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: ID_PLACEHOLDER },
			{ displayName: 'By Email', name: 'email', type: 'string', placeholder: 'name@email.com' },
		],
	});
}

/** A team of the Kustomer account, picked or by ID. */
export function teamLocator(show: Record<string, string[]>, description = 'The team: pick one, or give its ID', name = 'teamId'): INodeProperties {
	return recordLocator({
		displayName: 'Team',
		name,
		description,
		show,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: listOptions('searchTeams') },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: ID_PLACEHOLDER },
		],
	});
}
