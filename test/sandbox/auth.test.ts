import { KustomerSandbox } from '../../sandbox';
import { call } from './helpers';

describe('sandbox auth', () => {
	let sb: KustomerSandbox;

	beforeAll(async () => {
		sb = await KustomerSandbox.start({
			keys: {
				'read-only-key': ['org.user.customer.read'],
				'permission-set-key': ['org.permission.customer.create', 'org.permission.customer.read'],
				'no-role-key': [],
			},
		});
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	const UNAUTHORIZED = { errors: [{ status: 401, code: 'unauthorized', title: 'Unauthorized' }] };

	it('answers 401 without an Authorization header', async () => {
		const r = await call(sb, 'GET', '/v1/customers', { key: null });
		expect(r.status).toBe(401);
		expect(r.json).toEqual(UNAUTHORIZED);
	});

	it('answers 401 for an unknown key or a non-Bearer scheme', async () => {
		expect((await call(sb, 'GET', '/v1/customers', { key: 'wrong-key' })).json).toEqual(UNAUTHORIZED);
		const basic = await call(sb, 'GET', '/v1/customers', { key: null, headers: { authorization: `Basic ${sb.apiKey}` } });
		expect(basic.status).toBe(401);
		// auth comes before routing: unknown routes without a key are 401 too
		expect((await call(sb, 'GET', '/v1/nowhere', { key: null })).status).toBe(401);
	});

	it('answers 401 naming the missing role when the key lacks every listed role', async () => {
		const r = await call(sb, 'POST', '/v1/customers', { key: 'read-only-key', body: { name: 'x' } });
		expect(r.status).toBe(401);
		expect(r.json.errors[0]).toMatchObject({ status: 401, code: 'unauthorized' });
		expect(r.json.errors[0].title).toMatch(/role/i);
		expect(r.json.errors[0].title).toContain('org.user.customer.write');
		expect(r.json.errors[0].title).toContain('org.permission.customer.create');
		expect(sb.store.customers.size).toBe(0);
		expect((await call(sb, 'GET', '/v1/users/current', { key: 'no-role-key' })).status).toBe(200);
		expect((await call(sb, 'GET', '/v1/customers', { key: 'no-role-key' })).status).toBe(401);
	});

	it('accepts either the legacy or the permission-set role', async () => {
		expect((await call(sb, 'GET', '/v1/customers', { key: 'read-only-key' })).status).toBe(200);
		const created = await call(sb, 'POST', '/v1/customers', { key: 'permission-set-key', body: { name: 'x' } });
		expect(created.status).toBe(201);
		// the machine user behind the key is the creator
		const me = await call(sb, 'GET', '/v1/users/current', { key: 'permission-set-key' });
		expect(created.json.data.relationships.createdBy.data.id).toBe(me.json.data.id);
		const del = await call(sb, 'DELETE', `/v1/customers/${created.json.data.id}`, { key: 'permission-set-key' });
		expect(del.status).toBe(401);
	});

	it('the main key holds every role', async () => {
		const me = await call(sb, 'GET', '/v1/users/current');
		expect(me.status).toBe(200);
		expect(me.json.data).toMatchObject({
			type: 'user',
			id: expect.stringMatching(/^[0-9a-f]{24}$/),
			attributes: { name: 'Sandbox Machine User', userType: 'machine', displayName: expect.any(String), email: expect.any(String) },
		});
		const roles: string[] = me.json.data.attributes.roles;
		expect(roles).toEqual(expect.arrayContaining(['org.user.customer.write', 'org.permission.customer.delete', 'org.user.search.read']));
		const rec = sb.requests[sb.requests.length - 1];
		expect(rec).toMatchObject({ operationId: 'GetCurrentUser', valid: true, status: 200 });
	});
});
