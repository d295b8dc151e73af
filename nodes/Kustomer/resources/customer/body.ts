import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, PreSendAction } from 'n8n-workflow';

import { bodyFrom, buildField, type BodyFromOptions, type FieldSpec, type FieldSpecs } from '../../shared/body';
import { coerce, fieldError } from '../../shared/parameters';
import { companyIdBy, type CompanyLookup } from '../company/locator';
import { toEmail, toFiniteNumber, toHttpUrl, toPhone, toText } from '../../shared/values';

/**
 * Builds a customer body (POST /v1/customers, PATCH /v1/customers/{id}) from the node's fields,
 * checking each value against the limits of Kustomer's schema so that a bad value is reported by
 * name before anything is sent.
 */

type Row = IDataObject;

const MAX_LIST = 10;

function rows(value: unknown): Row[] {
	const list = (value as { values?: Row[] } | undefined)?.values;
	return Array.isArray(list) ? list : [];
}

/** A list field (emails, phones…) of at most ten rows, each row built by `build`. */
function listOf(label: string, build: (context: IExecuteSingleFunctions, row: Row, rowLabel: string) => IDataObject): FieldSpec {
	return {
		kind: 'build',
		label,
		build: (context, value) => {
			const entries = rows(value);
			if (entries.length > MAX_LIST) {
				throw fieldError(context, label, `has ${entries.length} entries; Kustomer allows at most ${MAX_LIST}`);
			}
			return entries.map((row, index) => build(context, row, `${label} [${index}]`));
		},
	};
}

function optionalText(context: IExecuteSingleFunctions, label: string, value: unknown, max: number): string | undefined {
	const text = coerce(context, label, value, (v) => toText(v, max)).trim();
	return text || undefined;
}

/** The `type` of a list entry, one of Kustomer's values (optional unless `required`). */
function kind(context: IExecuteSingleFunctions, label: string, value: unknown, values: string[], required = false) {
	return buildField(context, { kind: 'enum', label, values, required }, value) as string | undefined;
}

function withoutEmpty(object: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== '')) as IDataObject;
}

/** `verified: true` when the row's Verified is on (Kustomer's default is unverified, so off is left out). */
function verified(context: IExecuteSingleFunctions, label: string, value: unknown): { verified?: true } {
	if (value === undefined || value === null || value === '' || value === false) return {};
	if (value === true) return { verified: true };
	throw fieldError(context, `${label} Verified`, `must be true or false (got ${JSON.stringify(value).slice(0, 40)})`);
}

function emailRow(context: IExecuteSingleFunctions, row: Row, label: string): IDataObject {
	return withoutEmpty({
		email: coerce(context, `${label} Email`, row.email, toEmail),
		type: kind(context, `${label} Type`, row.type, ['home', 'work', 'other']),
		...verified(context, label, row.verified),
	});
}

function phoneRow(context: IExecuteSingleFunctions, row: Row, label: string): IDataObject {
	return withoutEmpty({
		phone: coerce(context, `${label} Phone`, row.phone, toPhone),
		type: kind(context, `${label} Type`, row.type, ['mobile', 'home', 'work', 'fax', 'other']),
		...verified(context, label, row.verified),
	});
}

function socialRow(context: IExecuteSingleFunctions, row: Row, label: string): IDataObject {
	const username = optionalText(context, `${label} Username`, row.username, 256);
	if (!username) throw fieldError(context, `${label} Username`, 'is empty');
	return withoutEmpty({
		type: kind(context, `${label} Network`, row.type, ['twitter', 'facebook', 'instagram', 'linkedin', 'pinterest'], true),
		username,
		userid: optionalText(context, `${label} User ID`, row.userid, 256),
		url: row.url ? coerce(context, `${label} URL`, row.url, toHttpUrl) : undefined,
		...verified(context, label, row.verified),
	});
}

function externalIdRow(context: IExecuteSingleFunctions, row: Row, label: string): IDataObject {
	const externalId = optionalText(context, `${label} External ID`, row.externalId, 255);
	if (!externalId) throw fieldError(context, `${label} External ID`, 'is empty');
	return { externalId, ...verified(context, label, row.verified) };
}

/** A row of text fields, `required` ones refused when empty (Kustomer's schema: each at most 255 characters). */
function textRow(names: Record<string, string>, required: string[]) {
	return (context: IExecuteSingleFunctions, row: Row, label: string): IDataObject => {
		const out: IDataObject = {};
		for (const [key, name] of Object.entries(names)) {
			const text = optionalText(context, `${label} ${name}`, row[key], 255);
			if (text) out[key] = text;
			else if (required.includes(key)) throw fieldError(context, `${label} ${name}`, 'is empty', `Kustomer needs ${required.map((k) => names[k]).join(', ')} on each entry.`);
		}
		return out;
	};
}

/** The customer fields of POST/PATCH /v1/customers, with the limits of Kustomer's schema. */
export const CUSTOMER_FIELDS: FieldSpecs = {
	avatarUrl: { kind: 'url', label: 'Avatar URL' },
	birthdayAt: { kind: 'date', label: 'Birthday' },
	company: { kind: 'build', label: 'Company', build: companyChoice },
	createdAt: { kind: 'date', label: 'Created At' },
	// Turned into `company: null` by customerBodyFrom's last step.
	removeCompany: { kind: 'build', label: 'Remove From Company', build: (_context, value) => (value === true ? true : undefined) },
	defaultLang: { kind: 'text', label: 'Default Language', max: 100 },
	emails: listOf('Emails', emailRow),
	externalId: { kind: 'text', label: 'External ID', max: 256, required: true },
	externalIds: listOf('External IDs', externalIdRow),
	facebookIds: listOf('Facebook IDs', textRow({ pageId: 'Page ID', userId: 'User ID', name: 'Name' }, ['pageId', 'userId'])),
	gender: { kind: 'enum', label: 'Gender', values: ['m', 'f'] },
	importedAt: { kind: 'date', label: 'Imported At' },
	instagramIds: listOf(
		'Instagram IDs',
		textRow({ pageId: 'Page ID', threadId: 'Thread ID', username: 'Username', instagramId: 'Instagram ID' }, ['pageId', 'threadId', 'username']),
	),
	lastActivityAt: { kind: 'date', label: 'Last Activity At' },
	lastCustomerActivityAt: { kind: 'date', label: 'Last Customer Activity At' },
	lastSeenAt: { kind: 'date', label: 'Last Seen At' },
	locale: { kind: 'text', label: 'Locale', max: 16 },
	locations: listOf('Locations', buildLocation),
	name: { kind: 'text', label: 'Name', max: 256 },
	phones: listOf('Phones', phoneRow),
	rev: {
		kind: 'build',
		label: 'Revision (Rev)',
		build: (context, value) => {
			if (value === undefined || value === null || value === '') return undefined;
			const rev = coerce(context, 'Revision (Rev)', value, toFiniteNumber);
			if (!Number.isInteger(rev) || rev < 1) throw fieldError(context, 'Revision (Rev)', `must be a whole number from 1 (got ${JSON.stringify(value)})`, 'Use the rev of the customer as you read it, e.g. {{ $json.rev }}.');
			return rev;
		},
	},
	sentiment: {
		kind: 'build',
		label: 'Sentiment',
		build: (context, value) => {
			const sentiment = (value as { value?: IDataObject })?.value;
			return sentiment ? buildSentiment(context, sentiment) : undefined;
		},
	},
	signedUpAt: { kind: 'date', label: 'Signed Up At' },
	sharedEmails: listOf('Shared Emails', emailRow),
	sharedExternalIds: listOf('Shared External IDs', externalIdRow),
	sharedPhones: listOf('Shared Phones', phoneRow),
	sharedSocials: listOf('Shared Social Profiles', socialRow),
	socials: listOf('Social Profiles', socialRow),
	tags: { kind: 'tags', label: 'Tags' },
	timeZone: { kind: 'text', label: 'Time Zone', max: 64 },
	urls: listOf('URLs', (context, row, label) =>
		withoutEmpty({ url: coerce(context, `${label} URL`, row.url, toHttpUrl), type: kind(context, `${label} Type`, row.type, ['website', 'blog', 'other']) }),
	),
	username: { kind: 'text', label: 'Username', max: 256 },
	whatsapps: listOf('WhatsApp Numbers', (context, row, label) =>
		withoutEmpty({
			phone: coerce(context, `${label} Phone`, row.phone, toPhone),
			type: kind(context, `${label} Type`, row.type, ['mobile']),
			...verified(context, label, row.verified),
		}),
	),
};

const LOCATION_TEXT: Record<string, [string, number]> = {
	name: ['Name', 256],
	address: ['Address', 256],
	address2: ['Address Line 2', 256],
	address3: ['Address Line 3', 256],
	cityName: ['City', 128],
	regionName: ['Region', 128],
	regionCode: ['Region Code', 2],
	countryName: ['Country', 64],
	countryCode: ['Country Code', 2],
	zipCode: ['ZIP Code', 30],
	areaCode: ['Area Code', 30],
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
	const type = kind(context, `${label} Type`, row.type, ['home', 'work', 'other']);
	if (type) location.type = type;
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

/** A company chosen by external ID or name, looked up once the rest of the body is built. */
class CompanyToFind {
	constructor(
		readonly by: CompanyLookup,
		readonly value: string,
	) {}
}

/**
 * The Company field: a plain ID (how earlier versions saved it), or the company locator's value.
 * A locator by external ID or name becomes a lookup (GET /v1/companies) done by customerBodyFrom.
 */
function companyChoice(context: IExecuteSingleFunctions, value: unknown): IDataObject[string] | undefined {
	const locator = value !== null && typeof value === 'object' ? (value as { mode?: unknown; value?: unknown }) : { mode: 'id', value };
	const text = coerce(context, 'Company', locator.value ?? '', (v) => toText(v, 256)).trim();
	if (!text) return undefined;
	return locator.mode === 'externalId' || locator.mode === 'name' ? (new CompanyToFind(locator.mode, text) as unknown as IDataObject) : text;
}

/** preSend: a customer body from a fields collection, top-level fields and custom attributes. */
export function customerBodyFrom(collection: string, topLevel: BodyFromOptions['topLevel'] = []): PreSendAction {
	const build = bodyFrom({ specs: CUSTOMER_FIELDS, collection, topLevel, customAttributes: 'customAttributes', finish: companyRemoval });
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const options = await build.call(this, requestOptions);
		const body = options.body as IDataObject;
		if ((body.company as unknown) instanceof CompanyToFind) {
			const { by, value } = body.company as unknown as CompanyToFind;
			body.company = await companyIdBy(this, 'Company', by, value, options.baseURL);
		}
		return options;
	};
}

/** "Remove From Company" sends `company: null`, which unlinks; it cannot go with a Company. */
function companyRemoval(context: IExecuteSingleFunctions, body: IDataObject): IDataObject {
	if (!body.removeCompany) return body;
	const rest = { ...body };
	delete rest.removeCompany;
	if (rest.company !== undefined) {
		throw fieldError(context, 'Remove From Company', 'is on while Company is set', 'Either set a Company or remove the company, not both.');
	}
	return { ...rest, company: null };
}
