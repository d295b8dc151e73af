import { KustomerSandbox } from '../../sandbox';
import { call, createKlass } from './helpers';

describe('sandbox custom attribute metadata', () => {
	let sb: KustomerSandbox;

	beforeAll(async () => {
		sb = await KustomerSandbox.start({ keys: { 'meta-reader': ['org.user.metadata.read'], 'meta-writer': ['org.permission.metadata.update'] } });
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	it('serves seeded customer and conversation attributes in the documented envelope', async () => {
		const r = await call(sb, 'GET', '/v1/metadata/customer');
		expect(r.status).toBe(200);
		expect(r.json.data).toMatchObject({
			type: 'metadata',
			id: 'customer',
			links: { self: '/v1/metadata/customer' },
			relationships: { org: { data: { type: 'org' } } },
		});
		const props = r.json.data.attributes.properties;
		expect(props.loyaltyTierStr).toMatchObject({ displayName: 'Loyalty Tier', type: 'string' });
		expect(props.lifetimeValueNum).toMatchObject({ displayName: 'Lifetime Value', type: 'number' });
		expect(props.tierStr.enumeration).toEqual(['bronze', 'silver', 'gold', 'platinum']);
		for (const name of ['vipBool', 'renewalAt', 'homepageUrl', 'notesTxt']) expect(props[name]).toHaveProperty('displayName');
		expect(props.vipBool).toHaveProperty('modifiedAt');
		const conversation = await call(sb, 'GET', '/v1/metadata/conversation');
		expect(Object.keys(conversation.json.data.attributes.properties).length).toBeGreaterThan(3);
		expect((await call(sb, 'GET', '/v1/metadata/message')).json.data.attributes.properties).toEqual({});
		expect((await call(sb, 'GET', '/v1/metadata/company')).status).toBe(200);
	});

	it('merges PUT properties by name, with defaults from the suffix', async () => {
		const body = {
			properties: {
				orderTotalNum: { displayName: 'Order Total', type: 'number' },
				totalOrdersNum: {},
				loyaltyTierStr: { enumeration: ['silver', 'gold'] },
			},
		};
		const r = await call(sb, 'PUT', '/v1/metadata/customer', { body });
		expect(r.status).toBe(200);
		const props = r.json.data.attributes.properties;
		expect(props.orderTotalNum).toMatchObject({ displayName: 'Order Total', type: 'number' });
		// "a property named totalOrdersNum will have a default displayName value of Total Orders"
		expect(props.totalOrdersNum).toMatchObject({ displayName: 'Total Orders', type: 'number' });
		// members the body left out of an existing definition stay; untouched attributes stay
		expect(props.loyaltyTierStr).toMatchObject({ displayName: 'Loyalty Tier', enumeration: ['silver', 'gold'] });
		expect(props.vipBool).toBeDefined();
		expect(props.orderTotalNum.modifiedBy).toMatch(/^[0-9a-f]{24}$/);
		const again = await call(sb, 'GET', '/v1/metadata/customer');
		expect(again.json.data.attributes.properties).toEqual(props);
		expect(sb.counters.updated.metadata).toBe(1);
	});

	it('answers 400 with a pointer for names without a documented suffix and for malformed definitions', async () => {
		const plain = await call(sb, 'PUT', '/v1/metadata/customer', { body: { properties: { orderTotal: { displayName: 'Order Total' } } } });
		expect(plain.status).toBe(400);
		expect(plain.json.errors[0]).toMatchObject({ code: 'invalid', source: { pointer: '/properties/orderTotal' } });
		expect(plain.json.errors[0].title).toContain('end in Num, At, Str, Txt, Bool, Url or Id');
		const upper = await call(sb, 'PUT', '/v1/metadata/customer', { body: { properties: { OrderStr: {} } } });
		expect(upper.json.errors[0].source).toEqual({ pointer: '/properties/OrderStr' });
		const typo = await call(sb, 'PUT', '/v1/metadata/customer', { body: { properties: { orderStr: { displayname: 'x' } } } });
		expect(typo.json.errors[0].source).toEqual({ pointer: '/properties/orderStr/displayname' });
		const badEnum = await call(sb, 'PUT', '/v1/metadata/customer', { body: { properties: { orderStr: { enumeration: 'a,b' } } } });
		expect(badEnum.json.errors[0].source).toEqual({ pointer: '/properties/orderStr/enumeration' });
		const relationship = await call(sb, 'PUT', '/v1/metadata/customer', { body: { relationships: { orderStr: { target: 'kobject.order' } } } });
		expect(relationship.json.errors[0].source).toEqual({ pointer: '/relationships/orderStr' });
		const extra = await call(sb, 'PUT', '/v1/metadata/customer', { body: { fields: {} } });
		expect(extra.json.errors[0].source).toEqual({ pointer: '/fields' });
		expect(sb.counters.updated.metadata).toBeUndefined();
	});

	it('requires an existing target for relationship (Id) attributes', async () => {
		const noTarget = await call(sb, 'PUT', '/v1/metadata/customer', { body: { properties: { ordersId: { displayName: 'Orders' } } } });
		expect(noTarget.status).toBe(400);
		expect(noTarget.json.errors[0].source).toEqual({ pointer: '/properties/ordersId/target' });
		const unknownKlass = await call(sb, 'PUT', '/v1/metadata/customer', { body: { properties: { ordersId: { target: 'kobject.order' } } } });
		expect(unknownKlass.json.errors[0].source).toEqual({ pointer: '/properties/ordersId/target' });
		const badTarget = await call(sb, 'PUT', '/v1/metadata/customer', { body: { properties: { ordersId: { target: 'orders' } } } });
		expect(badTarget.json.errors[0].source).toEqual({ pointer: '/properties/ordersId/target' });
		await createKlass(sb, { name: 'order' });
		const ok = await call(sb, 'PUT', '/v1/metadata/customer', { body: { properties: { ordersId: { target: 'kobject.order', multi: true } } } });
		expect(ok.json.data.attributes.properties.ordersId).toMatchObject({ target: 'kobject.order', multi: true, displayName: 'Orders', type: 'string' });
		const rel = await call(sb, 'PUT', '/v1/metadata/conversation', { body: { relationships: { customerRefId: { target: 'customer' } } } });
		expect(rel.json.data.attributes.relationships.customerRefId).toMatchObject({ target: 'customer' });
	});

	it('serves kobject.<klass> metadata for existing klasses only; other resource names are a 400', async () => {
		expect((await call(sb, 'GET', '/v1/metadata/kobject.order')).status).toBe(404);
		expect((await call(sb, 'PUT', '/v1/metadata/kobject.order', { body: { properties: { totalNum: {} } } })).status).toBe(404);
		await createKlass(sb, { name: 'order' });
		expect((await call(sb, 'GET', '/v1/metadata/kobject.order')).json.data).toMatchObject({ id: 'kobject.order', attributes: { properties: {} } });
		const put = await call(sb, 'PUT', '/v1/metadata/kobject.order', { body: { properties: { totalNum: { displayName: 'Total' }, statusStr: { enumeration: ['open', 'shipped'] } } } });
		expect(Object.keys(put.json.data.attributes.properties)).toEqual(['totalNum', 'statusStr']);
		const unknown = await call(sb, 'GET', '/v1/metadata/orders');
		expect(unknown.status).toBe(400);
		expect(unknown.json.errors[0].source).toEqual({ parameter: 'resource' });
	});

	it('caps the merged properties at 100', async () => {
		const properties: Record<string, object> = {};
		for (let i = 0; i < 100; i++) properties[`extra${i}Str`] = {};
		const r = await call(sb, 'PUT', '/v1/metadata/message', { body: { properties } });
		expect(r.status).toBe(200);
		const over = await call(sb, 'PUT', '/v1/metadata/message', { body: { properties: { oneMoreStr: {} } } });
		expect(over.status).toBe(400);
		expect(over.json.errors[0].title).toContain('at most 100 properties');
	});

	it('takes its roles from the document', async () => {
		expect((await call(sb, 'GET', '/v1/metadata/customer', { key: 'meta-reader' })).status).toBe(200);
		expect((await call(sb, 'PUT', '/v1/metadata/customer', { key: 'meta-reader', body: { properties: {} } })).status).toBe(401);
		expect((await call(sb, 'PUT', '/v1/metadata/customer', { key: 'meta-writer', body: { properties: { aStr: {} } } })).status).toBe(200);
		expect((await call(sb, 'GET', '/v1/metadata/customer', { key: 'meta-writer' })).status).toBe(401);
	});
});
