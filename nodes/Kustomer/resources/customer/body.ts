import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, PreSendAction } from 'n8n-workflow';

import { readCustomAttributes } from '../../shared/customAttributes';
import { coerce, fieldError } from '../../shared/parameters';
import {
	toEmail,
	toFiniteNumber,
	toHttpUrl,
	toIsoDate,
	toPhone,
	toTags,
	toText,
} from '../../shared/values';

/**
 * Builds a customer body (POST /v1/customers, PATCH /v1/customers/{id}) from the node's fields,
 * checking each value against the limits of Kustomer's schema so that a bad value is reported by
 * name before anything is sent.
 */

const TEXT_LIMITS: Record<string, [label: string, max: number]> = {
	company: ['Company ID', 256],
	defaultLang: ['Default Language', 100],
	externalId: ['External ID', 256],
	locale: ['Locale', 16],
	name: ['Name', 256],
	timeZone: ['Time Zone', 64],
	username: ['Username', 256],
};

const DATE_FIELDS: Record<string, string> = {
	birthdayAt: 'Birthday',
	createdAt: 'Created At',
	importedAt: 'Imported At',
	lastActivityAt: 'Last Activity At',
	lastCustomerActivityAt: 'Last Customer Activity At',
	lastSeenAt: 'Last Seen At',
	signedUpAt: 'Signed Up At',
};

const MAX_LIST = 10;

type Row = IDataObject;

function rows(value: unknown): Row[] {
	const list = (value as { values?: Row[] } | undefined)?.values;
	return Array.isArray(list) ? list : [];
}

function list(context: IExecuteSingleFunctions, label: string, entries: Row[], build: (row: Row, index: number) => IDataObject) {
	if (entries.length > MAX_LIST) throw fieldError(context, label, `has ${entries.length} entries; Kustomer allows at most ${MAX_LIST}`);
	return entries.map(build);
}

function optionalText(context: IExecuteSingleFunctions, label: string, value: unknown, max: number): string | undefined {
	const text = coerce(context, label, value, (v) => toText(v, max)).trim();
	return text || undefined;
}

function withoutEmpty(object: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== '')) as IDataObject;
}

export function buildCustomerBody(context: IExecuteSingleFunctions, fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (key in TEXT_LIMITS) {
			const [label, max] = TEXT_LIMITS[key];
			const text = coerce(context, label, value, (v) => toText(v, max)).trim();
			if (!text) {
				if (key === 'externalId') throw fieldError(context, label, 'is empty');
				continue;
			}
			body[key] = text;
		} else if (key in DATE_FIELDS) {
			if (value === '' || value === null || value === undefined) continue;
			body[key] = coerce(context, DATE_FIELDS[key], value, toIsoDate);
		} else if (key === 'avatarUrl') {
			if (value) body.avatarUrl = coerce(context, 'Avatar URL', value, toHttpUrl);
		} else if (key === 'gender') {
			if (value !== 'm' && value !== 'f') throw fieldError(context, 'Gender', `"${String(value)}" is not allowed: use m or f`);
			body.gender = value;
		} else if (key === 'tags') {
			body.tags = coerce(context, 'Tags', value, toTags);
		} else if (key === 'emails') {
			body.emails = list(context, 'Emails', rows(value), (row, i) =>
				withoutEmpty({ email: coerce(context, `Emails [${i}] Email`, row.email, toEmail), type: row.type || undefined }),
			);
		} else if (key === 'phones') {
			body.phones = list(context, 'Phones', rows(value), (row, i) =>
				withoutEmpty({ phone: coerce(context, `Phones [${i}] Phone`, row.phone, toPhone), type: row.type || undefined }),
			);
		} else if (key === 'whatsapps') {
			body.whatsapps = list(context, 'WhatsApp Numbers', rows(value), (row, i) => ({
				phone: coerce(context, `WhatsApp Numbers [${i}] Phone`, row.phone, toPhone),
			}));
		} else if (key === 'urls') {
			body.urls = list(context, 'URLs', rows(value), (row, i) =>
				withoutEmpty({ url: coerce(context, `URLs [${i}] URL`, row.url, toHttpUrl), type: row.type || undefined }),
			);
		} else if (key === 'socials') {
			body.socials = list(context, 'Social Profiles', rows(value), (row, i) => {
				const label = `Social Profiles [${i}]`;
				const username = optionalText(context, `${label} Username`, row.username, 256);
				if (!username) throw fieldError(context, `${label} Username`, 'is empty');
				return withoutEmpty({
					type: row.type,
					username,
					userid: optionalText(context, `${label} User ID`, row.userid, 256),
					url: row.url ? coerce(context, `${label} URL`, row.url, toHttpUrl) : undefined,
				});
			});
		} else if (key === 'locations') {
			body.locations = list(context, 'Locations', rows(value), (row, i) => buildLocation(context, row, `Locations [${i}]`));
		} else if (key === 'sentiment') {
			const sentiment = (value as { value?: IDataObject })?.value;
			if (sentiment) body.sentiment = buildSentiment(context, sentiment);
		}
	}
	return body;
}

const LOCATION_TEXT: Record<string, [string, number]> = {
	name: ['Name', 256],
	address: ['Address', 256],
	address2: ['Address Line 2', 256],
	cityName: ['City', 128],
	regionName: ['Region', 128],
	regionCode: ['Region Code', 2],
	countryName: ['Country', 64],
	countryCode: ['Country Code', 2],
	zipCode: ['ZIP Code', 30],
};

function buildLocation(context: IExecuteSingleFunctions, row: Row, label: string): IDataObject {
	const location: IDataObject = {};
	for (const [key, [name, max]] of Object.entries(LOCATION_TEXT)) {
		const text = optionalText(context, `${label} ${name}`, row[key], max);
		if (text) location[key] = text;
	}
	if (location.countryCode && String(location.countryCode).length !== 2) {
		throw fieldError(context, `${label} Country Code`, 'must be a two-letter ISO code such as US');
	}
	if (row.type) location.type = row.type;
	for (const [key, name, limit] of [['latitude', 'Latitude', 90], ['longitude', 'Longitude', 180]] as const) {
		if (row[key] === '' || row[key] === undefined || row[key] === null) continue;
		const number = coerce(context, `${label} ${name}`, row[key], toFiniteNumber);
		if (Math.abs(number) > limit) throw fieldError(context, `${label} ${name}`, `must be between -${limit} and ${limit}`);
		location[key] = number;
	}
	return location;
}

function buildSentiment(context: IExecuteSingleFunctions, value: IDataObject): IDataObject {
	const polarity = coerce(context, 'Sentiment Polarity', value.polarity, toFiniteNumber);
	if (![-1, 0, 1].includes(polarity)) throw fieldError(context, 'Sentiment Polarity', 'must be -1, 0 or 1');
	const confidence = coerce(context, 'Sentiment Confidence', value.confidence, toFiniteNumber);
	if (confidence < -1 || confidence > 1) throw fieldError(context, 'Sentiment Confidence', 'must be between -1 and 1');
	return { polarity, confidence };
}

/** preSend: the body from a fields collection parameter plus the typed custom attributes. */
export function customerBodyFrom(fieldsParameter: string, topLevel: string[] = []): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const fields: IDataObject = {};
		for (const name of topLevel) fields[name] = this.getNodeParameter(name, '') as IDataObject[string];
		Object.assign(fields, this.getNodeParameter(fieldsParameter, {}) as IDataObject);
		const body = buildCustomerBody(this, fields);
		const custom = readCustomAttributes(this, 'customAttributes', 'Custom Attribute');
		if (custom) body.custom = custom;
		requestOptions.body = body;
		return requestOptions;
	};
}
