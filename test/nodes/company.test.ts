import type { IDataObject } from 'n8n-workflow';

import { callListSearch } from '../harness/n8n';
import { apiRequests, credentialsFor, runKustomer, seedThrough, useSandbox } from './setup';

/**
 * Company resource (https://developer.kustomer.com/api/core-resources/create-company): every
 * operation against the sandbox, whose company routes are checked against Kustomer's OpenAPI.
 */

const sandbox = useSandbox();
const locator = (mode: string, value: unknown) => ({ __rl: true, mode, value: String(value) });

afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

async function seedCompany(attributes: IDataObject): Promise<IDataObject> {
	const company = await seedThrough(sandbox, '/v1/companies', attributes);
	sandbox.clearRequests();
	return company;
}

const requests = () => apiRequests(sandbox).map((request) => [request.method, request.path]);

describe('Company › Create', () => {
	it('sends the name, the fields and typed custom attributes, and outputs the company', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'company',
			operation: 'create',
			companyName: 'Acme Inc.',
			companyAdditionalFields: {
				externalId: 'acct-1042',
				domains: 'acme.com, ACME.io',
				employeeCount: 40,
				emails: { values: [{ email: 'ops@acme.com', type: 'work' }] },
				tags: 'vip',
			},
			companyCustomAttributes: { values: [{ key: 'renewal', type: 'date', value: '2027-01-01' }, { key: 'seats', type: 'number', value: '25' }] },
		});
		expect(result.error).toBeUndefined();
		const create = apiRequests(sandbox).find((request) => request.method === 'POST');
		expect(create?.path).toBe('/v1/companies');
		expect(create?.body).toEqual({
			name: 'Acme Inc.',
			externalId: 'acct-1042',
			domains: [{ domain: 'acme.com' }, { domain: 'acme.io' }],
			employeeCount: 40,
			emails: [{ email: 'ops@acme.com', type: 'work' }],
			tags: ['vip'],
			custom: { renewalAt: '2027-01-01T00:00:00.000Z', seatsNum: 25 },
		});
		// The company's attribute metadata is read to match the keys.
		expect(apiRequests(sandbox).some((request) => request.path === '/v1/metadata/company')).toBe(true);
		const item = result.items[0].json;
		// Simplify (on by default) puts the attributes beside the ID.
		expect(item).toMatchObject({ name: 'Acme Inc.', custom: { seatsNum: 25 } });
		expect(sandbox.store.companies.get(String(item.id))?.attributes.externalId).toBe('acct-1042');
	});

	it('refuses a name Kustomer refuses before sending', async () => {
		const result = await runKustomer(sandbox, { resource: 'company', operation: 'create', companyName: 'Ac' });
		expect(result.error?.message).toBe('Name has 2 characters; Kustomer needs 3 to 255 [item 0]');
		expect(apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('Company › Get', () => {
	it.each([
		['id', (company: IDataObject) => company.id, [['GET', '/v1/companies/{id}']]],
		['externalId', () => 'acct-7', [['GET', '/v1/companies'], ['GET', '/v1/companies/{id}']]],
		['name', () => 'acme inc.', [['GET', '/v1/companies'], ['GET', '/v1/companies/{id}']]],
	])('finds the company by %s', async (mode, value, expected) => {
		const company = await seedCompany({ name: 'Acme Inc.', externalId: 'acct-7' });
		await seedCompany({ name: 'Acme Incorporated', externalId: 'acct-8' });
		const result = await runKustomer(sandbox, { resource: 'company', operation: 'get', companyId: locator(mode, value(company)) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual([company.id]);
		expect(requests()).toEqual(expected.map(([method, path]) => [method, path.replace('{id}', String(company.id))]));
		if (mode !== 'id') {
			expect(apiRequests(sandbox)[0].query).toMatchObject(mode === 'name' ? { filter: 'acme inc.' } : { externalId: 'acct-7' });
		}
	});

	it('names the lookup when no company or several companies match', async () => {
		await seedCompany({ name: 'Twin Co' });
		await seedCompany({ name: 'twin co' });
		const none = await runKustomer(sandbox, { resource: 'company', operation: 'get', companyId: locator('externalId', 'nope') });
		expect(none.error?.message).toBe('Company has no company with the external ID "nope" [item 0]');
		const several = await runKustomer(sandbox, { resource: 'company', operation: 'get', companyId: locator('name', 'Twin Co') });
		expect(several.error?.message).toBe('Company matches 2 companies named "Twin Co" [item 0]');
		expect(apiRequests(sandbox).every((request) => request.path === '/v1/companies')).toBe(true);
	});
});

describe('Company › Get Many', () => {
	it('lists companies page by page, filtered by name', async () => {
		for (let i = 0; i < 3; i++) await seedCompany({ name: `Acme ${i}` });
		await seedCompany({ name: 'Globex' });
		const result = await runKustomer(sandbox, { resource: 'company', operation: 'getAll', returnAll: false, limit: 2, companyListFilters: { name: 'acme' } });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.name)).toEqual(['Acme 0', 'Acme 1']);
		expect(apiRequests(sandbox).map((request) => request.query)).toEqual([expect.objectContaining({ filter: 'acme', pageSize: '2' })]);
	});

	it('refuses Name and External ID together, which Kustomer would both ignore', async () => {
		const result = await runKustomer(sandbox, { resource: 'company', operation: 'getAll', returnAll: true, companyListFilters: { name: 'a', externalId: 'b' } });
		expect(result.error?.message).toBe('Filters have both Name and External ID [item 0]');
		expect(apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('Company › Update and Delete', () => {
	it('updates with PUT, keeping the fields not sent, custom attributes merged', async () => {
		const company = await seedCompany({ name: 'Acme Inc.', externalId: 'acct-1', custom: { tierStr: 'gold' } });
		const result = await runKustomer(sandbox, {
			resource: 'company',
			operation: 'update',
			companyId: locator('externalId', 'acct-1'),
			companyUpdateFields: { name: 'Acme Corp' },
			companyCustomAttributes: { values: [{ key: 'seats', type: 'number', value: '30' }] },
		});
		expect(result.error).toBeUndefined();
		const put = apiRequests(sandbox).find((request) => request.method === 'PUT');
		expect(put?.path).toBe(`/v1/companies/${String(company.id)}`);
		expect(put?.body).toEqual({ name: 'Acme Corp', custom: { seatsNum: 30 } });
		expect(result.items[0].json).toMatchObject({ id: company.id, name: 'Acme Corp', externalId: 'acct-1', custom: { tierStr: 'gold', seatsNum: 30 } });
	});

	it('refuses an update without changes', async () => {
		const company = await seedCompany({ name: 'Acme Inc.' });
		const result = await runKustomer(sandbox, { resource: 'company', operation: 'update', companyId: locator('id', company.id), companyUpdateFields: {} });
		expect(result.error?.message).toBe('Update Fields are empty [item 0]');
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('deletes by updating with deleted: true, as Kustomer deletes companies', async () => {
		const company = await seedCompany({ name: 'Acme Inc.' });
		const result = await runKustomer(sandbox, { resource: 'company', operation: 'delete', companyId: locator('id', company.id) });
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.path, request.body])).toEqual([
			['PUT', `/v1/companies/${String(company.id)}`, { deleted: true }],
		]);
		expect(result.items.map((item) => item.json)).toEqual([{ deleted: true, id: company.id }]);
		expect(sandbox.store.companies.get(String(company.id))?.attributes.deleted).toBe(true);
	});
});

describe('Company › Search and Get Custom Objects', () => {
	it('searches with queryContext company', async () => {
		const acme = await seedCompany({ name: 'Acme Inc.', custom: { tierStr: 'gold' } });
		await seedCompany({ name: 'Globex', custom: { tierStr: 'gold' } });
		const result = await runKustomer(sandbox, {
			resource: 'company',
			operation: 'search',
			companyFilters: { values: [{ attribute: 'name', operator: 'contains', value: 'acme' }, { attribute: '__custom', customAttribute: 'tierStr', operator: 'equals', value: 'gold' }] },
			returnAll: false,
			limit: 10,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual([acme.id]);
		const search = apiRequests(sandbox).find((request) => request.path === '/v1/customers/search');
		expect(search?.body).toEqual({ and: [{ company_name: { contains: 'acme' } }, { company_custom_tierStr: { equals: 'gold' } }], queryContext: 'company' });
	});

	it('lists the custom objects of one Klass linked to the company', async () => {
		const company = await seedCompany({ name: 'Acme Inc.', externalId: 'acct-1' });
		await seedThrough(sandbox, '/v1/klasses', { name: 'contract' });
		const linked = await seedThrough(sandbox, '/v1/klasses/contract', { title: 'Master agreement', company: company.id });
		await seedThrough(sandbox, '/v1/klasses/contract', { title: 'Unlinked' });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'company',
			operation: 'getCustomObjects',
			companyId: locator('externalId', 'acct-1'),
			companyKlassName: 'contract',
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual([linked.id]);
		expect(requests()).toEqual([
			['GET', '/v1/companies'],
			['GET', `/v1/companies/${String(company.id)}/klasses/contract`],
		]);
	});

	it('lists companies in the locator, filtered by name', async () => {
		await seedCompany({ name: 'Acme Inc.', externalId: 'acct-1' });
		await seedCompany({ name: 'Globex' });
		const list = await callListSearch({ nodeType: 'kustomer', method: 'searchCompanies', credentials: credentialsFor(sandbox), filter: 'acme' });
		expect(list.results.map((entry) => entry.name)).toEqual(['Acme Inc. (acct-1)']);
	});
});

describe('Customer › Create and Update: the customer\'s company', () => {
	it('Create links the customer to a company found by name (one lookup, then the POST)', async () => {
		const company = await seedCompany({ name: 'Acme Inc.', externalId: 'acct-1' });
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'create',
			customerName: 'Ada',
			additionalFields: { company: locator('name', 'Acme Inc.') },
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.path, request.body ?? null])).toEqual([
			['GET', '/v1/companies', null],
			['POST', '/v1/customers', { name: 'Ada', company: company.id }],
		]);
		expect(result.items[0].json.company).toBe(company.id);
	});

	it('Update changes the company, found by external ID, with a single PATCH after the lookup', async () => {
		const first = await seedCompany({ name: 'First Co', externalId: 'acct-1' });
		const second = await seedCompany({ name: 'Second Co', externalId: 'acct-2' });
		const customer = await seedThrough(sandbox, '/v1/customers', { name: 'Ada', company: first.id });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: locator('id', customer.id),
			updateFields: { company: locator('externalId', 'acct-2') },
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.path, request.body ?? null])).toEqual([
			['GET', '/v1/companies', null],
			['PATCH', `/v1/customers/${String(customer.id)}`, { company: second.id }],
		]);
		expect(sandbox.store.customers.get(String(customer.id))?.attributes.company).toBe(second.id);
	});

	it('Update with a company by ID sends it as is, and an unknown name sends nothing', async () => {
		const customer = await seedThrough(sandbox, '/v1/customers', { name: 'Ada' });
		sandbox.clearRequests();
		const byId = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: locator('id', customer.id),
			updateFields: { company: locator('id', '5f3c6a1b2c3d4e5f6a7b8c01') },
		});
		expect(byId.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.body])).toEqual([['PATCH', { company: '5f3c6a1b2c3d4e5f6a7b8c01' }]]);
		sandbox.clearRequests();
		const unknown = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: locator('id', customer.id),
			updateFields: { company: locator('name', 'Nobody Inc') },
		});
		expect(unknown.error?.message).toBe('Company has no company with the name "Nobody Inc" [item 0]');
		expect(apiRequests(sandbox).map((request) => request.method)).toEqual(['GET']);
	});
});
