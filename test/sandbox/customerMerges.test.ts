import { KustomerSandbox } from '../../sandbox';
import { call } from './helpers';

/** Customer merges in the sandbox (https://developer.kustomer.com/kustomer-api-docs/reference/customers-merges). */
describe('sandbox customer merges', () => {
	let sb: KustomerSandbox;

	beforeAll(async () => {
		sb = await KustomerSandbox.start();
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	const create = async (body: Record<string, unknown>) => (await call(sb, 'POST', '/v1/customers', { body })).json.data;

	it('answers queued, runs at the first poll and applies the documented field rules', async () => {
		const source = await create({
			name: 'Source',
			username: 'src',
			locale: 'fr-FR',
			phones: [{ phone: '+18005551212' }],
			custom: { aStr: 'source', bStr: 'only-source' },
			createdAt: '2018-01-01T00:00:00.000Z',
			lastActivityAt: '2025-01-01T00:00:00.000Z',
		});
		const target = await create({
			name: 'Target',
			phones: [{ phone: '+1 800 555 1212' }, { phone: '+18005550000' }],
			custom: { aStr: 'target' },
			createdAt: '2020-01-01T00:00:00.000Z',
			lastActivityAt: '2024-01-01T00:00:00.000Z',
		});
		const posted = await call(sb, 'POST', '/v1/customers/merges', { body: { source: source.id, target: target.id } });
		expect(posted.status).toBe(201);
		expect(posted.json.data).toMatchObject({ type: 'customer_merge', attributes: { status: 'queued' } });
		expect(posted.json.data.relationships.source.data).toEqual({ type: 'customer', id: source.id });
		expect(sb.store.customers.has(source.id)).toBe(true);

		const polled = await call(sb, 'GET', `/v1/customers/merges/${String(posted.json.data.id)}`);
		expect(polled.json.data.attributes.status).toBe('complete');
		expect(sb.store.customers.has(source.id)).toBe(false);
		const merged = (await call(sb, 'GET', `/v1/customers/${String(target.id)}`)).json.data.attributes;
		expect(merged).toMatchObject({
			// target wins; the source's value only where the target has none
			name: 'Target',
			username: 'src',
			locale: 'fr-FR',
			// unioned (the same number written two ways is one)
			phones: [{ phone: '+1 800 555 1212' }, { phone: '+18005550000' }],
			custom: { aStr: 'target', bStr: 'only-source' },
			// oldest and most recent
			createdAt: '2018-01-01T00:00:00.000Z',
			lastActivityAt: '2025-01-01T00:00:00.000Z',
			rev: 2,
		});
		const byCustomer = await call(sb, 'GET', `/v1/customers/${String(target.id)}/merges`);
		expect(byCustomer.json.data.map((merge: { id: string }) => merge.id)).toEqual([posted.json.data.id]);
	});

	it('refuses the same customer twice and an unknown one, naming the field', async () => {
		const one = await create({ name: 'One' });
		const same = await call(sb, 'POST', '/v1/customers/merges', { body: { source: one.id, target: one.id } });
		expect(same.status).toBe(400);
		expect(same.json.errors[0].source).toEqual({ pointer: '/target' });
		const unknown = await call(sb, 'POST', '/v1/customers/merges', { body: { source: '5f3c6a1b2c3d4e5f6a7b8c9d', target: one.id } });
		expect(unknown.status).toBe(404);
		expect(unknown.json.errors[0].source).toEqual({ pointer: '/source' });
	});

	it('holds merges queued with pollsBeforeMerge and runs them with finishMerges; a gone target fails the merge', async () => {
		sb.setMergeSettings({ pollsBeforeMerge: 3 });
		const a = await create({ name: 'A' });
		const b = await create({ name: 'B' });
		const c = await create({ name: 'C' });
		const first = (await call(sb, 'POST', '/v1/customers/merges', { body: { source: a.id, target: b.id } })).json.data;
		expect((await call(sb, 'GET', `/v1/customers/merges/${String(first.id)}`)).json.data.attributes.status).toBe('queued');
		expect((await call(sb, 'GET', `/v1/customers/merges/${String(first.id)}`)).json.data.attributes.status).toBe('queued');
		expect((await call(sb, 'GET', `/v1/customers/merges/${String(first.id)}`)).json.data.attributes.status).toBe('complete');

		const second = (await call(sb, 'POST', '/v1/customers/merges', { body: { source: c.id, target: b.id } })).json.data;
		sb.store.customers.delete(String(b.id));
		expect(sb.finishMerges()).toBe(1);
		const failed = (await call(sb, 'GET', `/v1/customers/merges/${String(second.id)}`)).json.data.attributes;
		expect(failed).toMatchObject({ status: 'failed', error: { title: 'Merge failed', detail: `target customer ${String(b.id)} no longer exists` } });
		expect(sb.store.customers.has(String(c.id))).toBe(true);
	});
});
