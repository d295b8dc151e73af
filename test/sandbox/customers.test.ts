import { KustomerSandbox } from '../../sandbox';
import { call, createCustomer } from './helpers';

describe('sandbox customers', () => {
	let sb: KustomerSandbox;

	beforeAll(async () => {
		sb = await KustomerSandbox.start();
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	it('creates a customer with the JSON:API envelope and read-only attributes', async () => {
		const r = await call(sb, 'POST', '/v1/customers', {
			body: { name: 'Ada Lovelace', emails: [{ email: 'ada@example.com', type: 'work' }], custom: { tierStr: 'gold' } },
		});
		expect(r.status).toBe(201);
		const data = r.json.data;
		expect(data.type).toBe('customer');
		expect(data.id).toMatch(/^[0-9a-f]{24}$/);
		expect(data.links).toEqual({ self: `/v1/customers/${data.id}` });
		expect(data.relationships.org.data).toEqual({ type: 'org', id: expect.stringMatching(/^[0-9a-f]{24}$/) });
		expect(data.relationships.createdBy.data.type).toBe('user');
		expect(data.relationships.modifiedBy.data.type).toBe('user');
		expect(data.attributes).toMatchObject({
			name: 'Ada Lovelace',
			displayName: 'Ada Lovelace',
			emails: [{ email: 'ada@example.com', type: 'work' }],
			custom: { tierStr: 'gold' },
			rev: 1,
			conversationCounts: { all: 0, open: 0, snoozed: 0, done: 0 },
		});
		for (const key of ['createdAt', 'updatedAt', 'modifiedAt']) expect(Date.parse(data.attributes[key])).not.toBeNaN();
		expect(sb.counters.created.customer).toBe(1);
		expect(sb.store.customers.get(data.id)?.attributes.name).toBe('Ada Lovelace');
	});

	it('derives displayName from the first email and defaults custom to {}', async () => {
		const r = await call(sb, 'POST', '/v1/customers', { body: { emails: [{ email: 'first@example.com' }, { email: 'second@example.com' }] } });
		expect(r.status).toBe(201);
		expect(r.json.data.attributes.displayName).toBe('first@example.com');
		expect(r.json.data.attributes.custom).toEqual({});
	});

	it('gets by id and answers 404 with the error envelope for unknown ids', async () => {
		const id = await createCustomer(sb, { name: 'Grace' });
		const ok = await call(sb, 'GET', `/v1/customers/${id}`);
		expect(ok.status).toBe(200);
		expect(ok.json.data.id).toBe(id);
		const missing = await call(sb, 'GET', '/v1/customers/0123456789abcdef01234567');
		expect(missing.status).toBe(404);
		expect(missing.json).toEqual({
			errors: [{ status: 404, code: 'not_found', title: 'Not Found', detail: 'customer 0123456789abcdef01234567 not found' }],
		});
	});

	describe('lookups', () => {
		let id: string;
		beforeEach(async () => {
			id = await createCustomer(sb, {
				name: 'Lookup Person',
				externalId: 'ext/42 a+b',
				emails: [{ email: 'Lookup.Person+tag@Example.com' }],
				phones: [{ phone: '+1 (415) 555-0199' }],
			});
		});

		it('finds by externalId (URL-encoded)', async () => {
			const r = await call(sb, 'GET', `/v1/customers/externalId=${encodeURIComponent('ext/42 a+b')}`);
			expect(r.status).toBe(200);
			expect(r.json.data.id).toBe(id);
			const miss = await call(sb, 'GET', '/v1/customers/externalId=nope');
			expect(miss.status).toBe(404);
			expect(miss.json.errors[0].code).toBe('not_found');
		});

		it('finds by email case-insensitively, with @ and + encoded or not', async () => {
			for (const path of [
				'/v1/customers/email=lookup.person%2Btag%40example.com',
				'/v1/customers/email=Lookup.Person+tag@Example.com',
				`/v1/customers/email=${encodeURIComponent('LOOKUP.PERSON+TAG@EXAMPLE.COM')}`,
			]) {
				const r = await call(sb, 'GET', path);
				expect({ path, status: r.status }).toEqual({ path, status: 200 });
				expect(r.json.data.id).toBe(id);
			}
			expect((await call(sb, 'GET', '/v1/customers/email=other%40example.com')).status).toBe(404);
		});

		it('finds by phone comparing digits only (encoded +)', async () => {
			for (const path of ['/v1/customers/phone=%2B14155550199', '/v1/customers/phone=14155550199', '/v1/customers/phone=+1-415-555-0199']) {
				const r = await call(sb, 'GET', path);
				expect({ path, status: r.status }).toEqual({ path, status: 200 });
				expect(r.json.data.id).toBe(id);
			}
			expect((await call(sb, 'GET', '/v1/customers/phone=%2B14155550100')).status).toBe(404);
		});

		it('routes lookup paths and /search to their own operations, not to /customers/{id}', async () => {
			sb.clearRequests();
			await call(sb, 'GET', '/v1/customers/email=lookup.person%2Btag%40example.com');
			await call(sb, 'GET', '/v1/customers/externalId=x');
			await call(sb, 'GET', '/v1/customers/phone=%2B14155550199');
			await call(sb, 'POST', '/v1/customers/search', { body: { queryContext: 'customer' } });
			await call(sb, 'GET', `/v1/customers/${id}`);
			expect(sb.requests.map((r) => r.operationId)).toEqual([
				'GetCustomerByEmail',
				'GetCustomerByExternalId',
				'GetCustomerByPhone',
				'CustomerSearch',
				'GetCustomerById',
			]);
			expect(sb.requests.every((r) => r.valid)).toBe(true);
			expect(sb.requests[0].path).toBe('/v1/customers/email=lookup.person%2Btag%40example.com');
		});
	});

	it('lists with page/pageSize (default 30) and links.next until the end', async () => {
		for (let i = 0; i < 35; i++) await createCustomer(sb, { name: `Customer ${String(i).padStart(2, '0')}` });
		const first = await call(sb, 'GET', '/v1/customers');
		expect(first.status).toBe(200);
		expect(first.json.meta).toEqual({ page: 1, pageSize: 30, total: 35, totalPages: 2 });
		expect(first.json.data).toHaveLength(30);
		expect(first.json.links).toMatchObject({
			self: '/v1/customers?page=1&pageSize=30',
			first: '/v1/customers?page=1&pageSize=30',
			prev: null,
			next: '/v1/customers?page=2&pageSize=30',
		});
		const second = await call(sb, 'GET', first.json.links.next);
		expect(second.json.data).toHaveLength(5);
		expect(second.json.links.next).toBeNull();
		expect(second.json.links.prev).toBe('/v1/customers?page=1&pageSize=30');

		// following links.next with a small page size visits every customer exactly once
		const seen: string[] = [];
		let next: string | null = '/v1/customers?page=1&pageSize=8';
		let pages = 0;
		while (next) {
			const r = await call(sb, 'GET', next);
			expect(r.status).toBe(200);
			seen.push(...r.json.data.map((d: any) => d.id));
			next = r.json.links.next;
			pages++;
		}
		expect(pages).toBe(5);
		expect(new Set(seen).size).toBe(35);
		expect(sb.requests.every((r) => r.valid)).toBe(true);
	});

	it('PATCH merges top-level fields and custom key by key (null deletes), bumping rev and updatedAt', async () => {
		const created = await call(sb, 'POST', '/v1/customers', {
			body: { name: 'Patch Me', locale: 'en_US', custom: { aStr: 'a', bNum: 1, cBool: true } },
		});
		const { id, attributes: before } = created.json.data;
		const r = await call(sb, 'PATCH', `/v1/customers/${id}`, { body: { name: 'Patched', custom: { bNum: 2, cBool: null, dAt: '2024-05-01T10:00:00Z' } } });
		expect(r.status).toBe(200);
		const after = r.json.data.attributes;
		expect(after.name).toBe('Patched');
		expect(after.displayName).toBe('Patched');
		expect(after.locale).toBe('en_US');
		expect(after.custom).toEqual({ aStr: 'a', bNum: 2, dAt: '2024-05-01T10:00:00Z' });
		expect(after.rev).toBe(2);
		expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
		expect(after.createdAt).toBe(before.createdAt);
		expect(sb.counters.updated.customer).toBe(1);
	});

	it('PUT without replace behaves like PATCH; PUT ?replace=true replaces the document', async () => {
		const id = await createCustomer(sb, { name: 'Put Me', locale: 'en_US', tags: ['vip'], custom: { aStr: 'a', bNum: 1 } });
		const merged = await call(sb, 'PUT', `/v1/customers/${id}`, { body: { custom: { bNum: 5 } } });
		expect(merged.status).toBe(200);
		expect(merged.json.data.attributes).toMatchObject({ name: 'Put Me', locale: 'en_US', tags: ['vip'], custom: { aStr: 'a', bNum: 5 }, rev: 2 });

		const replaced = await call(sb, 'PUT', `/v1/customers/${id}?replace=true`, { body: { name: 'Replaced', custom: { zStr: 'z' } } });
		expect(replaced.status).toBe(200);
		const a = replaced.json.data.attributes;
		expect(a.name).toBe('Replaced');
		expect(a.locale).toBeUndefined();
		expect(a.tags).toEqual([]);
		expect(a.custom).toEqual({ zStr: 'z' });
		expect(a.rev).toBe(3);
		expect(a.createdAt).toBe(merged.json.data.attributes.createdAt);
		expect((await call(sb, 'GET', `/v1/customers/${id}`)).json.data.attributes.name).toBe('Replaced');
	});

	it('refuses a stale rev with 409', async () => {
		const id = await createCustomer(sb, { name: 'Rev' });
		expect((await call(sb, 'PATCH', `/v1/customers/${id}`, { body: { name: 'Rev 2', rev: 1 } })).status).toBe(200);
		const stale = await call(sb, 'PATCH', `/v1/customers/${id}`, { body: { name: 'Rev 3', rev: 1 } });
		expect(stale.status).toBe(409);
		expect(stale.json.errors[0]).toMatchObject({ status: 409, code: 'conflict', source: { pointer: '/rev' } });
	});

	it('DELETE answers 204 with an empty body, then the customer is gone', async () => {
		const id = await createCustomer(sb, { name: 'Delete Me' });
		const del = await call(sb, 'DELETE', `/v1/customers/${id}`);
		expect(del.status).toBe(204);
		expect(del.text).toBe('');
		expect((await call(sb, 'GET', `/v1/customers/${id}`)).status).toBe(404);
		expect((await call(sb, 'DELETE', `/v1/customers/${id}`)).status).toBe(404);
		expect(sb.counters.deleted.customer).toBe(1);
	});

	it('rejects a duplicate externalId with 409 duplicate and does not create it', async () => {
		await createCustomer(sb, { name: 'One', externalId: 'dup-1' });
		const r = await call(sb, 'POST', '/v1/customers', { body: { name: 'Two', externalId: 'dup-1' } });
		expect(r.status).toBe(409);
		expect(r.json.errors[0]).toMatchObject({ status: 409, code: 'duplicate', source: { pointer: '/externalId' } });
		expect(sb.store.customers.size).toBe(1);
		expect(sb.counters.created.customer).toBe(1);

		const other = await createCustomer(sb, { name: 'Three', externalId: 'dup-2' });
		const patch = await call(sb, 'PATCH', `/v1/customers/${other}`, { body: { externalId: 'dup-1' } });
		expect(patch.status).toBe(409);
		// keeping one's own externalId is no conflict
		expect((await call(sb, 'PATCH', `/v1/customers/${other}`, { body: { externalId: 'dup-2', name: 'Three!' } })).status).toBe(200);
	});

	it('answers 404 for unknown /v1 routes and 501 for spec operations not implemented yet', async () => {
		const unknown = await call(sb, 'GET', '/v1/definitely-not-a-route');
		expect(unknown.status).toBe(404);
		expect(unknown.json.errors[0]).toMatchObject({ status: 404, code: 'not_found' });
		const notImpl = await call(sb, 'GET', '/v1/brands');
		expect(notImpl.status).toBe(501);
		expect(notImpl.json.errors[0]).toMatchObject({ status: 501, code: 'not_implemented' });
		const last = sb.requests[sb.requests.length - 1];
		expect(last).toMatchObject({ operationId: 'GetBrands', valid: true, status: 501 });
	});
});
