import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { bodyFrom, requireChanges } from '../../shared/body';
import { customAttributesProperty } from '../../shared/customAttributes';
import { conversationLocator } from '../../shared/descriptions';
import { CONVERSATION, recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { fieldError } from '../../shared/parameters';
import { endpointRoles } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { CONVERSATION_UPDATE_FIELDS, conversationFieldOptions } from './fields';

const show = { resource: ['conversation'], operation: ['update'] };

/** Kustomer snoozes with `status: snoozed` plus `snooze: { time, status: scheduled }` (https://developer.kustomer.com/api/core-resources/get-snoozes). */
function snooze(context: IExecuteSingleFunctions, body: IDataObject): IDataObject {
	const { snoozeUntil, ...rest } = body;
	if (snoozeUntil) {
		if (rest.status && rest.status !== 'snoozed') {
			throw fieldError(context, 'Snooze Until', `cannot be combined with Status "${String(rest.status)}"`, 'Remove Status, or set it to Snoozed.');
		}
		return { ...rest, status: 'snoozed', snooze: { time: snoozeUntil, status: 'scheduled' } };
	}
	if (rest.status === 'snoozed') {
		throw fieldError(context, 'Snooze Until', 'is required when Status is Snoozed', 'Add Snooze Until with the time the conversation should reopen.');
	}
	return rest;
}

export const updateRouting = operationRouting({
	roles: [endpointRoles('UpdateConversationAttributes', 'to update it', 'org.user.conversation.write', 'org.permission.conversation.update')],
	method: 'PATCH',
	path: recordPath(CONVERSATION, '/v1/conversations/{id}'),
	preSend: [
		bodyFrom({ specs: CONVERSATION_UPDATE_FIELDS, collection: 'conversationUpdateFields', customAttributes: 'conversationCustomAttributes', finish: snooze }),
		requireChanges,
	],
	output: recordOutput,
});

export const updateFields: INodeProperties[] = [
	conversationLocator(show),
	{
		displayName: 'Update Fields',
		name: 'conversationUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		description: 'Fields to change; fields not listed keep their values',
		options: conversationFieldOptions('update'),
	},
	customAttributesProperty({ displayName: 'Custom Attributes', name: 'conversationCustomAttributes', displayOptions: { show } }, 'getConversationAttributes'),
	simplifyProperty(show),
];
