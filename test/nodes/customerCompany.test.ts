import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { apiRequests, runKustomer, seedCustomer, useSandbox } from './setup';

/**
 * Kustomer unlinks a customer's company when an update omits `company`
 * (https://developer.kustomer.com/kustomer-api-docs/reference/updatecustomer). The sandbox does the
 * same, so every customer write of the node is checked here for keeping the link.
 */

const sandbox = useSandbox();
const COMPANY = '5f3c6a1b2c3d4e5f6a7b8c01';
const OTHER_COMPANY = '5f3c6a1b2c3d4e5f6a7b8c02';
const byId = (value: unknown) => ({ __rl: true, mode: 'id', value: String(value) });

afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

async function linkedCustomer(extra: IDataObject = {}): Promise<IDataObject> {
	const customer = await seedCustomer(sandbox, { name: 'Linked', company: COMPANY, externalId: 'linked-1', ...extra });
	sandbox.clearRequests();
	return customer;
}

const companyNow = (id: unknown) => sandbox.store.customers.get(String(id))?.attributes.company;

describe('customer writes keep the company link', () => {
	it('the sandbox unlinks on a PATCH without company, as Kustomer documents', async () => {
		const customer = await linkedCustomer();
		const response = await fetch(`${sandbox.url}/v1/customers/${String(customer.id)}`, {
			method: 'PATCH',
			headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: 'Raw Patch' }),
		});
		expect(response.status).toBe(200);
		expect(companyNow(customer.id)).toBeUndefined();
	});

	const writes: Array<[string, (customer: IDataObject) => INodeParameters, string[]]> = [
		[
			'Update',
			(customer) => ({ resource: 'customer', operation: 'update', customerId: byId(customer.id), updateFields: { name: 'Renamed' } }),
			['GET', 'PATCH'],
		],
		[
			'Update Customer Data',
			(customer) => ({
				resource: 'customer',
				operation: 'updateData',
				customerId: byId(customer.id),
				personalizationData: { values: [{ key: 'tierStr', value: 'gold' }] },
			}),
			['GET', 'PATCH'],
		],
		[
			'Create or Update',
			() => ({ resource: 'customer', operation: 'upsert', matchOn: 'externalId', matchValue: 'linked-1', upsertFields: { name: 'Upserted' } }),
			['GET', 'PATCH'],
		],
	];

	it.each(writes)('%s sends the current company and rev back and the link survives', async (_name, parameters, methods) => {
		const customer = await linkedCustomer();
		const rev = sandbox.store.customers.get(String(customer.id))?.attributes.rev;
		const result = await runKustomer(sandbox, parameters(customer));
		expect(result.error).toBeUndefined();
		// Reads of the account's attribute names (customAttributes.ts) are not part of this.
		const requests = apiRequests(sandbox).filter((request) => !request.path.startsWith('/v1/metadata/'));
		expect(requests.map((request) => request.method)).toEqual(methods);
		expect(requests[1].body).toMatchObject({ company: COMPANY, rev });
		expect(companyNow(customer.id)).toBe(COMPANY);
		const json = result.items[0].json;
		expect((json.customer as IDataObject | undefined)?.company ?? json.company).toBe(COMPANY);
	});

	it('an update by email reads the customer once to find it, once for its company', async () => {
		const customer = await linkedCustomer({ emails: [{ email: 'linked@example.com' }] });
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: { __rl: true, mode: 'email', value: 'linked@example.com' },
			updateFields: { username: 'linked' },
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.path])).toEqual([
			['GET', '/v1/customers/email=linked%40example.com'],
			['GET', `/v1/customers/${String(customer.id)}`],
			['PATCH', `/v1/customers/${String(customer.id)}`],
		]);
		expect(companyNow(customer.id)).toBe(COMPANY);
	});

	it('a customer without a company is updated without one (and without unlinking anything)', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Alone' });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'update', customerId: byId(customer.id), updateFields: { name: 'Still Alone' } });
		expect(result.error).toBeUndefined();
		const patch = apiRequests(sandbox)[1];
		expect(patch.body).not.toHaveProperty('company');
		expect(patch.body).toHaveProperty('rev');
	});

	it('a Company ID in the update changes the link with a single PATCH', async () => {
		const customer = await linkedCustomer();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: byId(customer.id),
			updateFields: { company: OTHER_COMPANY },
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.body])).toEqual([['PATCH', { company: OTHER_COMPANY }]]);
		expect(companyNow(customer.id)).toBe(OTHER_COMPANY);
	});

	it('Remove From Company unlinks with company: null', async () => {
		const customer = await linkedCustomer();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: byId(customer.id),
			updateFields: { removeCompany: true },
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.body])).toEqual([['PATCH', { company: null }]]);
		expect(companyNow(customer.id)).toBeUndefined();
	});

	it('Remove From Company with a Company ID is an error naming both, and sends nothing', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: byId('5f3c6a1b2c3d4e5f6a7b8c9d'),
			updateFields: { removeCompany: true, company: OTHER_COMPANY },
		});
		expect(result.error?.message).toBe('Remove From Company is on while Company is set [item 0]');
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('a change made between the read and the write is kept: the node reads again on a rev conflict', async () => {
		const customer = await linkedCustomer();
		// Someone relinks the customer right after the node's first read.
		let moved = false;
		sandbox.onRequest((request) => {
			if (!moved && request.method === 'GET' && request.path === `/v1/customers/${String(customer.id)}`) {
				moved = true;
				const record = sandbox.store.customers.get(String(customer.id))!;
				record.attributes = { ...record.attributes, company: OTHER_COMPANY, rev: record.attributes.rev + 1 };
			}
		});
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'update', customerId: byId(customer.id), updateFields: { name: 'Raced' } });
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.status])).toEqual([
			['GET', 200],
			['PATCH', 409],
			['GET', 200],
			['PATCH', 200],
		]);
		expect(companyNow(customer.id)).toBe(OTHER_COMPANY);
		expect(sandbox.store.customers.get(String(customer.id))?.attributes.name).toBe('Raced');
	});
});

describe('rev conflicts are explained', () => {
	it('a conflict that does not go away says what happened and what to do', async () => {
		const customer = await linkedCustomer();
		// Every read is followed by another change, so each write meets a newer rev.
		sandbox.onRequest((request) => {
			if (request.method === 'GET' && request.path === `/v1/customers/${String(customer.id)}`) {
				const record = sandbox.store.customers.get(String(customer.id))!;
				record.attributes = { ...record.attributes, rev: record.attributes.rev + 1 };
			}
		});
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'update', customerId: byId(customer.id), updateFields: { name: 'Never' } });
		expect(result.error?.message).toBe(
			`Kustomer refused the change to customer "${String(customer.id)}": it was changed by someone else while the node was writing it (rev conflict)`,
		);
		expect((result.error as { description?: string }).description).toMatch(/Run it again/);
		expect(apiRequests(sandbox).filter((request) => request.method === 'PATCH')).toHaveLength(3);
		expect(sandbox.store.customers.get(String(customer.id))?.attributes.name).toBe('Linked');
	});
});

describe('several items updating one customer', () => {
	it('read and write one after the other, so none refuses another and every change lands in item order', async () => {
		const customer = await linkedCustomer();
		const result = await runKustomer(
			sandbox,
			{ resource: 'customer', operation: 'update', customerId: byId(customer.id), updateFields: { username: '={{ $json.username }}' } },
			{ items: Array.from({ length: 6 }, (_, index) => ({ username: `user-${index}` })) },
		);
		expect(result.error).toBeUndefined();
		const requests = apiRequests(sandbox);
		expect(requests.map((request) => [request.method, request.status])).toEqual(
			Array.from({ length: 6 }).flatMap(() => [
				['GET', 200],
				['PATCH', 200],
			]),
		);
		expect(requests.filter((request) => request.method === 'PATCH').map((request) => (request.body as IDataObject).username)).toEqual(
			Array.from({ length: 6 }, (_, index) => `user-${index}`),
		);
		expect(sandbox.store.customers.get(String(customer.id))?.attributes).toMatchObject({ username: 'user-5', company: COMPANY });
	});
});
