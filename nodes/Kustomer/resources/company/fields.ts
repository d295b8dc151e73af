import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { FieldSpecs } from '../../shared/body';
import { fieldError } from '../../shared/parameters';
import { plainText } from '../../shared/values';
import { CUSTOMER_FIELDS } from '../customer/body';
import { customerFieldOptions } from '../customer/fields';

/**
 * Company fields of POST /v1/companies and PUT /v1/companies/{id} (Kustomer's Core Resources
 * OpenAPI, CreateCompany and UpdateCompanyAttributes; https://developer.kustomer.com/api/core-resources/create-company).
 * Emails, phones, URLs, locations, socials, WhatsApp numbers and tags have the same shape and limits
 * as a customer's, so they reuse the customer's specs and fields; name, domains and employee count
 * are the company's own.
 */

const SHARED_WITH_CUSTOMERS = [
	'avatarUrl',
	'defaultLang',
	'emails',
	'externalId',
	'locations',
	'phones',
	'socials',
	'tags',
	'urls',
	'whatsapps',
] as const;

const MAX_DOMAINS = 10;
// "The minimum length is 3 and the maximum is 255" (CreateCompany's `name`).
const NAME_MIN = 3;
const NAME_MAX = 255;

function companyName(context: IExecuteSingleFunctions, value: unknown, required: boolean): string | undefined {
	const name = plainText(value).trim();
	if (!name) {
		if (required) throw fieldError(context, 'Name', 'is empty', 'Give the company a name of 3 to 255 characters.');
		return undefined;
	}
	if (name.length < NAME_MIN || name.length > NAME_MAX) {
		throw fieldError(context, 'Name', `has ${name.length} characters; Kustomer needs ${NAME_MIN} to ${NAME_MAX}`);
	}
	return name;
}

function domains(context: IExecuteSingleFunctions, value: unknown): IDataObject[] | undefined {
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	const names = [...new Set(list.map((entry) => plainText(entry).trim().toLowerCase()).filter(Boolean))];
	if (!names.length) return undefined;
	if (names.length > MAX_DOMAINS) throw fieldError(context, 'Domains', `has ${names.length} entries; Kustomer allows at most ${MAX_DOMAINS}`);
	const wrong = names.find((name) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(name));
	if (wrong) throw fieldError(context, 'Domains', `has "${wrong}", which is not a domain name`, 'Give domain names such as acme.com, comma-separated.');
	return names.map((domain) => ({ domain }));
}

/** Field specs for a company body; `nameRequired` on create. */
export function companyFields(nameRequired: boolean): FieldSpecs {
	const shared = Object.fromEntries(SHARED_WITH_CUSTOMERS.map((key) => [key, CUSTOMER_FIELDS[key]]));
	return {
		...shared,
		createdAt: CUSTOMER_FIELDS.createdAt,
		importedAt: CUSTOMER_FIELDS.importedAt,
		domains: { kind: 'build', label: 'Domains', build: domains },
		employeeCount: { kind: 'integer', label: 'Employee Count', min: 0, max: Number.MAX_SAFE_INTEGER },
		name: { kind: 'build', label: 'Name', build: (context, value) => companyName(context, value, nameRequired) },
	};
}

/** The company fields of a collection: the customer's shared fields worded for a company, then the company's own. */
export function companyFieldOptions(options: { withImportDates: boolean; withName: boolean }): INodeProperties[] {
	const keep = new Set<string>([...SHARED_WITH_CUSTOMERS, ...(options.withImportDates ? ['createdAt', 'importedAt'] : [])]);
	const fields: INodeProperties[] = customerFieldOptions({ withImportDates: options.withImportDates })
		.filter((field) => keep.has(field.name))
		.map((field) => ({
			...field,
			description: field.name === 'importedAt'
				? 'When the record was imported from another system'
				: field.description?.replace(/customer's/g, 'company\'s').replace(/customer/g, 'company'),
		}));
	fields.push(
		{
			displayName: 'Domains',
			name: 'domains',
			type: 'string',
			default: '',
			placeholder: 'acme.com, acme.io',
			description: `Comma-separated domain names of the company (at most ${MAX_DOMAINS}). On update, replaces the company's domains.`,
		},
		{ displayName: 'Employee Count', name: 'employeeCount', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Number of employees' },
	);
	if (options.withName) {
		fields.push({ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Company name (3 to 255 characters)' });
	}
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}
