import { KustomerSandbox } from '../../sandbox';
import { call, createCustomer, createKlass, createKObject, MISSING_ID } from './helpers';

describe('sandbox KObjects', () => {
	let sb: KustomerSandbox;
	let klassId: string;
	let customer: string;

	beforeAll(async () => {
		sb = await KustomerSandbox.start({ keys: { 'customer-reader': ['org.user.customer.read'], 'kobject-key': ['org.permission.kobject.kobject_order.create'] } });
	});
	afterAll(() => sb.close());
	beforeEach(async () => {
		sb.reset();
		klassId = await createKlass(sb, { name: 'order' });
		customer = await createCustomer(sb, { name: 'Buyer' });
	});

	it('creates a KObject (201) typed kobject.<klass> with klass, org and customer relationships', async () => {
		const body = { title: 'Order #1059', externalId: 'ord-1059', customer, icon: 'truck-delivery', custom: { totalPriceNum: 64.67, orderStatusStr: 'fulfilled' }, data: { raw: [1, 2] } };
		const r = await call(sb, 'POST', '/v1/klasses/order', { body });
		expect(r.status).toBe(201);
		const data = r.json.data;
		expect(data).toMatchObject({
			type: 'kobject.order',
			attributes: { title: 'Order #1059', externalId: 'ord-1059', icon: 'truck-delivery', custom: body.custom, data: body.data, tags: [], images: [], rev: 0 },
			links: { self: `/v1/klasses/order/${data.id}` },
		});
		expect(data.attributes).not.toHaveProperty('customer');
		expect(data.relationships.klass).toEqual({ links: { self: `/v1/klasses/${klassId}` }, data: { type: 'klass', id: klassId } });
		expect(data.relationships.customer.data).toEqual({ type: 'customer', id: customer });
		expect(data.relationships.org.data.type).toBe('org');
		expect(sb.counters.created.kobject).toBe(1);
		expect(sb.store.kobjects.get(data.id)?.customerId).toBe(customer);
	});

	it('answers 404 for unknown klasses and customers, 400 with a pointer for bodies the spec refuses', async () => {
		expect((await call(sb, 'POST', '/v1/klasses/invoice', { body: { title: 'x' } })).status).toBe(404);
		const noCustomer = await call(sb, 'POST', '/v1/klasses/order', { body: { title: 'x', customer: MISSING_ID } });
		expect(noCustomer.status).toBe(404);
		expect(noCustomer.json.errors[0].source).toEqual({ pointer: '/customer' });
		const long = await call(sb, 'POST', '/v1/klasses/order', { body: { title: 'x'.repeat(257) } });
		expect(long.status).toBe(400);
		expect(long.json.errors[0]).toMatchObject({ code: 'invalid', source: { pointer: '/title' } });
		expect(long.json.errors[0].title).toContain('256');
		expect((await call(sb, 'POST', '/v1/klasses/order', { body: { title: 'x'.repeat(256) } })).status).toBe(201);
		const untitled = await call(sb, 'POST', '/v1/klasses/order', { body: { externalId: 'e' } });
		expect(untitled.json.errors[0].source).toEqual({ pointer: '/title' });
		const badCustom = await call(sb, 'POST', '/v1/klasses/order', { body: { title: 'x', custom: { total: 5 } } });
		expect(badCustom.json.errors[0].source).toEqual({ pointer: '/custom/total' });
		const badNum = await call(sb, 'POST', '/v1/klasses/order', { body: { title: 'x', custom: { totalNum: 'five' } } });
		expect(badNum.json.errors[0].source).toEqual({ pointer: '/custom/totalNum' });
		expect(sb.counters.created.kobject).toBe(1);
	});

	it('creates under a customer and lists per customer', async () => {
		const other = await createCustomer(sb, { name: 'Other' });
		const r = await call(sb, 'POST', `/v1/customers/${customer}/klasses/order`, { body: { title: 'Mine' } });
		expect(r.status).toBe(201);
		expect(r.json.data.relationships.customer.data.id).toBe(customer);
		await createKObject(sb, 'order', { title: 'Also mine', customer });
		await createKObject(sb, 'order', { title: 'Theirs', customer: other });
		await createKObject(sb, 'order', { title: 'Nobody' });
		const mine = await call(sb, 'GET', `/v1/customers/${customer}/klasses/order?pageSize=1`);
		expect(mine.json.data.map((k: any) => k.attributes.title)).toEqual(['Mine']);
		expect(mine.json.links.next).toBe(`/v1/customers/${customer}/klasses/order?page=2&pageSize=1`);
		expect((await call(sb, 'GET', mine.json.links.next)).json.data.map((k: any) => k.attributes.title)).toEqual(['Also mine']);
		expect((await call(sb, 'GET', `/v1/customers/${other}/klasses/order`)).json.data).toHaveLength(1);
		expect((await call(sb, 'GET', `/v1/customers/${MISSING_ID}/klasses/order`)).status).toBe(404);
		expect((await call(sb, 'GET', `/v1/customers/${customer}/klasses/invoice`)).status).toBe(404);
		expect((await call(sb, 'POST', `/v1/customers/${MISSING_ID}/klasses/order`, { body: { title: 'x' } })).status).toBe(404);
		// the per-customer list needs a customer read role, like the document says
		expect((await call(sb, 'GET', `/v1/customers/${customer}/klasses/order`, { key: 'customer-reader' })).status).toBe(200);
	});

	it('lists a klass with page/pageSize, links.next and fromDate', async () => {
		for (let i = 0; i < 3; i++) await createKObject(sb, 'order', { title: `Order ${i}` });
		const page = await call(sb, 'GET', '/v1/klasses/order?pageSize=2');
		expect(page.json.data.map((k: any) => k.attributes.title)).toEqual(['Order 0', 'Order 1']);
		expect(page.json.links.next).toBe('/v1/klasses/order?page=2&pageSize=2');
		const last = await call(sb, 'GET', page.json.links.next);
		expect(last.json.data.map((k: any) => k.attributes.title)).toEqual(['Order 2']);
		expect(last.json.links.next).toBeNull();
		const newest = [...sb.store.kobjects.values()][2].attributes.updatedAt;
		const since = await call(sb, 'GET', `/v1/klasses/order?fromDate=${encodeURIComponent(newest)}`);
		expect(since.json.data.map((k: any) => k.attributes.title)).toEqual(['Order 2']);
		expect((await call(sb, 'GET', '/v1/klasses/order?fromDate=yesterday')).status).toBe(400);
		expect((await call(sb, 'GET', '/v1/klasses/invoice')).status).toBe(404);
	});

	it('reads by id and by externalId within the klass only', async () => {
		await createKlass(sb, { name: 'invoice' });
		const id = await createKObject(sb, 'order', { title: 'Order', externalId: 'ext/1 a' });
		await createKObject(sb, 'invoice', { title: 'Invoice', externalId: 'ext/1 a' });
		expect((await call(sb, 'GET', `/v1/klasses/order/${id}`)).json.data.attributes.title).toBe('Order');
		expect((await call(sb, 'GET', `/v1/klasses/invoice/${id}`)).status).toBe(404);
		expect((await call(sb, 'GET', `/v1/klasses/order/${MISSING_ID}`)).status).toBe(404);
		const ext = await call(sb, 'GET', `/v1/klasses/order/externalId=${encodeURIComponent('ext/1 a')}`);
		expect(ext.status).toBe(200);
		expect(ext.json.data).toMatchObject({ id, type: 'kobject.order' });
		expect(sb.requests[sb.requests.length - 1]).toMatchObject({ operationId: 'getKlassesByNameAndExternalId', valid: true });
		expect((await call(sb, 'GET', '/v1/klasses/invoice/externalId=ext%2F1%20a')).json.data.attributes.title).toBe('Invoice');
		expect((await call(sb, 'GET', '/v1/klasses/order/externalId=nope')).status).toBe(404);
		expect((await call(sb, 'GET', '/v1/klasses/nope/externalId=nope')).status).toBe(404);
	});

	it('keeps externalId unique per klass (409)', async () => {
		await createKObject(sb, 'order', { title: 'A', externalId: 'dup' });
		const r = await call(sb, 'POST', '/v1/klasses/order', { body: { title: 'B', externalId: 'dup' } });
		expect(r.status).toBe(409);
		expect(r.json.errors[0]).toMatchObject({ code: 'duplicate', source: { pointer: '/externalId' } });
		await createKlass(sb, { name: 'invoice' });
		expect((await call(sb, 'POST', '/v1/klasses/invoice', { body: { title: 'C', externalId: 'dup' } })).status).toBe(201);
	});

	it('updates by merging fields and custom by key, with rev and optimistic locking', async () => {
		const id = await createKObject(sb, 'order', { title: 'Order', description: 'first', custom: { totalNum: 10, statusStr: 'open' } });
		const r = await call(sb, 'PUT', `/v1/klasses/order/${id}`, { body: { title: 'Order (paid)', custom: { statusStr: 'paid', paidAt: '2024-05-01T10:00:00.000Z', totalNum: null } } });
		expect(r.status).toBe(200);
		expect(r.json.data.attributes).toMatchObject({ title: 'Order (paid)', description: 'first', rev: 1, custom: { statusStr: 'paid', paidAt: '2024-05-01T10:00:00.000Z' } });
		expect(r.json.data.attributes.custom).not.toHaveProperty('totalNum');
		const stale = await call(sb, 'PUT', `/v1/klasses/order/${id}`, { body: { title: 'x', rev: 0 } });
		expect(stale.status).toBe(409);
		expect(stale.json.errors[0].source).toEqual({ pointer: '/rev' });
		expect((await call(sb, 'PUT', `/v1/klasses/order/${id}`, { body: { title: 'y', rev: 1 } })).json.data.attributes.rev).toBe(2);
		const moved = await call(sb, 'PUT', `/v1/klasses/order/${id}`, { body: { customer } });
		expect(moved.json.errors[0].source).toEqual({ pointer: '/customer' });
		await createKObject(sb, 'order', { title: 'Other', externalId: 'taken' });
		expect((await call(sb, 'PUT', `/v1/klasses/order/${id}`, { body: { externalId: 'taken' } })).status).toBe(409);
		expect((await call(sb, 'PUT', `/v1/klasses/order/${MISSING_ID}`, { body: { title: 'x' } })).status).toBe(404);
		expect(sb.counters.updated.kobject).toBe(2);
	});

	it('checks custom values against the enumeration in the klass metadata', async () => {
		await call(sb, 'PUT', '/v1/metadata/kobject.order', { body: { properties: { statusStr: { enumeration: ['open', 'shipped'] } } } });
		expect((await call(sb, 'POST', '/v1/klasses/order', { body: { title: 'ok', custom: { statusStr: 'open' } } })).status).toBe(201);
		const bad = await call(sb, 'POST', '/v1/klasses/order', { body: { title: 'bad', custom: { statusStr: 'lost' } } });
		expect(bad.status).toBe(400);
		expect(bad.json.errors[0]).toMatchObject({ code: 'invalid', source: { pointer: '/custom/statusStr' } });
		expect(sb.counters.created.kobject).toBe(1);
	});

	it('deletes with 204', async () => {
		const id = await createKObject(sb, 'order', { title: 'Gone soon' });
		expect((await call(sb, 'DELETE', `/v1/klasses/invoice/${id}`)).status).toBe(404);
		expect((await call(sb, 'DELETE', `/v1/klasses/order/${id}`)).status).toBe(204);
		expect((await call(sb, 'GET', `/v1/klasses/order/${id}`)).status).toBe(404);
		expect((await call(sb, 'DELETE', `/v1/klasses/order/${id}`)).status).toBe(404);
		expect(sb.counters.deleted.kobject).toBe(1);
	});

	it('honours the kobject_* wildcard roles of the document', async () => {
		expect((await call(sb, 'POST', '/v1/klasses/order', { key: 'kobject-key', body: { title: 'x' } })).status).toBe(201);
		expect((await call(sb, 'GET', '/v1/klasses/order', { key: 'kobject-key' })).status).toBe(401);
	});
});
