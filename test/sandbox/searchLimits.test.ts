/**
 * Search as Kustomer documents its limits: the per-key search rate limit, 500 per page, the documented
 * operators only, 20 conditions per group, sorting on customer attributes only, and the message, note and
 * kobject_<klass> contexts.
 */
import { KustomerSandbox } from '../../sandbox';
import { call, createConversation, createCustomer, createKlass, createKObject } from './helpers';

const OTHER_KEY = 'second-search-key';

describe('sandbox search limits', () => {
	let sb: KustomerSandbox;

	beforeAll(async () => {
		sb = await KustomerSandbox.start({ keys: { [OTHER_KEY]: ['org.permission.search.create'] }, searchRateLimit: { limit: 3, windowMs: 1500 } });
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	const search = (body: Record<string, unknown>, query = '', key?: string) =>
		call(sb, 'POST', `/v1/customers/search${query}`, { body: { queryContext: 'customer', ...body }, key });

	it('limits searches per API key in a sliding window, apart from other requests, with x-ratelimit-* headers', async () => {
		const answers = [];
		for (let i = 0; i < 3; i++) answers.push(await search({}));
		expect(answers.map((a) => [a.status, a.headers.get('x-ratelimit-limit'), a.headers.get('x-ratelimit-remaining')])).toEqual([
			[200, '3', '2'],
			[200, '3', '1'],
			[200, '3', '0'],
		]);
		// other endpoints do not count against the search limit
		expect((await call(sb, 'GET', '/v1/customers')).status).toBe(200);
		const refused = await search({});
		expect(refused.status).toBe(429);
		expect(refused.json.errors[0]).toMatchObject({ status: 429, code: 'too_many_requests' });
		expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
		const reset = Number(refused.headers.get('x-ratelimit-reset'));
		expect(reset * 1000).toBeGreaterThan(Date.now());
		expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 1500 + 1000);
		// another key has its own budget
		expect((await search({}, '', OTHER_KEY)).status).toBe(200);
		// once the oldest search left the window, one more is allowed
		sb.store.clock.advance(Math.max(0, reset * 1000 - sb.store.clock.currentMs()) + 50);
		expect((await search({})).status).toBe(200);
	});

	it('is on by default at 100 searches a minute, and can be set over HTTP', async () => {
		const plain = await KustomerSandbox.start();
		try {
			expect(plain.searchLimiter.current).toEqual({ limit: 100, windowMs: 60_000 });
			const set = await fetch(`${plain.url}/__sandbox/search-rate-limit`, { method: 'POST', body: JSON.stringify({ limit: 1, windowMs: 5000 }) });
			expect(await set.json()).toEqual({ limit: 1, windowMs: 5000 });
			expect((await call(plain, 'POST', '/v1/customers/search', { body: { queryContext: 'customer' } })).status).toBe(200);
			expect((await call(plain, 'POST', '/v1/customers/search', { body: { queryContext: 'customer' } })).status).toBe(429);
			plain.reset();
			expect(plain.searchLimiter.current).toEqual({ limit: 100, windowMs: 60_000 });
		} finally {
			await plain.close();
		}
	});

	it('serves up to 500 records a page', async () => {
		sb.setSearchRateLimit({ limit: null });
		sb.seedCustomers(600);
		const page = await search({}, '?page=1&pageSize=500');
		expect(page.status).toBe(200);
		expect(page.json.data).toHaveLength(500);
		expect(page.json.meta).toMatchObject({ pageSize: 500, total: 600, totalPages: 2 });
		const over = await search({}, '?page=1&pageSize=501');
		expect(over.status).toBe(400);
		expect(over.json.errors[0]).toMatchObject({ code: 'invalid', source: { parameter: 'pageSize' } });
	});

	it('accepts only the documented operators', async () => {
		sb.setSearchRateLimit({ limit: null });
		for (const operator of ['gt', 'exists', 'like']) {
			const answer = await search({ and: [{ customer_name: { [operator]: operator === 'exists' ? true : 'x' } }] });
			expect(answer.status).toBe(400);
			expect(answer.json.errors[0].source).toEqual({ pointer: `/and/0/customer_name/${operator}` });
		}
		for (const condition of [{ equals: 'x' }, { contains: 'x' }, { in: ['x'] }, { gte: 'a' }, { lt: 'a' }, { lte: 'a' }, { not_set: '' }]) {
			expect((await search({ and: [{ customer_name: condition }] })).status).toBe(200);
		}
	});

	it('refuses a group of more than 20 conditions', async () => {
		sb.setSearchRateLimit({ limit: null });
		const conditions = (n: number) => Array.from({ length: n }, (_, i) => ({ customer_name: { contains: `x${i}` } }));
		expect((await search({ or: conditions(20) })).status).toBe(200);
		for (const group of ['and', 'or', 'not']) {
			const answer = await search({ [group]: conditions(21) });
			expect(answer.status).toBe(400);
			expect(answer.json.errors[0]).toMatchObject({ code: 'invalid', source: { pointer: `/${group}` } });
		}
		// two attributes in one object are two conditions
		expect((await search({ and: [...conditions(19), { customer_name: { contains: 'a' }, customer_email: { contains: 'b' } }] })).status).toBe(400);
	});

	it('sorts only on the documented customer attributes', async () => {
		sb.setSearchRateLimit({ limit: null });
		expect((await search({ sort: [{ customer_updated_at: 'asc' }] })).status).toBe(200);
		const tags = await search({ sort: [{ customer_tags: 'asc' }] });
		expect(tags.status).toBe(400);
		expect(tags.json.errors[0]).toMatchObject({ code: 'invalid', source: { pointer: '/sort/0/customer_tags' } });
	});

	it('searches messages, notes and the custom objects of a Klass', async () => {
		sb.setSearchRateLimit({ limit: null });
		const ann = await createCustomer(sb, { name: 'Ann' });
		const conversation = await createConversation(sb, ann, { name: 'Order' });
		const chat = await call(sb, 'POST', `/v1/conversations/${conversation}/messages`, { body: { channel: 'chat', app: 'chat', preview: 'hello there' } });
		await call(sb, 'POST', `/v1/conversations/${conversation}/messages`, { body: { channel: 'email', app: 'postmark', preview: 'invoice' } });
		await call(sb, 'POST', `/v1/conversations/${conversation}/notes`, { body: { body: 'Refund approved' } });
		await call(sb, 'POST', `/v1/conversations/${conversation}/notes`, { body: { body: 'Called back' } });
		await createKlass(sb, { name: 'ecomm-order' });
		await createKObject(sb, 'ecomm-order', { title: 'Order 1', custom: { totalNum: 120 } });
		await createKObject(sb, 'ecomm-order', { title: 'Order 2', custom: { totalNum: 30 } });

		const messages = await call(sb, 'POST', '/v1/customers/search', { body: { queryContext: 'message', and: [{ message_channel: { equals: 'chat' } }] } });
		expect(messages.status).toBe(200);
		expect(messages.json.data.map((m: any) => [m.type, m.id])).toEqual([['message', chat.json.data.id]]);
		const notes = await call(sb, 'POST', '/v1/customers/search', { body: { queryContext: 'note', and: [{ note_body: { contains: 'refund' } }] } });
		expect(notes.json.data.map((n: any) => [n.type, n.attributes.body])).toEqual([['note', 'Refund approved']]);
		const kobjects = await call(sb, 'POST', '/v1/customers/search', {
			body: { queryContext: 'kobject_ecomm-order', and: [{ 'kobject_custom_ecomm-order_totalNum': { gte: 100 } }] },
		});
		expect(kobjects.json.data.map((k: any) => [k.type, k.attributes.title])).toEqual([['kobject.ecomm-order', 'Order 1']]);
		const unknownKlass = await call(sb, 'POST', '/v1/customers/search', { body: { queryContext: 'kobject_nothing' } });
		expect(unknownKlass.status).toBe(400);
		expect(unknownKlass.json.errors[0].source).toEqual({ pointer: '/queryContext' });
		for (const [queryContext, key] of [['message', 'message_created_at'], ['note', 'note_updated_at'], ['kobject_ecomm-order', 'kobject_updated_at']]) {
			const sorted = await call(sb, 'POST', '/v1/customers/search', { body: { queryContext, sort: [{ [key]: 'asc' }] } });
			expect(sorted.status).toBe(400);
		}
	});
});
