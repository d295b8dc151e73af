import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { toIdList } from '../../shared/body';
import { CHANNEL_NAMES, DRAFT_CHANNELS } from '../../shared/channels';
import { coerce, fieldError } from '../../shared/parameters';
import { plainText, shown, toEmail, toIsoDate, toPhone, toText } from '../../shared/values';

/**
 * Draft and forward bodies (https://developer.kustomer.com/api/core-resources/create-draft-for-customer ;
 * https://developer.kustomer.com/api/core-resources/update-draft ;
 * https://developer.kustomer.com/api/core-resources/create-forward-by-conversation), checked per channel
 * before anything is sent.
 */

/**
 * Body length per channel. The docs page: 280 for a tweet, 10,240 for email, chat and note (the
 * OpenAPI's chat branch says 1,024; the docs win); the others from the OpenAPI's draft branches.
 */
export const BODY_LIMITS: Record<string, number> = {
	chat: 10240,
	email: 10240,
	facebook: 2000,
	instagram: 1000,
	sms: 1600,
	'twitter-dm': 10000,
	'twitter-tweet': 280,
	whatsapp: 1600,
};

/** A forward's `to` takes at most 100 recipients (the forward page). */
export const MAX_FORWARD_RECIPIENTS = 100;

export function draftChannel(context: IExecuteSingleFunctions, value: unknown): string {
	const channel = plainText(value);
	if (!DRAFT_CHANNELS.includes(channel)) {
		throw fieldError(context, 'Channel', `${shown(value)} is not a channel drafts are sent on: use ${DRAFT_CHANNELS.join(', ')}`);
	}
	return channel;
}

/** The body text within its channel's limit: the error names the field, the channel and the limit. */
export function bodyText(context: IExecuteSingleFunctions, label: string, value: unknown, channel: string, required: boolean): string | undefined {
	const limit = BODY_LIMITS[channel] ?? 10240;
	const text = coerce(context, label, value, (v) => toText(v, Number.MAX_SAFE_INTEGER));
	if (!text.trim()) {
		if (required) throw fieldError(context, label, 'is empty', `Write the message to send in "${label}".`);
		return undefined;
	}
	if (text.length > limit) {
		throw fieldError(
			context,
			label,
			`is ${text.length.toLocaleString('en-US')} characters long; Kustomer allows at most ${limit.toLocaleString('en-US')} for ${CHANNEL_NAMES[channel] ?? channel}`,
			`Shorten "${label}" to ${limit.toLocaleString('en-US')} characters or fewer.`,
		);
	}
	return text;
}

/** Email recipients (a list or comma-separated text) as Kustomer's `[{email}]`, each checked. */
export function recipients(context: IExecuteSingleFunctions, label: string, value: unknown, max = Infinity): IDataObject[] {
	const list = toIdList(value);
	if (list.length > max) throw fieldError(context, label, `has ${list.length} recipients; Kustomer allows at most ${max}`);
	return list.map((entry) => ({ email: coerce(context, label, entry, toEmail) }));
}

export function requiredText(context: IExecuteSingleFunctions, label: string, value: unknown, max = 10240): string {
	const text = coerce(context, label, value, (v) => toText(v, max)).trim();
	if (!text) throw fieldError(context, label, 'is empty');
	return text;
}

/**
 * A phone number for the channel: E.164 (toPhone), and for WhatsApp a number WhatsApp accepts
 * (7 to 15 digits, no leading 0: the OpenAPI's `whatsapp-number`).
 */
export function phoneFor(context: IExecuteSingleFunctions, label: string, channel: string, value: unknown): string {
	const phone = coerce(context, label, value, toPhone);
	if (channel === 'whatsapp' && !/^\+?[1-9]\d{6,14}$/.test(phone)) {
		throw fieldError(context, label, `${shown(value)} is not a WhatsApp number (7 to 15 digits in E.164, e.g. +14155550100)`);
	}
	return phone;
}

/** The connected account to send from: an email address (email) or a number (SMS, WhatsApp). */
export function sender(context: IExecuteSingleFunctions, channel: string, value: unknown): IDataObject[string] {
	const account = plainText(value);
	if (!account) {
		throw fieldError(context, 'From', 'is empty', 'Pick one of the account\'s connected outbound accounts from the list (GET /v1/outboundAccounts).');
	}
	return channel === 'email' ? { email: coerce(context, 'From', account, toEmail) } : phoneFor(context, 'From', channel, account);
}

/** A send time; the error names the field. */
export function sendAt(context: IExecuteSingleFunctions, label: string, value: unknown): string {
	if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
		throw fieldError(context, label, 'is empty', `Set "${label}" to when the message should go out, or choose When: Now.`);
	}
	return coerce(context, label, value, toIsoDate);
}

/** The fields an email carries besides to/from/subject/body: cc, bcc, htmlBody, replyTo, app. */
export function emailExtras(context: IExecuteSingleFunctions, options: IDataObject, body: IDataObject): void {
	if (options.cc !== undefined && plainText(options.cc) !== '') body.cc = recipients(context, 'CC', options.cc);
	if (options.bcc !== undefined && plainText(options.bcc) !== '') body.bcc = recipients(context, 'BCC', options.bcc);
	const html = bodyText(context, 'HTML Body', options.htmlBody, 'email', false);
	if (html !== undefined) body.htmlBody = html;
	if (plainText(options.replyTo)) body.replyTo = coerce(context, 'Reply To', options.replyTo, toEmail);
	if (plainText(options.app)) {
		const app = plainText(options.app);
		if (!['gmail', 'postmark'].includes(app)) throw fieldError(context, 'App', `${shown(options.app)} is not allowed: use gmail or postmark`);
		body.app = app;
	}
}
