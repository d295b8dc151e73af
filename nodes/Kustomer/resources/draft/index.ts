import type { INodeProperties } from 'n8n-workflow';

import { withRoles } from '../../shared/roles';
import { deleteFields, deleteRouting } from './delete';
import { forwardFields, forwardRouting } from './forward';
import { getAllFields, getAllRouting } from './getAll';
import { sendFields, sendRouting } from './send';
import { updateFields, updateRouting } from './update';

/**
 * Drafts: what Kustomer sends to a customer (Message › Log Message only records a message on the
 * timeline: https://developer.kustomer.com/api/core-resources/create-message).
 */
export const draftDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['draft'] } },
		options: withRoles('draft', [
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a draft',
				description: 'Delete a saved or scheduled draft, so it is never sent',
				routing: deleteRouting,
			},
			{
				name: 'Forward Conversation',
				value: 'forward',
				action: 'Forward a conversation by email',
				description: 'Email a conversation\'s messages to up to 100 recipients, now or at a set time',
				routing: forwardRouting,
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many drafts',
				description: 'List a customer\'s drafts not sent yet (saved or scheduled)',
				routing: getAllRouting,
			},
			{
				name: 'Send Message',
				value: 'send',
				action: 'Send a message to a customer',
				description: 'Send a real message to the customer by email, SMS, chat, WhatsApp and more, now or at a set time',
				routing: sendRouting,
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a draft',
				description: 'Reschedule, unschedule, send now or change a draft',
				routing: updateRouting,
			},
		]),
		default: 'send',
	},
	...sendFields,
	...updateFields,
	...deleteFields,
	...getAllFields,
	...forwardFields,
];
