import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { buildBody, declareBodyCollection, type FieldSpecs } from '../../shared/body';
import { channelOptions, MESSAGE_CHANNELS } from '../../shared/channels';
import { customAttributesProperty, readCustomAttributes } from '../../shared/customAttributes';
import { conversationLocator, customerLocator } from '../../shared/descriptions';
import { CONVERSATION, CUSTOMER, chosenBy, recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { endpointRoles } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { parameter } from '../../shared/parameters';

/**
 * Log Message: records a message on a conversation's or customer's timeline. Kustomer's message
 * endpoints never send anything to the customer (https://developer.kustomer.com/api/core-resources/create-message): they store the fact that a
 * message was exchanged elsewhere (an email from your own system, a call, a chat).
 */

const show = { resource: ['message'], operation: ['log'] };

const MESSAGE_FIELDS: FieldSpecs = {
	app: { kind: 'text', label: 'App', max: 256, required: true },
	auto: { kind: 'build', label: 'Automated', build: (_context, value) => (typeof value === 'boolean' ? value : undefined) },
	channel: { kind: 'enum', label: 'Channel', values: MESSAGE_CHANNELS, required: true },
	conversation: { kind: 'text', label: 'Conversation ID', max: 256 },
	direction: { kind: 'enum', label: 'Direction', values: ['in', 'out'] },
	externalId: { kind: 'text', label: 'External ID', max: 256, required: true },
	lang: { kind: 'text', label: 'Language', max: 100 },
	preview: { kind: 'text', label: 'Body', max: 10240 },
	sentAt: { kind: 'date', label: 'Sent At' },
	status: { kind: 'enum', label: 'Status', values: ['sent', 'received', 'error'] },
	subject: { kind: 'text', label: 'Subject', max: 256 },
};

const ON_CONVERSATION = chosenBy(CONVERSATION, 'logOnConversation');
const ON_CUSTOMER = chosenBy(CUSTOMER, 'logOnCustomer');
const onConversation = recordPath(ON_CONVERSATION, '/v1/conversations/{id}/messages');
const onCustomer = recordPath(ON_CUSTOMER, '/v1/customers/{id}/messages');

async function messagePath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	return await (parameter(this, 'logOn', 'conversation') === 'customer' ? onCustomer : onConversation).call(
		this,
		requestOptions,
	);
}

declareBodyCollection('messageAdditionalFields', MESSAGE_FIELDS);

async function messageBody(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const fields: IDataObject = {
		channel: parameter(this, 'channel', ''),
		app: parameter(this, 'app', ''),
		direction: parameter(this, 'direction', 'in'),
		preview: parameter(this, 'body', ''),
		...(parameter(this, 'messageAdditionalFields', {}) as IDataObject),
	};
	const body = buildBody(this, fields, MESSAGE_FIELDS);
	const custom = await readCustomAttributes(this, requestOptions, 'messageCustomAttributes', 'Custom Attribute');
	if (custom) body.custom = custom;
	requestOptions.body = body;
	return requestOptions;
}

export const logRouting = operationRouting({
	roles: [
		endpointRoles('CreateMessageFromConversation', 'to record it on a conversation', 'org.user.message.write', 'org.permission.message.create'),
		endpointRoles('CreateMessageByCustomer', 'to record it on a customer', 'org.user.message.write', 'org.permission.message.create'),
	],
	method: 'POST',
	path: messagePath,
	preSend: [messageBody],
	output: recordOutput,
	// A lost answer is reported as "may have been carried out", never sent again.
	findCreated: {
		none: 'The lookup of messages by External ID is in the OpenAPI only as the malformed path /messages/externalid=:externalId (not a documented, testable path)',
	},
});
	
	export const logFields: INodeProperties[] = [
		{
			displayName: 'Log On',
			name: 'logOn',
			type: 'options',
			options: [
				{ name: 'Conversation', value: 'conversation', description: 'Add the message to a conversation' },
				{
					name: 'Customer',
					value: 'customer',
					description: 'Add the message to a customer; Kustomer starts a new conversation unless Conversation ID is set',
				},
			],
			default: 'conversation',
			displayOptions: { show },
		},
		conversationLocator({ ...show, logOn: ['conversation'] }, 'The conversation the message belongs to', ON_CONVERSATION.parameter),
		customerLocator({ ...show, logOn: ['customer'] }, 'The customer the message belongs to', ON_CUSTOMER.parameter),
		{
			displayName: 'Channel',
			name: 'channel',
			type: 'options',
			options: channelOptions(MESSAGE_CHANNELS),
			default: 'email',
			required: true,
			displayOptions: { show },
			description: 'Channel the message was exchanged on',
		},
		{
			displayName: 'App',
			name: 'app',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'postmark',
			displayOptions: { show },
			description: 'The integration that carried the message, e.g. postmark, gmail or twilio',
		},
		{
			displayName: 'Direction',
			name: 'direction',
			type: 'options',
			options: [
				{ name: 'Inbound', value: 'in', description: 'From the customer' },
				{ name: 'Outbound', value: 'out', description: 'To the customer' },
			],
			default: 'in',
			displayOptions: { show },
		},
		{
			displayName: 'Body',
			name: 'body',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			displayOptions: { show },
			description: 'Text of the message as shown on the timeline (at most 10,240 characters)',
		},
		{
			displayName: 'Additional Fields',
			name: 'messageAdditionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show },
			options: [
				{ displayName: 'Automated', name: 'auto', type: 'boolean', default: false, description: 'Whether the message was sent automatically (Kustomer leaves it out of reports)' },
				{ displayName: 'Conversation ID', name: 'conversation', type: 'string', default: '', description: 'For messages logged on a customer: the conversation to add it to' },
				{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'Your own unique ID for this message' },
				{ displayName: 'Language', name: 'lang', type: 'string', default: '', placeholder: 'en' },
				{ displayName: 'Sent At', name: 'sentAt', type: 'dateTime', default: '', description: 'When the message was sent' },
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: [
						{ name: 'Error', value: 'error' },
						{ name: 'Received', value: 'received' },
						{ name: 'Sent', value: 'sent' },
					],
					default: 'received',
				},
				{ displayName: 'Subject', name: 'subject', type: 'string', default: '' },
			],
		},
		customAttributesProperty({ displayName: 'Custom Attributes', name: 'messageCustomAttributes', displayOptions: { show } }, 'getMessageAttributes'),
		simplifyProperty(show),
	];
	