import { KustomerSandbox } from '../../sandbox';
import { call, createCustomer } from './helpers';

describe('sandbox OpenAPI validation', () => {
	let sb: KustomerSandbox;

	beforeAll(async () => {
		sb = await KustomerSandbox.start();
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	async function expect400(method: string, path: string, body: unknown) {
		const r = await call(sb, method, path, { body });
		expect(r.status).toBe(400);
		for (const e of r.json.errors) {
			expect(e).toMatchObject({ status: 400, code: 'invalid', title: expect.any(String) });
		}
		return r.json.errors as any[];
	}

	it('rejects a bad email format with a JSON pointer to it', async () => {
		const errors = await expect400('POST', '/v1/customers', { emails: [{ email: 'not-an-email' }] });
		expect(errors).toHaveLength(1);
		expect(errors[0].source).toEqual({ pointer: '/emails/0/email' });
		expect(errors[0].title).toContain('email');
		expect(sb.store.customers.size).toBe(0);
	});

	it('rejects an unknown top-level field', async () => {
		const errors = await expect400('POST', '/v1/customers', { name: 'x', nickname: 'y' });
		expect(errors.map((e) => e.source)).toEqual([{ pointer: '/nickname' }]);
	});

	it('accepts custom attributes with documented suffixes (erratum patched in memory)', async () => {
		const r = await call(sb, 'POST', '/v1/customers', {
			body: {
				custom: {
					scoreNum: 4.5,
					lastOrderAt: '2024-02-29T23:59:59.123Z',
					tierStr: 'gold',
					notesTxt: 'x'.repeat(1024),
					optInBool: false,
					profileUrl: 'https://example.com/p/1',
					clearedStr: null,
				},
			},
		});
		expect(r.status).toBe(201);
		// a null on create is simply not stored
		expect(r.json.data.attributes.custom).not.toHaveProperty('clearedStr');
	});

	it('rejects a custom key without a valid suffix', async () => {
		const errors = await expect400('POST', '/v1/customers', { custom: { favouriteColour: 'blue' } });
		expect(errors).toHaveLength(1);
		expect(errors[0].source).toEqual({ pointer: '/custom/favouriteColour' });
		expect(errors[0].title).toMatch(/Num, At, Str, Txt, Bool or Url/);
		// upper-case first letter is not camelCase
		expect((await expect400('POST', '/v1/customers', { custom: { TierStr: 'x' } }))[0].source).toEqual({ pointer: '/custom/TierStr' });
	});

	it('rejects a Str over 1024 characters and wrongly typed custom values', async () => {
		const errors = await expect400('POST', '/v1/customers', {
			custom: { longStr: 'x'.repeat(1025), countNum: 'three', whenAt: 'yesterday', flagBool: 'yes', siteUrl: 'not a uri' },
		});
		expect(errors.map((e) => e.source.pointer).sort()).toEqual(
			['/custom/countNum', '/custom/flagBool', '/custom/longStr', '/custom/siteUrl', '/custom/whenAt'].sort(),
		);
		expect(errors.find((e) => e.source.pointer === '/custom/longStr').title).toMatch(/1024/);
	});

	it('reports one error per problem', async () => {
		const errors = await expect400('POST', '/v1/customers', {
			gender: 'x',
			phones: [{ type: 'mobile' }],
			tags: ['ok', 'bad tag!'],
			emails: [{ email: 'a@b.co' }, { email: 'broken' }],
		});
		expect(errors.map((e) => e.source.pointer).sort()).toEqual(['/emails/1/email', '/gender', '/phones/0/phone', '/tags/1'].sort());
	});

	it('validates PATCH/PUT bodies and query parameters too', async () => {
		const id = await createCustomer(sb, { name: 'V' });
		const patch = await expect400('PATCH', `/v1/customers/${id}`, { avatarUrl: 'no scheme here' });
		expect(patch[0].source).toEqual({ pointer: '/avatarUrl' });
		const put = await call(sb, 'PUT', `/v1/customers/${id}?replace=perhaps`, { body: {} });
		expect(put.status).toBe(400);
		expect(put.json.errors[0].source).toEqual({ parameter: 'replace' });
		const list = await call(sb, 'GET', '/v1/customers?sort=name');
		expect(list.status).toBe(400);
		expect(list.json.errors[0].source).toEqual({ parameter: 'sort' });
	});

	it('validates path parameters (email format on the email lookup)', async () => {
		const r = await call(sb, 'GET', '/v1/customers/email=not-an-email');
		expect(r.status).toBe(400);
		expect(r.json.errors[0].source).toEqual({ parameter: 'email' });
	});

	it('rejects a body that is not JSON, and a JSON body without a JSON content type', async () => {
		const broken = await call(sb, 'POST', '/v1/customers', { body: '{"name": ' });
		expect(broken.status).toBe(400);
		expect(broken.json.errors).toHaveLength(1);
		expect(broken.json.errors[0].title).toMatch(/not valid JSON/);
		const plain = await call(sb, 'POST', '/v1/customers', { body: '{"name":"x"}', headers: { 'content-type': 'text/plain' } });
		expect(plain.status).toBe(400);
		expect(plain.json.errors[0].title).toMatch(/Content-Type/);
		const recorded = sb.requests[sb.requests.length - 1];
		expect(recorded.body).toEqual({ name: 'x' });
		expect(recorded.valid).toBe(false);
		expect(sb.requests[0].body).toBe('{"name": ');
	});

	it('records validity and validation errors of every request', async () => {
		sb.clearRequests();
		await call(sb, 'POST', '/v1/customers', { body: { name: 'fine' } });
		await call(sb, 'POST', '/v1/customers', { body: { name: 'bad', extra: true } });
		const [good, bad] = sb.requests;
		expect(good).toMatchObject({ method: 'POST', path: '/v1/customers', operationId: 'CreateCustomer', valid: true, status: 201, body: { name: 'fine' } });
		expect(good.validationErrors).toBeUndefined();
		expect(good.headers['content-type']).toBe('application/json');
		expect(bad).toMatchObject({ operationId: 'CreateCustomer', valid: false, status: 400 });
		expect(bad.validationErrors).toEqual([expect.objectContaining({ source: { pointer: '/extra' } })]);
	});

	it('validates operations the sandbox does not implement yet before answering 501', async () => {
		const bad = await call(sb, 'POST', '/v1/schedules', { body: { hours: { '0': 'all day' } } });
		expect(bad.status).toBe(400);
		expect(bad.json.errors.map((e: any) => e.source.pointer)).toContain('/hours/0');
		expect((await call(sb, 'GET', '/v1/brands?page=1&pageSize=10')).status).toBe(501);
	});

	it('rejects bodies over 100 kb with 413', async () => {
		const r = await call(sb, 'POST', '/v1/customers', { body: { name: 'x'.repeat(110 * 1024) } });
		expect(r.status).toBe(413);
		expect(r.json.errors[0].status).toBe(413);
	});
});
