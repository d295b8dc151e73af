import { KustomerSandbox } from '../../sandbox';
import { call, createConversation, createCustomer } from './helpers';

/** Kustomer's per-customer creation caps (https://developer.kustomer.com/docs/concepts/rate-limits). */
describe('sandbox per-customer creation caps', () => {
	let sb: KustomerSandbox;
	beforeAll(async () => {
		sb = await KustomerSandbox.start();
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	it('counts each customer and kind on its own, answers 429 with the organization\'s budget still shown', async () => {
		const a = await createCustomer(sb, { name: 'A' });
		const b = await createCustomer(sb, { name: 'B' });
		const conversation = await createConversation(sb, a);
		sb.setRateLimit(50, 60_000);
		sb.setCreationCap(2, 60_000);
		const post = (path: string, body: unknown = {}) => call(sb, 'POST', path, { body });
		expect((await post(`/v1/customers/${a}/conversations`)).status).toBe(201);
		expect((await post('/v1/conversations', { customer: a })).status).toBe(201);
		const refused = await post(`/v1/customers/${a}/conversations`);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(refused.json.errors[0].detail).toMatch(/importedAt/);
		// Another customer, another kind, or an import are not held back.
		expect((await post(`/v1/customers/${b}/conversations`)).status).toBe(201);
		expect((await post(`/v1/conversations/${conversation}/messages`, { channel: 'sms', app: 'twilio', direction: 'out', preview: 'On its way' })).status).toBe(201);
		expect((await post(`/v1/customers/${a}/conversations`, { importedAt: '2024-01-01T00:00:00Z' })).status).toBe(201);
	});

	it('is off after reset', async () => {
		const a = await createCustomer(sb, { name: 'A' });
		sb.setCreationCap(0, 60_000);
		expect((await call(sb, 'POST', `/v1/customers/${a}/conversations`, { body: {} })).status).toBe(429);
		sb.reset();
		const again = await createCustomer(sb, { name: 'A again' });
		expect((await call(sb, 'POST', `/v1/customers/${again}/conversations`, { body: {} })).status).toBe(201);
	});
});
