import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { buildBody, buildField, declareBodyCollection, type FieldSpecs } from '../../shared/body';
import { customerLocator } from '../../shared/descriptions';
import { CUSTOMER, chosenBy, recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { fieldError, parameter } from '../../shared/parameters';
import { operationRouting } from '../../shared/routing';
import { plainText } from '../../shared/values';
import { bodyText, draftChannel, emailExtras, phoneFor, recipients, requiredText, sendAt, sender } from './body';
import { EMAIL_APP_OPTION, draftChannelProperty, draftWhenProperties } from './fields';
import { DRAFT_CREATE } from './roles';

/**
 * Send Message: POST /v1/customers/{id}/drafts. Unlike Message › Log Message, this reaches the
 * customer. Kustomer has no send endpoint: `sendAt` decides
 * (https://developer.kustomer.com/api/core-resources/create-draft-for-customer):
 * - Now: `sendAt` now, without `scheduled` (the page: without `scheduled: true` the draft is handled
 *   immediately);
 * - Scheduled: the given `sendAt` and `scheduled: true` (both are needed to hold it);
 * - Save as Draft: no `sendAt`; the draft waits for an agent.
 * Kustomer caps drafts at 120 a minute per customer, scheduled ones included
 * (https://developer.kustomer.com/docs/concepts/rate-limits); the transport waits out that 429.
 */

const show = { resource: ['draft'], operation: ['send'] };

export const DRAFT_CUSTOMER = chosenBy(CUSTOMER, 'draftCustomer');

const WHATSAPP_APPS = ['messagebird', 'twilio_whatsapp', 'whatsapp'];

/** Additional Fields of Send Message. */
const DRAFT_EXTRA_FIELDS: FieldSpecs = {
	auto: { kind: 'build', label: 'Auto', build: (_context, value) => (typeof value === 'boolean' ? value : undefined) },
	conversation: { kind: 'objectId', label: 'Conversation ID' },
	lang: { kind: 'text', label: 'Language', max: 100 },
};
declareBodyCollection('draftAdditionalFields', DRAFT_EXTRA_FIELDS);

async function draftBody(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const channel = draftChannel(this, parameter(this, 'draftChannel', 'email'));
	const body: IDataObject = { channel };
	if (channel === 'email') {
		const to = recipients(this, 'To', parameter(this, 'draftTo', ''));
		if (!to.length) throw fieldError(this, 'To', 'is empty', 'Give the email address(es) to send to, separated by commas.');
		body.to = to;
		body.from = sender(this, channel, parameter(this, 'draftFrom', ''));
		body.subject = requiredText(this, 'Subject', parameter(this, 'draftSubject', ''), 1000);
	} else if (channel === 'sms' || channel === 'whatsapp') {
		body.to = phoneFor(this, 'To Number', channel, requiredText(this, 'To Number', parameter(this, 'draftToNumber', ''), 32));
		body.from = sender(this, channel, parameter(this, 'draftFrom', ''));
	}
	if (channel === 'whatsapp') {
		body.app = buildField(this, { kind: 'enum', label: 'WhatsApp App', values: WHATSAPP_APPS, required: true }, parameter(this, 'draftWhatsappApp', 'whatsapp'));
	}
	body.body = bodyText(this, 'Body', parameter(this, 'draftBody', ''), channel, true);
	if (channel === 'email') emailExtras(this, parameter(this, 'draftEmailOptions', {}) as IDataObject, body);

	Object.assign(body, buildBody(this, parameter(this, 'draftAdditionalFields', {}) as IDataObject, DRAFT_EXTRA_FIELDS));

	const when = plainText(parameter(this, 'draftWhen', 'now'));
	if (when === 'now') body.sendAt = new Date().toISOString();
	else if (when === 'scheduled') {
		body.sendAt = sendAt(this, 'Send At', parameter(this, 'draftSendAt', ''));
		body.scheduled = true;
	} else if (when !== 'save') {
		throw fieldError(this, 'When', `${JSON.stringify(when)} is not allowed: use now, scheduled or save`);
	}
	requestOptions.body = body;
	return requestOptions;
}

export const sendRouting = operationRouting({
	roles: [DRAFT_CREATE],
	method: 'POST',
	path: recordPath(DRAFT_CUSTOMER, '/v1/customers/{id}/drafts'),
	preSend: [draftBody],
	output: recordOutput,
});

const onChannels = (...channels: string[]) => ({ show: { ...show, draftChannel: channels } });

export const sendFields: INodeProperties[] = [
	customerLocator(show, 'The customer the drafts belong to: pick one, or find one by ID, URL, email, external ID or phone', DRAFT_CUSTOMER.parameter),
	draftChannelProperty(['send']),
	{
		displayName: 'To',
		name: 'draftTo',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'ada@example.com',
		displayOptions: onChannels('email'),
		description: 'Email address(es) to send to, separated by commas',
	},
	{
		displayName: 'To Number',
		name: 'draftToNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+14155550100',
		displayOptions: onChannels('sms', 'whatsapp'),
		description: 'The customer\'s phone number, in E.164',
	},
	{
		displayName: 'From Name or ID',
		name: 'draftFrom',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getOutboundAccounts', loadOptionsDependsOn: ['draftChannel'] },
		default: '',
		required: true,
		displayOptions: onChannels('email', 'sms', 'whatsapp'),
		description:
			'The connected outbound account to send from: an email address for email, the connected number for SMS and WhatsApp. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'WhatsApp App',
		name: 'draftWhatsappApp',
		type: 'options',
		options: [
			{ name: 'Kustomer WhatsApp', value: 'whatsapp' },
			{ name: 'MessageBird', value: 'messagebird' },
			{ name: 'Twilio WhatsApp', value: 'twilio_whatsapp' },
		],
		default: 'whatsapp',
		displayOptions: onChannels('whatsapp'),
		description: 'The WhatsApp integration that sends it',
	},
	{
		displayName: 'Subject',
		name: 'draftSubject',
		type: 'string',
		default: '',
		required: true,
		displayOptions: onChannels('email'),
	},
	{
		displayName: 'Body',
		name: 'draftBody',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		displayOptions: { show },
		description:
			'Text of the message. At most 280 characters for Twitter Tweet, 1,000 for Instagram, 1,600 for SMS and WhatsApp, 2,000 for Facebook, 10,000 for Twitter DM, 10,240 for email and chat.',
	},
	...draftWhenProperties(['send']),
	{
		displayName: 'Email Options',
		name: 'draftEmailOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: onChannels('email'),
		options: [
			EMAIL_APP_OPTION,
			{ displayName: 'BCC', name: 'bcc', type: 'string', default: '', description: 'Email addresses, separated by commas' },
			{ displayName: 'CC', name: 'cc', type: 'string', default: '', description: 'Email addresses, separated by commas' },
			{ displayName: 'HTML Body', name: 'htmlBody', type: 'string', typeOptions: { rows: 4 }, default: '', description: 'The email as HTML (at most 10,240 characters); Body stays the plain-text version' },
			{ displayName: 'Reply To', name: 'replyTo', type: 'string', default: '', placeholder: 'support@example.com' },
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'draftAdditionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Automated', name: 'auto', type: 'boolean', default: false, description: 'Whether the message is sent automatically (Kustomer leaves it out of reports)' },
			{ displayName: 'Conversation ID', name: 'conversation', type: 'string', default: '', description: 'The conversation to reply on; without it Kustomer starts a new conversation' },
			{ displayName: 'Language', name: 'lang', type: 'string', default: '', placeholder: 'en' },
		],
	},
	simplifyProperty(show),
];
