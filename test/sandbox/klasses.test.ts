import { KustomerSandbox } from '../../sandbox';
import { call, createCustomer, createKlass, createKObject, MISSING_ID } from './helpers';

describe('sandbox klasses', () => {
	let sb: KustomerSandbox;

	beforeAll(async () => {
		sb = await KustomerSandbox.start({
			keys: { 'klass-reader': ['org.permission.klass.read'], 'klass-admin': ['org.admin.klass.write'] },
		});
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	it('creates a klass with 200 (as documented) in the klass envelope', async () => {
		const body = { name: 'order', displayName: 'Order', icon: 'basket', color: '#64943E', mixins: ['assignable'] };
		const r = await call(sb, 'POST', '/v1/klasses', { body });
		expect(r.status).toBe(200);
		const data = r.json.data;
		expect(data).toMatchObject({
			type: 'klass',
			attributes: { ...body, status: 'enabled', appDisabled: false },
			relationships: { kobjects: { links: { self: '/v1/klasses/order' } } },
			links: { self: `/v1/klasses/${data.id}` },
		});
		expect(data.id).toMatch(/^[0-9a-f]{24}$/);
		expect(data.relationships.org.data.type).toBe('org');
		expect(data.attributes.createdAt).toBe(data.attributes.updatedAt);
		expect(sb.counters.created.klass).toBe(1);
		expect(sb.requests[sb.requests.length - 1]).toMatchObject({ operationId: 'CreateKlass', valid: true });
	});

	it('defaults displayName, icon, status and mixins', async () => {
		const id = await createKlass(sb, { name: 'ticket_link' });
		const r = await call(sb, 'GET', `/v1/klasses/${id}`);
		expect(r.json.data.attributes).toMatchObject({ name: 'ticket_link', displayName: 'ticket_link', status: 'enabled', mixins: [] });
		expect(typeof r.json.data.attributes.icon).toBe('string');
	});

	it('answers 400 with a pointer for names off the pattern or too long, and for unknown members', async () => {
		const spaced = await call(sb, 'POST', '/v1/klasses', { body: { name: 'my order' } });
		expect(spaced.status).toBe(400);
		expect(spaced.json.errors[0]).toMatchObject({ code: 'invalid', source: { pointer: '/name' } });
		expect(spaced.json.errors[0].title).toContain('^[0-9a-zA-Z_-]+$');
		const dotted = await call(sb, 'POST', '/v1/klasses', { body: { name: 'kobject.order' } });
		expect(dotted.json.errors[0].source).toEqual({ pointer: '/name' });
		const long = await call(sb, 'POST', '/v1/klasses', { body: { name: 'x'.repeat(256) } });
		expect(long.json.errors[0].source).toEqual({ pointer: '/name' });
		const missing = await call(sb, 'POST', '/v1/klasses', { body: { displayName: 'No name' } });
		expect(missing.json.errors[0].source).toEqual({ pointer: '/name' });
		const status = await call(sb, 'POST', '/v1/klasses', { body: { name: 'x', status: 'archived' } });
		expect(status.json.errors[0].source).toEqual({ pointer: '/status' });
		expect(sb.store.klasses.size).toBe(0);
	});

	it('refuses a duplicate name with 409 duplicate', async () => {
		await createKlass(sb, { name: 'order' });
		const r = await call(sb, 'POST', '/v1/klasses', { body: { name: 'order' } });
		expect(r.status).toBe(409);
		expect(r.json.errors[0]).toMatchObject({ code: 'duplicate', source: { pointer: '/name' } });
		expect(sb.store.klasses.size).toBe(1);
	});

	it('lists with page/pageSize, links.next and the status filter', async () => {
		for (const name of ['a', 'b', 'c']) await createKlass(sb, { name });
		await createKlass(sb, { name: 'off', status: 'disabled' });
		const first = await call(sb, 'GET', '/v1/klasses?pageSize=2');
		expect(first.json.data.map((k: any) => k.attributes.name)).toEqual(['a', 'b']);
		expect(first.json.meta).toMatchObject({ page: 1, pageSize: 2 });
		expect(first.json.links.next).toBe('/v1/klasses?page=2&pageSize=2');
		const second = await call(sb, 'GET', first.json.links.next);
		expect(second.json.data.map((k: any) => k.attributes.name)).toEqual(['c']);
		expect(second.json.links.next).toBeNull();
		const disabled = await call(sb, 'GET', '/v1/klasses?status=disabled');
		expect(disabled.json.data.map((k: any) => k.attributes.name)).toEqual(['off']);
		expect(disabled.json.links.self).toBe('/v1/klasses?status=disabled&page=1&pageSize=100');
		expect((await call(sb, 'GET', '/v1/klasses?status=existing_only')).json.data).toHaveLength(4);
		expect((await call(sb, 'GET', '/v1/klasses?status=gone')).status).toBe(400);
	});

	it('routes GET /klasses/<segment> to the klass for an existing klass id and to its KObjects otherwise', async () => {
		const id = await createKlass(sb, { name: 'order' });
		await createKObject(sb, 'order', { title: 'Order 1' });
		const klass = await call(sb, 'GET', `/v1/klasses/${id}`);
		expect(klass.status).toBe(200);
		expect(klass.json.data).toMatchObject({ type: 'klass', id, attributes: { name: 'order' } });
		expect(sb.requests[sb.requests.length - 1]).toMatchObject({ operationId: 'GetKlass', valid: true });
		const objects = await call(sb, 'GET', '/v1/klasses/order');
		expect(objects.json.data.map((k: any) => k.type)).toEqual(['kobject.order']);
		expect(sb.requests[sb.requests.length - 1]).toMatchObject({ operationId: 'GetKObjects', valid: true });
		// a 24-hex segment that is no klass id is a klass name, here an unknown one
		const unknown = await call(sb, 'GET', `/v1/klasses/${MISSING_ID}`);
		expect(unknown.status).toBe(404);
		expect(unknown.json.errors[0].detail).toContain('klass name');
		expect(sb.requests[sb.requests.length - 1].operationId).toBe('GetKObjects');
		// a klass whose *name* looks like an id is still reachable by name
		await createKlass(sb, { name: MISSING_ID });
		expect((await call(sb, 'GET', `/v1/klasses/${MISSING_ID}`)).json.data).toEqual([]);
	});

	it('updates by id without letting the name change', async () => {
		const id = await createKlass(sb, { name: 'order', displayName: 'Order' });
		const r = await call(sb, 'PUT', `/v1/klasses/${id}`, { body: { displayName: 'Purchase', icon: 'truck-delivery', status: 'disabled' } });
		expect(r.status).toBe(200);
		expect(r.json.data.attributes).toMatchObject({ name: 'order', displayName: 'Purchase', icon: 'truck-delivery', status: 'disabled' });
		expect(r.json.data.attributes.updatedAt > r.json.data.attributes.createdAt).toBe(true);
		const rename = await call(sb, 'PUT', `/v1/klasses/${id}`, { body: { name: 'purchase' } });
		expect(rename.status).toBe(400);
		expect(rename.json.errors[0].source).toEqual({ pointer: '/name' });
		expect(sb.store.klasses.get(id)?.attributes.name).toBe('order');
		expect((await call(sb, 'PUT', `/v1/klasses/${MISSING_ID}`, { body: { displayName: 'x' } })).status).toBe(404);
		// PUT /klasses/{id} takes the id, not the name
		const byName = await call(sb, 'PUT', '/v1/klasses/order', { body: { displayName: 'x' } });
		expect(byName.status).toBe(404);
		expect(byName.json.errors[0].detail).toContain('klass id');
		expect(sb.counters.updated.klass).toBe(1);
	});

	it('refuses to delete a klass while KObjects of it exist, then deletes it with 204', async () => {
		const id = await createKlass(sb, { name: 'order' });
		const customer = await createCustomer(sb, { name: 'Buyer' });
		const objectId = await createKObject(sb, 'order', { title: 'Order 1', customer });
		const blocked = await call(sb, 'DELETE', `/v1/klasses/${id}`);
		expect(blocked.status).toBe(409);
		expect(blocked.json.errors[0].title).toBe('Cannot delete klass "order" while KObjects of it exist');
		expect(blocked.json.errors[0].detail).toContain('1 KObject(s)');
		expect(sb.store.klasses.has(id)).toBe(true);
		expect((await call(sb, 'DELETE', `/v1/klasses/order/${objectId}`)).status).toBe(204);
		expect((await call(sb, 'DELETE', `/v1/klasses/${id}`)).status).toBe(204);
		expect((await call(sb, 'GET', `/v1/klasses/${id}`)).status).toBe(404);
		expect((await call(sb, 'GET', '/v1/metadata/kobject.order')).status).toBe(404);
		expect((await call(sb, 'DELETE', `/v1/klasses/${id}`)).status).toBe(404);
		expect(sb.counters.deleted).toMatchObject({ klass: 1, kobject: 1 });
	});

	it('takes its roles from the document', async () => {
		const id = await createKlass(sb, { name: 'order' });
		expect((await call(sb, 'GET', '/v1/klasses', { key: 'klass-reader' })).status).toBe(200);
		expect((await call(sb, 'GET', `/v1/klasses/${id}`, { key: 'klass-reader' })).status).toBe(200);
		expect((await call(sb, 'POST', '/v1/klasses', { key: 'klass-reader', body: { name: 'x' } })).status).toBe(401);
		expect((await call(sb, 'POST', '/v1/klasses', { key: 'klass-admin', body: { name: 'x' } })).status).toBe(200);
		expect((await call(sb, 'DELETE', `/v1/klasses/${id}`, { key: 'klass-admin' })).status).toBe(204);
	});
});
