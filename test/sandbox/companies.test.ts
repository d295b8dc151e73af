import { KustomerSandbox } from '../../sandbox';
import { call, createKlass, createKObject, MISSING_ID } from './helpers';

describe('sandbox companies', () => {
	let sb: KustomerSandbox;

	beforeAll(async () => {
		sb = await KustomerSandbox.start();
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	async function createCompany(body: Record<string, unknown>): Promise<string> {
		const r = await call(sb, 'POST', '/v1/companies', { body });
		if (r.status !== 201) throw new Error(`${r.status} ${r.text}`);
		return r.json.data.id;
	}

	it('creates a company (valid against the OpenAPI) and reads it by id; 404 for an unknown id', async () => {
		const body = { name: 'Acme Inc.', externalId: 'acct-1', domains: [{ domain: 'acme.com' }], custom: { tierStr: 'gold' } };
		const r = await call(sb, 'POST', '/v1/companies', { body });
		expect(r.status).toBe(201);
		expect(r.json.data).toMatchObject({ type: 'company', attributes: { ...body, rev: 1, tags: [] }, links: { self: `/v1/companies/${r.json.data.id}` } });
		const read = await call(sb, 'GET', `/v1/companies/${r.json.data.id}`);
		expect(read.json.data.attributes.name).toBe('Acme Inc.');
		expect((await call(sb, 'GET', `/v1/companies/${MISSING_ID}`)).status).toBe(404);
		expect(sb.requests.map((request) => [request.operationId, request.valid])).toEqual([
			['CreateCompany', true],
			['GetCompanyById', true],
			['GetCompanyById', true],
		]);
		expect(sb.counters.created.company).toBe(1);
	});

	it('refuses what the OpenAPI refuses: a short name, an unknown member; a duplicate external ID is a 409', async () => {
		const short = await call(sb, 'POST', '/v1/companies', { body: { name: 'Ac' } });
		expect(short.status).toBe(400);
		expect(short.json.errors[0].source).toEqual({ pointer: '/name' });
		const extra = await call(sb, 'POST', '/v1/companies', { body: { name: 'Acme', company: 'x' } });
		expect(extra.json.errors[0].source).toEqual({ pointer: '/company' });
		await createCompany({ name: 'Acme', externalId: 'acct-1' });
		const duplicate = await call(sb, 'POST', '/v1/companies', { body: { name: 'Other', externalId: 'acct-1' } });
		expect(duplicate.status).toBe(409);
		expect(duplicate.json.errors[0].source).toEqual({ pointer: '/externalId' });
	});

	it('lists by name filter or external ID, ignores both when both are given, and leaves deleted companies out', async () => {
		const acme = await createCompany({ name: 'Acme Inc.', externalId: 'acct-1' });
		const globex = await createCompany({ name: 'Globex', externalId: 'acct-2' });
		await createCompany({ name: 'Acme Labs' });
		const ids = async (query: Record<string, string>) =>
			(await call(sb, 'GET', `/v1/companies?${new URLSearchParams(query)}`)).json.data.map((company: { id: string }) => company.id);
		expect(await ids({ filter: 'acme' })).toHaveLength(2);
		expect(await ids({ externalId: 'acct-2' })).toEqual([globex]);
		expect(await ids({ externalId: 'acct-2', filter: 'acme' })).toHaveLength(3);
		const deleted = await call(sb, 'PUT', `/v1/companies/${acme}`, { body: { deleted: true } });
		expect(deleted.json.data.attributes.deleted).toBe(true);
		expect(await ids({})).not.toContain(acme);
		expect((await call(sb, 'GET', `/v1/companies/${acme}`)).json.data.attributes.deleted).toBe(true);
		expect(sb.counters.deleted.company).toBe(1);
		expect(sb.requests.every((request) => request.valid)).toBe(true);
	});

	it('updates by merging: fields sent overwrite, custom merges and null removes a key, a stale rev is a 409', async () => {
		const id = await createCompany({ name: 'Acme Inc.', custom: { tierStr: 'gold', seatsNum: 5 } });
		const r = await call(sb, 'PUT', `/v1/companies/${id}`, { body: { employeeCount: 40, custom: { seatsNum: null, renewalAt: '2027-01-01T00:00:00.000Z' } } });
		expect(r.status).toBe(200);
		expect(r.json.data.attributes).toMatchObject({ name: 'Acme Inc.', employeeCount: 40, rev: 2, custom: { tierStr: 'gold', renewalAt: '2027-01-01T00:00:00.000Z' } });
		expect(r.json.data.attributes.custom).not.toHaveProperty('seatsNum');
		const stale = await call(sb, 'PUT', `/v1/companies/${id}`, { body: { rev: 1, name: 'Acme Co' } });
		expect(stale.status).toBe(409);
	});

	it('lists a company\'s custom objects of one Klass; 404 for an unknown company or Klass', async () => {
		const id = await createCompany({ name: 'Acme Inc.' });
		await createKlass(sb, { name: 'contract', displayName: 'Contract', icon: 'file', color: '#000000' });
		const linked = await createKObject(sb, 'contract', { title: 'Master agreement', company: id });
		await createKObject(sb, 'contract', { title: 'Someone else\'s' });
		const r = await call(sb, 'GET', `/v1/companies/${id}/klasses/contract`);
		expect(r.json.data.map((object: { id: string }) => object.id)).toEqual([linked]);
		expect((await call(sb, 'GET', `/v1/companies/${MISSING_ID}/klasses/contract`)).status).toBe(404);
		expect((await call(sb, 'GET', `/v1/companies/${id}/klasses/nope`)).status).toBe(404);
	});

	it('searches with queryContext company, custom attributes included, without deleted companies', async () => {
		const acme = await createCompany({ name: 'Acme Inc.', custom: { tierStr: 'gold' } });
		await createCompany({ name: 'Globex', custom: { tierStr: 'silver' } });
		const gone = await createCompany({ name: 'Acme Old', custom: { tierStr: 'gold' } });
		await call(sb, 'PUT', `/v1/companies/${gone}`, { body: { deleted: true } });
		const r = await call(sb, 'POST', '/v1/customers/search', {
			body: { queryContext: 'company', and: [{ company_custom_tierStr: { equals: 'gold' } }, { company_name: { contains: 'acme' } }] },
		});
		expect(r.status).toBe(200);
		expect(r.json.data.map((company: { id: string }) => company.id)).toEqual([acme]);
	});
});
