import { DEMO_CUSTOMER_COUNT, demoCustomerBody, demoCustomerId, KustomerSandbox } from '../../sandbox';
import { call } from './helpers';

describe('sandbox startup and demo data', () => {
	let demo: KustomerSandbox;
	let fresh: KustomerSandbox;

	beforeAll(async () => {
		// the first start in a process loads and patches the 4 MB document
		const started = Date.now();
		demo = await KustomerSandbox.start({ demo: true });
		const firstStartMs = Date.now() - started;
		fresh = await KustomerSandbox.start({ apiKey: 'other-key' });
		// visible in the jest output, for the record
		process.stderr.write(`sandbox start: first ${firstStartMs} ms (engine ${demo.engine.startupMs} ms), second ${fresh.startupMs} ms\n`);
	});
	afterAll(async () => {
		await demo.close();
		await fresh.close();
	});

	it('starts well under 3 s and listens on 127.0.0.1 with a random port', () => {
		expect(demo.startupMs).toBeLessThan(3000);
		expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(fresh.url).not.toBe(demo.url);
		expect(fresh.apiKey).toBe('other-key');
		expect(demo.apiKey).toBe('sandbox-key');
	});

	it('seeds ~25 customers with deterministic ids, emails, phones, tags and custom attributes', async () => {
		expect(demo.store.customers.size).toBe(DEMO_CUSTOMER_COUNT);
		expect(DEMO_CUSTOMER_COUNT).toBeGreaterThanOrEqual(20);
		const r = await call(demo, 'GET', `/v1/customers/${demoCustomerId(0)}`);
		expect(r.status).toBe(200);
		expect(r.json.data.attributes).toMatchObject({
			name: 'Ada Lovelace',
			emails: [expect.objectContaining({ email: 'ada.lovelace@example.com' })],
			phones: [expect.objectContaining({ phone: expect.stringMatching(/^\+1\d{10}$/) })],
			custom: expect.objectContaining({ tierStr: expect.any(String), lifetimeValueNum: expect.any(Number) }),
		});
		const all = [...demo.store.customers.values()];
		expect(all.filter((c) => c.attributes.tags.length > 0).length).toBeGreaterThan(10);
		expect(new Set(all.map((c) => c.id)).size).toBe(DEMO_CUSTOMER_COUNT);
		expect(demo.counters.created).toEqual({});
		expect(fresh.store.customers.size).toBe(0);
	});

	it('re-seeds the same demo data on reset()', async () => {
		await call(demo, 'DELETE', `/v1/customers/${demoCustomerId(1)}`);
		expect(demo.store.customers.has(demoCustomerId(1))).toBe(false);
		demo.reset();
		expect(demo.store.customers.size).toBe(DEMO_CUSTOMER_COUNT);
		expect(demo.store.customers.get(demoCustomerId(1))?.attributes.name).toBe('Grace Hopper');
	});

	it('every demo customer is something the real API would accept', async () => {
		for (let i = 0; i < DEMO_CUSTOMER_COUNT; i++) {
			const r = await call(fresh, 'POST', '/v1/customers', { body: demoCustomerBody(i) });
			expect({ i, status: r.status, errors: r.json.errors }).toEqual({ i, status: 201, errors: undefined });
		}
		expect(fresh.counters.created.customer).toBe(DEMO_CUSTOMER_COUNT);
	});

	it('demo data is searchable', async () => {
		const r = await call(demo, 'POST', '/v1/customers/search', {
			body: { queryContext: 'customer', and: [{ customer_custom_tierStr: { equals: 'gold' } }], sort: [{ customer_name: 'asc' }] },
		});
		expect(r.status).toBe(200);
		expect(r.json.meta.total).toBeGreaterThan(0);
		expect(r.json.data.every((d: any) => d.attributes.custom.tierStr === 'gold')).toBe(true);
	});
});
