import { KustomerSandbox } from '../../sandbox';
import { call, createCustomer } from './helpers';

describe('sandbox customer search', () => {
	let sb: KustomerSandbox;
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		sb = await KustomerSandbox.start();
		const people: Array<[string, Record<string, unknown>]> = [
			['alice', { name: 'Alice Archer', externalId: 'a-1', emails: [{ email: 'Alice@Example.com' }], phones: [{ phone: '+1 415 555 0001' }], tags: ['vip'], custom: { tierStr: 'gold', spendNum: 500, activeBool: true, renewalAt: '2024-03-10T12:00:00Z' } }],
			['bob', { name: 'Bob Baker', externalId: 'b-2', emails: [{ email: 'bob@example.org' }], tags: ['wholesale', 'vip'], custom: { tierStr: 'silver', spendNum: 120, activeBool: false } }],
			['carol', { name: 'Carol Cole', emails: [{ email: 'carol@example.com' }], phones: [{ phone: '14155550003' }], custom: { tierStr: 'gold', spendNum: 50 } }],
			['dave', { name: 'Dave Dunn', externalId: 'd-4', custom: {} }],
		];
		for (const [key, body] of people) ids[key] = await createCustomer(sb, body);
	});
	afterAll(() => sb.close());

	async function search(body: Record<string, unknown>, query = ''): Promise<any> {
		const r = await call(sb, 'POST', `/v1/customers/search${query}`, { body: { queryContext: 'customer', ...body } });
		if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
		return r.json;
	}
	const names = (json: any) => json.data.map((d: any) => d.attributes.name);

	it('returns every customer with list meta and links when there are no conditions', async () => {
		const json = await search({});
		expect(json.meta).toMatchObject({ page: 1, pageSize: 100, total: 4, totalPages: 1 });
		expect(json.data).toHaveLength(4);
		expect(json.data[0].type).toBe('customer');
		expect(json.links).toMatchObject({ self: '/v1/customers/search?page=1&pageSize=100', prev: null, next: null });
	});

	it('supports equals / contains / in / not_set on standard attributes', async () => {
		expect(names(await search({ and: [{ customer_email: { equals: 'alice@example.com' } }] }))).toEqual(['Alice Archer']);
		expect(names(await search({ and: [{ customer_name: { contains: 'BA' } }] }))).toEqual(['Bob Baker']);
		expect(names(await search({ and: [{ customer_phone: { equals: '+14155550003' } }] }))).toEqual(['Carol Cole']);
		expect(names(await search({ and: [{ customer_externalId: { not_set: '' } }] }))).toEqual(['Carol Cole']);
		expect(names(await search({ not: [{ customer_externalId: { not_set: '' } }], sort: [{ customer_name: 'asc' }] }))).toEqual(['Alice Archer', 'Bob Baker', 'Dave Dunn']);
		expect(names(await search({ and: [{ customer_externalId: { in: ['d-4', 'a-1', 'zzz'] } }], sort: [{ customer_name: 'asc' }] }))).toEqual(['Alice Archer', 'Dave Dunn']);
		expect(names(await search({ and: [{ customer_tags: { equals: 'vip' } }], sort: [{ customer_name: 'asc' }] }))).toEqual(['Alice Archer', 'Bob Baker']);
	});

	it('combines and / or, given as objects or arrays', async () => {
		const or = await search({ or: [{ customer_externalId: { equals: 'a-1' } }, { customer_externalId: { equals: 'd-4' } }], sort: { customer_name: 'desc' } });
		expect(names(or)).toEqual(['Dave Dunn', 'Alice Archer']);
		const both = await search({ and: { customer_custom_tierStr: { equals: 'gold' }, customer_custom_spendNum: { gte: 100 } } });
		expect(names(both)).toEqual(['Alice Archer']);
		const mixed = await search({ and: [{ customer_custom_tierStr: { equals: 'gold' } }], or: [{ customer_name: { contains: 'carol' } }, { customer_tags: { equals: 'nothing' } }] });
		expect(names(mixed)).toEqual(['Carol Cole']);
	});

	it('compares numbers, booleans and dates on custom and standard attributes', async () => {
		expect(names(await search({ and: [{ customer_custom_spendNum: { gte: 51, lte: 500 } }], sort: [{ customer_name: 'asc' }] }))).toEqual(['Alice Archer', 'Bob Baker']);
		expect(names(await search({ and: [{ customer_custom_spendNum: { in: [50, 120] } }], sort: [{ customer_name: 'asc' }] }))).toEqual(['Bob Baker', 'Carol Cole']);
		expect(names(await search({ and: [{ customer_custom_activeBool: { equals: false } }] }))).toEqual(['Bob Baker']);
		expect(names(await search({ and: [{ customer_custom_renewalAt: { gte: '2024-03-10', lt: '2024-03-11' } }] }))).toEqual(['Alice Archer']);
		expect((await search({ and: [{ customer_created_at: { gte: '2000-01-01' } }] })).meta.total).toBe(4);
		expect((await search({ and: [{ customer_updated_at: { lt: '2000-01-01T00:00:00Z' } }] })).meta.total).toBe(0);
	});

	it('sorts by created / updated / name in both directions', async () => {
		expect(names(await search({ sort: [{ customer_created_at: 'asc' }] }))).toEqual(['Alice Archer', 'Bob Baker', 'Carol Cole', 'Dave Dunn']);
		expect(names(await search({ sort: [{ customer_created_at: 'desc' }] }))).toEqual(['Dave Dunn', 'Carol Cole', 'Bob Baker', 'Alice Archer']);
		expect(names(await search({ sort: [{ customer_name: 'desc' }] }))[0]).toBe('Dave Dunn');
		await call(sb, 'PATCH', `/v1/customers/${ids.bob}`, { body: { locale: 'en_US' } });
		expect(names(await search({ sort: [{ customer_updated_at: 'desc' }] }))[0]).toBe('Bob Baker');
	});

	it('pages with page/pageSize in the query string and links.next', async () => {
		const first = await search({ sort: [{ customer_created_at: 'asc' }] }, '?page=1&pageSize=3');
		expect(first.meta).toMatchObject({ page: 1, pageSize: 3, total: 4, totalPages: 2 });
		expect(first.links.next).toBe('/v1/customers/search?page=2&pageSize=3');
		const r = await call(sb, 'POST', first.links.next, { body: { queryContext: 'customer', sort: [{ customer_created_at: 'asc' }] } });
		expect(names(r.json)).toEqual(['Dave Dunn']);
		expect(r.json.links.next).toBeNull();
	});

	it('enforces the 100-page cap with 400', async () => {
		const ok = await call(sb, 'POST', '/v1/customers/search?page=100&pageSize=1', { body: { queryContext: 'customer' } });
		expect(ok.status).toBe(200);
		expect(ok.json.data).toEqual([]);
		const r = await call(sb, 'POST', '/v1/customers/search?page=101&pageSize=100', { body: { queryContext: 'customer' } });
		expect(r.status).toBe(400);
		expect(r.json.errors[0]).toMatchObject({ status: 400, code: 'invalid', source: { parameter: 'page' } });
	});

	it('answers 400 for unknown attributes, operators and sort fields, and 501 for contexts not implemented', async () => {
		const attr = await call(sb, 'POST', '/v1/customers/search', { body: { queryContext: 'customer', and: [{ customer_shoe_size: { equals: 1 } }] } });
		expect(attr.status).toBe(400);
		expect(attr.json.errors[0].source).toEqual({ pointer: '/and/0/customer_shoe_size' });
		const op = await call(sb, 'POST', '/v1/customers/search', { body: { queryContext: 'customer', and: [{ customer_name: { like: 'x' } }] } });
		expect(op.status).toBe(400);
		expect(op.json.errors[0].source).toEqual({ pointer: '/and/0/customer_name/like' });
		const sort = await call(sb, 'POST', '/v1/customers/search', { body: { queryContext: 'customer', sort: [{ customer_tags: 'asc' }] } });
		expect(sort.status).toBe(400);
		const bad = await call(sb, 'POST', '/v1/customers/search', { body: { queryContext: 'person' } });
		expect(bad.status).toBe(400);
		expect(bad.json.errors[0].source).toEqual({ pointer: '/queryContext' });
		const kobjects = await call(sb, 'POST', '/v1/customers/search', { body: { queryContext: 'kobject' } });
		expect(kobjects.status).toBe(501);
	});
});
