import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { apiRequests, runKustomer, useSandbox } from './setup';

/**
 * Dates, numbers and type names from the user go through one parser per kind (shared/values.ts,
 * customAttributes.ts attributeTypeNamed): a date that does not exist, a hexadecimal or inexact
 * number, or an inherited name such as `constructor` is refused with the field named, and nothing
 * is written. Each test builds its node parameters in one place (`parameters`).
 */

const sandbox = useSandbox();

afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

/** The writes (anything but GET and search) the sandbox received. */
const writes = () => apiRequests(sandbox).filter((request) => request.method !== 'GET' && !request.path.endsWith('/search'));

/** One customer create per item, its custom attribute's type and value read from the item. */
const customerWithAttribute = (): INodeParameters => ({
	resource: 'customer',
	operation: 'create',
	customerName: 'Parsing',
	customAttributes: { values: [{ key: '={{ $json.key }}', type: '={{ $json.type }}', value: '={{ $json.value }}' }] },
});

describe('custom attribute values and types', () => {
	it('refuses impossible dates, hexadecimal and inexact numbers and inherited type names, item by item, and writes the rest', async () => {
		const parameters = customerWithAttribute();
		const items = [
			{ key: 'renewal', type: 'date', value: '2024-02-30' },
			{ key: 'renewal', type: 'date', value: '2024-02-29' },
			{ key: 'score', type: 'number', value: '0x1F' },
			{ key: 'score', type: 'number', value: '9007199254740993' },
			{ key: 'score', type: 'number', value: '31' },
			{ key: 'score', type: 'constructor', value: '1' },
			{ key: 'score', type: '__proto__', value: '1' },
			// JavaScript's date parser reads "mar" as March and "junk" as June; 1e-400 reads as 0.
			{ key: 'renewal', type: 'date', value: '2024-01-01 mar' },
			{ key: 'renewal', type: 'date', value: '2024-01-01junk' },
			{ key: 'score', type: 'number', value: '1e-400' },
			{ key: 'score', type: 'toString', value: '1' },
			{ key: 'score', type: 'hasOwnProperty', value: '1' },
			{ key: 'renewal', type: 'date', value: '2024-01-15 10:30' },
		];
		const result = await runKustomer(sandbox, parameters, { items, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.error ?? item.json.custom)).toEqual([
			'Custom Attribute "renewal" (attribute "renewalAt", Date): "2024-02-30" is not a date: it has day 30, and 2024-02 has 29 days (use ISO 8601, e.g. 2024-01-15 or 2024-01-15T10:00:00Z) [item 0]',
			{ renewalAt: '2024-02-29T00:00:00.000Z' },
			'Custom Attribute "score" (attribute "scoreNum", Number): "0x1F" is not a decimal number: hexadecimal, octal and binary are not read (write it in decimal digits, e.g. 31) [item 2]',
			'Custom Attribute "score" (attribute "scoreNum", Number): "9007199254740993" is beyond ±9007199254740991, where numbers lose precision (Kustomer stores numbers as 64-bit floats): store it as text instead [item 3]',
			{ scoreNum: 31 },
			'Custom Attribute "score" has unknown type "constructor": use boolean, date, id, number, string, text, url or auto [item 5]',
			'Custom Attribute "score" has unknown type "__proto__": use boolean, date, id, number, string, text, url or auto [item 6]',
			'Custom Attribute "renewal" (attribute "renewalAt", Date): "2024-01-01 mar" is not a valid date (use ISO 8601, e.g. 2024-01-15 or 2024-01-15T10:00:00Z) [item 7]',
			'Custom Attribute "renewal" (attribute "renewalAt", Date): "2024-01-01junk" is not a valid date (use ISO 8601, e.g. 2024-01-15 or 2024-01-15T10:00:00Z) [item 8]',
			'Custom Attribute "score" (attribute "scoreNum", Number): "1e-400" is too close to zero to be held as a number (Kustomer stores numbers as 64-bit floats) [item 9]',
			'Custom Attribute "score" has unknown type "toString": use boolean, date, id, number, string, text, url or auto [item 10]',
			'Custom Attribute "score" has unknown type "hasOwnProperty": use boolean, date, id, number, string, text, url or auto [item 11]',
			{ renewalAt: '2024-01-15T10:30:00.000Z' },
		]);
		expect(writes().map((request) => (request.body as IDataObject).custom)).toEqual([
			{ renewalAt: '2024-02-29T00:00:00.000Z' },
			{ scoreNum: 31 },
			{ renewalAt: '2024-01-15T10:30:00.000Z' },
		]);
	});

	it('refuses an impossible date in a customer field, naming it', async () => {
		const parameters: INodeParameters = { resource: 'customer', operation: 'create', customerName: 'Leap', additionalFields: { birthdayAt: '2023-02-29' } };
		const result = await runKustomer(sandbox, parameters);
		expect(result.error?.message).toMatch(/^Birthday "2023-02-29" is not a date: it has day 29, and 2023-02 has 28 days/);
		expect(writes()).toEqual([]);
	});
});

describe('type names given by expression', () => {
	it('refuses a Create Many Field Type that evaluates to constructor, before any request', async () => {
		await runKustomer(sandbox, { resource: 'klass', operation: 'create', name: 'Parsing_Klass', displayName: 'Parsing' });
		sandbox.clearRequests();
		const parameters: INodeParameters = {
			resource: 'customObject',
			operation: 'createMany',
			klassName: 'Parsing_Klass',
			objects: JSON.stringify([{ title: 'One', data: [{ key: 'score', value: '1' }] }]),
			fieldTypes: { values: [{ key: 'score', value: '={{ "constructor" }}' }] },
		};
		const result = await runKustomer(sandbox, parameters);
		expect(result.error?.message).toBe('Field Types [0] "score" has unknown type "constructor": use bool, date, num, str, txt [item 0]');
		expect(apiRequests(sandbox)).toEqual([]);
	});

	it('refuses a Klass attribute Type that evaluates to toString, before any request', async () => {
		const parameters: INodeParameters = {
			resource: 'klass',
			operation: 'create',
			name: 'Typed_Klass',
			displayName: 'Typed',
			attributes: { values: [{ name: 'score', type: '={{ "toString" }}' }] },
		};
		const result = await runKustomer(sandbox, parameters);
		expect(result.error?.message).toMatch(/^Attributes \[0\] Type has unknown type "toString": use boolean, date, id, number, string, text, url or auto \[item 0\]/);
		expect(apiRequests(sandbox)).toEqual([]);
	});
});

describe('search filters', () => {
	it('refuses an impossible date on a date attribute, and sends a real bare day as given for the time zone', async () => {
		const parameters = (value: string): INodeParameters => ({
			resource: 'customer',
			operation: 'search',
			filters: { values: [{ attribute: 'created_at', operator: 'gte', value }] },
			returnAll: false,
			limit: 5,
		});
		const refused = await runKustomer(sandbox, parameters('2024-02-30'));
		expect(refused.error?.message).toMatch(/^Filters \[0\] Value "2024-02-30" is not a date: it has day 30/);
		expect(apiRequests(sandbox)).toEqual([]);

		const sent = await runKustomer(sandbox, parameters('2024-02-29'));
		expect(sent.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => (request.body as IDataObject).and)).toEqual([[{ customer_created_at: { gte: '2024-02-29' } }]]);
	});

	it('refuses a hexadecimal number on a number attribute', async () => {
		const parameters: INodeParameters = {
			resource: 'customer',
			operation: 'search',
			filters: { values: [{ attribute: 'conversations_count', operator: 'gte', value: '0x10' }] },
			returnAll: false,
			limit: 5,
		};
		const result = await runKustomer(sandbox, parameters);
		expect(result.error?.message).toMatch(/^Filters \[0\] Value "0x10" is not a decimal number/);
		expect(apiRequests(sandbox)).toEqual([]);
	});
});
