import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { declareBodyCollection } from '../../shared/body';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { coerce, fieldError, parameter } from '../../shared/parameters';
import { operationRouting, pathFrom } from '../../shared/routing';
import { plainText, toText } from '../../shared/values';
import { bodyText, draftChannel, emailExtras, phoneFor, recipients, sendAt, sender } from './body';
import { draftChannelProperty, draftIdProperty } from './fields';
import { DRAFT_UPDATE } from './roles';

/**
 * Update: PUT /v1/drafts/{id} (https://developer.kustomer.com/api/core-resources/update-draft). The
 * body names the draft's channel (the document requires it). `sendAt`: a timestamp schedules the draft
 * (now sends it), an empty one unschedules it, none keeps its state; the document allows `null`.
 */

const show = { resource: ['draft'], operation: ['update'] };

/**
 * Update Fields are read one by one by updateBody (their rules depend on the draft's channel): each
 * is declared here as read apart, so a field added to the collection without being read fails
 * test/unit/body.test.ts.
 */
declareBodyCollection(
	'draftUpdateFields',
	Object.fromEntries(
		(['bcc', 'body', 'cc', 'from', 'htmlBody', 'lang', 'replyTo', 'subject', 'to'] as const).map((name) => [name, { kind: 'apart', label: name }]),
	),
);

async function updateBody(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const channel = draftChannel(this, parameter(this, 'draftChannel', 'email'));
	const fields = parameter(this, 'draftUpdateFields', {}) as IDataObject;
	const body: IDataObject = { channel };
	const text = bodyText(this, 'Body', fields.body, channel, false);
	if (text !== undefined) body.body = text;
	if (plainText(fields.to)) {
		body.to = channel === 'email' ? recipients(this, 'To', fields.to) : phoneFor(this, 'To', channel, fields.to);
	}
	if (plainText(fields.from)) body.from = sender(this, channel, fields.from);
	if (channel === 'email') {
		const subject = coerce(this, 'Subject', fields.subject, (v) => toText(v, 1000)).trim();
		if (subject) body.subject = subject;
		emailExtras(this, fields, body);
	} else {
		for (const [key, label] of [['subject', 'Subject'], ['htmlBody', 'HTML Body'], ['cc', 'CC'], ['bcc', 'BCC'], ['replyTo', 'Reply To']]) {
			if (plainText(fields[key])) throw fieldError(this, label, `is for email drafts only (this draft's channel is ${channel})`, `Remove "${label}" or set Channel to Email.`);
		}
	}
	const lang = coerce(this, 'Language', fields.lang, (v) => toText(v, 100)).trim();
	if (lang) body.lang = lang;

	const schedule = plainText(parameter(this, 'draftSchedule', 'keep'));
	if (schedule === 'now') body.sendAt = new Date().toISOString();
	else if (schedule === 'reschedule') body.sendAt = sendAt(this, 'New Send At', parameter(this, 'draftNewSendAt', ''));
	else if (schedule === 'unschedule') body.sendAt = null;
	else if (schedule !== 'keep') throw fieldError(this, 'Schedule', `${JSON.stringify(schedule)} is not allowed: use keep, now, reschedule or unschedule`);

	if (Object.keys(body).length === 1) {
		throw fieldError(this, 'Update Fields', 'are empty', 'Change the schedule or add at least one field to change.');
	}
	requestOptions.body = body;
	return requestOptions;
}

export const updateRouting = operationRouting({
	roles: [DRAFT_UPDATE],
	method: 'PUT',
	path: pathFrom('/v1/drafts/{id}', { id: 'draftId' }),
	preSend: [updateBody],
	output: recordOutput,
});

export const updateFields: INodeProperties[] = [
	draftIdProperty(['update']),
	draftChannelProperty(['update']),
	{
		displayName: 'Schedule',
		name: 'draftSchedule',
		type: 'options',
		options: [
			{ name: 'Keep As Is', value: 'keep', description: 'Leave the draft scheduled or unscheduled as it is' },
			{ name: 'Reschedule', value: 'reschedule', description: 'Send it at New Send At' },
			{ name: 'Send Now', value: 'now', description: 'Send it right away' },
			{ name: 'Unschedule', value: 'unschedule', description: 'Keep it as a draft, not sent' },
		],
		default: 'keep',
		displayOptions: { show },
	},
	{
		displayName: 'New Send At',
		name: 'draftNewSendAt',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { ...show, draftSchedule: ['reschedule'] } },
		description: 'When Kustomer sends it',
	},
	{
		displayName: 'Update Fields',
		name: 'draftUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'BCC', name: 'bcc', type: 'string', default: '', description: 'Email only: addresses, separated by commas' },
			{ displayName: 'Body', name: 'body', type: 'string', typeOptions: { rows: 4 }, default: '', description: 'New text (the channel\'s limit applies, as in Send Message)' },
			{ displayName: 'CC', name: 'cc', type: 'string', default: '', description: 'Email only: addresses, separated by commas' },
			{ displayName: 'From', name: 'from', type: 'string', default: '', description: 'A connected outbound account: an email address, or the number for SMS and WhatsApp' },
			{ displayName: 'HTML Body', name: 'htmlBody', type: 'string', typeOptions: { rows: 4 }, default: '', description: 'Email only: the email as HTML' },
			{ displayName: 'Language', name: 'lang', type: 'string', default: '', placeholder: 'en' },
			{ displayName: 'Reply To', name: 'replyTo', type: 'string', default: '', description: 'Email only' },
			{ displayName: 'Subject', name: 'subject', type: 'string', default: '', description: 'Email only' },
			{ displayName: 'To', name: 'to', type: 'string', default: '', description: 'Email addresses separated by commas, or the phone number for SMS and WhatsApp' },
		],
	},
	simplifyProperty(show),
];
