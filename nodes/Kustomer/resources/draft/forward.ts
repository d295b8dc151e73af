import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { conversationLocator } from '../../shared/descriptions';
import { CONVERSATION, chosenBy, recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { fieldError, parameter } from '../../shared/parameters';
import { operationRouting } from '../../shared/routing';
import { plainText } from '../../shared/values';
import { MAX_FORWARD_RECIPIENTS, bodyText, emailExtras, recipients, requiredText, sendAt, sender } from './body';
import { EMAIL_APP_OPTION, draftWhenProperties } from './fields';
import { FORWARD_CREATE } from './roles';

/**
 * Forward: POST /v1/conversations/{id}/forwards emails the conversation's messages
 * (https://developer.kustomer.com/api/core-resources/create-forward-by-conversation). `to` takes at most
 * 100 recipients; it is sent by `sendAt` at create (now, or a later time), or stays a draft without it.
 */

const show = { resource: ['draft'], operation: ['forward'] };

const FORWARD_CONVERSATION = chosenBy(CONVERSATION, 'draftConversation');

async function forwardBody(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const to = recipients(this, 'To', parameter(this, 'draftForwardTo', ''), MAX_FORWARD_RECIPIENTS);
	if (!to.length) throw fieldError(this, 'To', 'is empty', 'Give the email address(es) to forward to, separated by commas.');
	const body: IDataObject = {
		channel: 'email',
		to,
		from: sender(this, 'email', parameter(this, 'draftForwardFrom', '')),
		subject: requiredText(this, 'Subject', parameter(this, 'draftForwardSubject', ''), 1000),
	};
	const note = bodyText(this, 'Note', parameter(this, 'draftForwardNote', ''), 'email', false);
	if (note !== undefined) body.body = note;
	const options = parameter(this, 'draftForwardOptions', {}) as IDataObject;
	emailExtras(this, { app: options.app, replyTo: options.replyTo }, body);
	const when = plainText(parameter(this, 'draftWhen', 'now'));
	if (when === 'now') body.sendAt = new Date().toISOString();
	else if (when === 'scheduled') body.sendAt = sendAt(this, 'Send At', parameter(this, 'draftSendAt', ''));
	else if (when !== 'save') throw fieldError(this, 'When', `${JSON.stringify(when)} is not allowed: use now, scheduled or save`);
	requestOptions.body = body;
	return requestOptions;
}

export const forwardRouting = operationRouting({
	roles: [FORWARD_CREATE],
	method: 'POST',
	path: recordPath(FORWARD_CONVERSATION, '/v1/conversations/{id}/forwards'),
	preSend: [forwardBody],
	output: recordOutput,
});

export const forwardFields: INodeProperties[] = [
	conversationLocator(show, 'The conversation whose messages to forward', FORWARD_CONVERSATION.parameter),
	{
		displayName: 'To',
		name: 'draftForwardTo',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'billing@example.com',
		displayOptions: { show },
		description: 'Email address(es) to forward to, separated by commas (at most 100)',
	},
	{
		displayName: 'From Name or ID',
		name: 'draftForwardFrom',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getOutboundEmailAccounts' },
		default: '',
		required: true,
		displayOptions: { show },
		description:
			'The connected email account to send from. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Subject',
		name: 'draftForwardSubject',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show },
	},
	{
		displayName: 'Note',
		name: 'draftForwardNote',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		displayOptions: { show },
		description: 'Text sent above the forwarded messages (at most 10,240 characters)',
	},
	...draftWhenProperties(['forward']),
	{
		displayName: 'Options',
		name: 'draftForwardOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			EMAIL_APP_OPTION,
			{ displayName: 'Reply To', name: 'replyTo', type: 'string', default: '', placeholder: 'support@example.com' },
		],
	},
	simplifyProperty(show),
];
