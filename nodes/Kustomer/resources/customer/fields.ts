import type { INodeProperties } from 'n8n-workflow';

import { companyLocator } from '../company/locator';

/**
 * Customer fields shown under "Additional Fields" (create, create or update) and "Update Fields"
 * (update). Values are turned into the request body by body.ts.
 */

const dateField = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	default: '',
	description,
});

const EMAIL_TYPES = [
	{ name: 'Home', value: 'home' },
	{ name: 'Other', value: 'other' },
	{ name: 'Work', value: 'work' },
];

const PHONE_TYPES = [
	{ name: 'Fax', value: 'fax' },
	{ name: 'Home', value: 'home' },
	{ name: 'Mobile', value: 'mobile' },
	{ name: 'Other', value: 'other' },
	{ name: 'Work', value: 'work' },
];

const listField = (
	displayName: string,
	name: string,
	description: string,
	values: INodeProperties[],
): INodeProperties => ({
	displayName,
	name,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	placeholder: `Add ${displayName.replace(/s$/, '')}`,
	description,
	options: [{ displayName: displayName.replace(/s$/, ''), name: 'values', values }],
});

/**
 * The company the customer belongs to: the Company resource's locator (list, ID, external ID, name),
 * inside the collection. A plain ID string, as saved by earlier versions, still works (body.ts).
 */
function companyField(): INodeProperties {
	const field = companyLocator(
		{},
		'The Kustomer company this customer belongs to: pick one, or give its ID, external ID or name. On update, leaving it out keeps the current company.',
		'company',
	);
	delete field.displayOptions;
	delete field.required;
	return field;
}

const LIST_NOTE = 'On update, the list given replaces the customer\'s current list.';

/** Kustomer's `verified` flag on an email, phone, social profile or external ID (sent only when on). */
const verifiedField: INodeProperties = {
	displayName: 'Verified',
	name: 'verified',
	type: 'boolean',
	default: false,
	description: 'Whether the customer has verified this value',
};

const SHARED_NOTE =
	'Values other customers may hold too (identifiers in the unshared lists are unique in the organization, https://developer.kustomer.com/api/core-resources/get-customer-by-phone-number).';

const emailRow = (): INodeProperties[] => [
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
	{ displayName: 'Type', name: 'type', type: 'options', options: EMAIL_TYPES, default: 'other' },
	verifiedField,
];

const phoneRow = (): INodeProperties[] => [
	{ displayName: 'Phone', name: 'phone', type: 'string', placeholder: '+18005551212', default: '' },
	{ displayName: 'Type', name: 'type', type: 'options', options: PHONE_TYPES, default: 'mobile' },
	verifiedField,
];

const externalIdRow = (): INodeProperties[] => [
	{ displayName: 'External ID', name: 'externalId', type: 'string', default: '' },
	verifiedField,
];

const socialRow = (): INodeProperties[] => [
	{
		displayName: 'Network',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Facebook', value: 'facebook' },
			{ name: 'Instagram', value: 'instagram' },
			{ name: 'LinkedIn', value: 'linkedin' },
			{ name: 'Pinterest', value: 'pinterest' },
			{ name: 'Twitter', value: 'twitter' },
		],
		default: 'twitter',
	},
	{ displayName: 'URL', name: 'url', type: 'string', default: '' },
	{ displayName: 'User ID', name: 'userid', type: 'string', default: '' },
	{ displayName: 'Username', name: 'username', type: 'string', default: '' },
	verifiedField,
];

export function customerFieldOptions(options: { withImportDates: boolean; withCompanyRemoval?: boolean; withRev?: boolean }): INodeProperties[] {
	const fields: INodeProperties[] = [
		{ displayName: 'Avatar URL', name: 'avatarUrl', type: 'string', default: '', description: 'URL of the customer\'s picture (http or https)' },
		dateField('Birthday', 'birthdayAt', 'Customer\'s birthday'),
		companyField(),
		{ displayName: 'Default Language', name: 'defaultLang', type: 'string', default: '', placeholder: 'en_us', description: 'Language Kustomer uses with this customer' },
		listField('Emails', 'emails', `Email addresses (at most 10). ${LIST_NOTE}`, emailRow()),
		{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'Your own unique ID for this customer (e.g. from your shop or CRM)' },
		listField('External IDs', 'externalIds', `More IDs of this customer in other systems, each unique in the organization (at most 10). ${LIST_NOTE}`, externalIdRow()),
		listField('Facebook IDs', 'facebookIds', `The customer's Facebook Messenger identities: page ID and page-scoped user ID (at most 10). ${LIST_NOTE}`, [
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Page ID', name: 'pageId', type: 'string', default: '' },
			{ displayName: 'User ID', name: 'userId', type: 'string', default: '' },
		]),
		{
			displayName: 'Gender',
			name: 'gender',
			type: 'options',
			options: [
				{ name: 'Female', value: 'f' },
				{ name: 'Male', value: 'm' },
			],
			default: 'f',
		},
		listField('Instagram IDs', 'instagramIds', `The customer's Instagram messaging identities (at most 10). ${LIST_NOTE}`, [
			{ displayName: 'Instagram ID', name: 'instagramId', type: 'string', default: '' },
			{ displayName: 'Page ID', name: 'pageId', type: 'string', default: '' },
			{ displayName: 'Thread ID', name: 'threadId', type: 'string', default: '' },
			{ displayName: 'Username', name: 'username', type: 'string', default: '' },
		]),
		dateField('Last Activity At', 'lastActivityAt', 'When the customer was last active'),
		dateField('Last Customer Activity At', 'lastCustomerActivityAt', 'When the customer last did something themselves'),
		dateField('Last Seen At', 'lastSeenAt', 'When the customer was last seen'),
		{ displayName: 'Locale', name: 'locale', type: 'string', default: '', placeholder: 'en-US', description: 'Customer\'s locale (at most 16 characters)' },
		listField('Locations', 'locations', `Postal locations (at most 10). ${LIST_NOTE}`, [
			{ displayName: 'Address', name: 'address', type: 'string', default: '' },
			{ displayName: 'Address Line 2', name: 'address2', type: 'string', default: '' },
			{ displayName: 'Address Line 3', name: 'address3', type: 'string', default: '' },
			{ displayName: 'Area Code', name: 'areaCode', type: 'string', default: '' },
			{ displayName: 'City', name: 'cityName', type: 'string', default: '' },
			{ displayName: 'Country', name: 'countryName', type: 'string', default: '' },
			{ displayName: 'Country Code', name: 'countryCode', type: 'string', default: '', placeholder: 'US', description: 'Two-letter ISO country code' },
			{ displayName: 'Latitude', name: 'latitude', type: 'string', default: '' },
			{ displayName: 'Longitude', name: 'longitude', type: 'string', default: '' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Region', name: 'regionName', type: 'string', default: '' },
			{ displayName: 'Region Code', name: 'regionCode', type: 'string', default: '', description: 'Two-letter region code' },
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: EMAIL_TYPES,
				default: 'home',
			},
			{ displayName: 'ZIP Code', name: 'zipCode', type: 'string', default: '' },
		]),
		{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Customer\'s full name' },
		listField('Phones', 'phones', `Phone numbers in E.164 format (at most 10). ${LIST_NOTE}`, phoneRow()),
		{
			displayName: 'Sentiment',
			name: 'sentiment',
			type: 'fixedCollection',
			default: {},
			placeholder: 'Add Sentiment',
			options: [
				{
					displayName: 'Sentiment',
					name: 'value',
					values: [
						{ displayName: 'Confidence', name: 'confidence', type: 'number', typeOptions: { minValue: -1, maxValue: 1, numberPrecision: 2 }, default: 1 },
						{
							displayName: 'Polarity',
							name: 'polarity',
							type: 'options',
							options: [
								{ name: 'Negative', value: -1 },
								{ name: 'Neutral', value: 0 },
								{ name: 'Positive', value: 1 },
							],
							default: 0,
						},
					],
				},
			],
		},
		dateField('Signed Up At', 'signedUpAt', 'When the customer signed up'),
		listField('Shared Emails', 'sharedEmails', `Email addresses shared with other customers (at most 10). ${SHARED_NOTE} ${LIST_NOTE}`, emailRow()),
		listField('Shared External IDs', 'sharedExternalIds', `External IDs shared with other customers (at most 10). ${SHARED_NOTE} ${LIST_NOTE}`, externalIdRow()),
		listField('Shared Phones', 'sharedPhones', `Phone numbers in E.164 format shared with other customers (at most 10). ${SHARED_NOTE} ${LIST_NOTE}`, phoneRow()),
		listField('Shared Social Profiles', 'sharedSocials', `Social profiles shared with other customers (at most 10). ${SHARED_NOTE} ${LIST_NOTE}`, socialRow()),
		listField('Social Profiles', 'socials', `Social network profiles (at most 10). ${LIST_NOTE}`, socialRow()),
		{ displayName: 'Tags', name: 'tags', type: 'string', default: '', placeholder: 'vip, newsletter', description: 'Comma-separated tag names or IDs (at most 20). On update, replaces the customer\'s tags.' },
		{ displayName: 'Time Zone', name: 'timeZone', type: 'string', default: '', placeholder: 'America/New_York', description: 'IANA time zone name' },
		listField('URLs', 'urls', `Web addresses (at most 10). ${LIST_NOTE}`, [
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: [
					{ name: 'Blog', value: 'blog' },
					{ name: 'Other', value: 'other' },
					{ name: 'Website', value: 'website' },
				],
				default: 'website',
			},
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
		]),
		{ displayName: 'Username', name: 'username', type: 'string', default: '', description: 'Customer\'s username in your product' },
		listField('WhatsApp Numbers', 'whatsapps', `WhatsApp numbers in E.164 format (at most 10). ${LIST_NOTE}`, [
			{ displayName: 'Phone', name: 'phone', type: 'string', placeholder: '+18005551212', default: '' },
			// The create body (seed 000, Kustomer API docs "Create a Customer") allows only "mobile".
			{ displayName: 'Type', name: 'type', type: 'options', options: [{ name: 'Mobile', value: 'mobile' }], default: 'mobile' },
			verifiedField,
		]),
	];
	if (options.withImportDates) {
		fields.push(
			dateField('Created At', 'createdAt', 'Original creation date, for records imported from another system'),
			dateField('Imported At', 'importedAt', 'When the record was imported; lifts Kustomer\'s per-customer creation limits'),
		);
	}
	if (options.withCompanyRemoval) {
		fields.push({
			displayName: 'Remove From Company',
			name: 'removeCompany',
			type: 'boolean',
			default: false,
			description: 'Whether to unlink the customer from its company. Without it, an update keeps the current company.',
		});
	}
	if (options.withRev) {
		fields.push({
			displayName: 'Revision (Rev)',
			name: 'rev',
			type: 'number',
			default: 0,
			description:
				'The customer\'s `rev` as you last read it: Kustomer refuses the update (409) if the customer changed since, so nothing newer is overwritten. Leave it out to update whatever the current revision is.',
		});
	}
	fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return fields;
}
