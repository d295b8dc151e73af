import { KustomerSandbox } from '../../sandbox';
import { LimitClock } from '../../sandbox/clock';
import { call, createConversation, createCustomer } from './helpers';

/**
 * Drafts and forwards (https://developer.kustomer.com/api/core-resources/create-draft-for-customer ;
 * https://developer.kustomer.com/api/core-resources/update-draft ;
 * https://developer.kustomer.com/api/core-resources/create-forward-by-conversation).
 */
describe('sandbox drafts and forwards', () => {
	let sb: KustomerSandbox;
	beforeAll(async () => {
		sb = await KustomerSandbox.start();
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	const email = (extra: Record<string, unknown> = {}) => ({
		channel: 'email',
		to: [{ email: 'ada@example.com' }],
		from: { email: 'support@sandbox.example.com' },
		subject: 'Your order',
		body: 'It ships today.',
		...extra,
	});
	const outbound = (conversation: string) => [...sb.store.messages.values()].filter((m) => m.conversationId === conversation && m.attributes.direction === 'out');
	const later = () => new Date(sb.store.clock.peekMs() + 3_600_000).toISOString();

	it('sends a draft with sendAt and no scheduled flag at once: an outbound message, the draft gone', async () => {
		const customer = await createCustomer(sb, { name: 'Ada' });
		const conversation = await createConversation(sb, customer);
		const r = await call(sb, 'POST', `/v1/customers/${customer}/drafts`, { body: email({ conversation, sendAt: new Date().toISOString(), htmlBody: '<p>It ships today.</p>' }) });
		expect(r.status).toBe(200);
		expect(r.json.data.attributes.status).toBe('sent');
		expect(outbound(conversation).map((m) => [m.attributes.channel, m.attributes.preview, m.attributes.subject])).toEqual([['email', 'It ships today.', 'Your order']]);
		expect(sb.store.drafts.size).toBe(0);
		expect((await call(sb, 'GET', `/v1/customers/${customer}/drafts`)).json.data).toEqual([]);
	});

	it('holds a scheduled draft until the record clock passes sendAt, keeps an unscheduled one', async () => {
		const customer = await createCustomer(sb, { name: 'Ada' });
		const conversation = await createConversation(sb, customer);
		const scheduled = await call(sb, 'POST', `/v1/customers/${customer}/drafts`, { body: email({ conversation, sendAt: later(), scheduled: true }) });
		expect(scheduled.json.data.attributes.status).toBe('scheduled');
		const held = await call(sb, 'POST', `/v1/customers/${customer}/drafts`, { body: email({ conversation, sendAt: later(), scheduled: true }) });
		// unschedule the second one: it stays, whatever the clock does
		const unscheduled = await call(sb, 'PUT', `/v1/drafts/${held.json.data.id}`, { body: { channel: 'email', sendAt: null } });
		expect(unscheduled.json.data.attributes).toMatchObject({ status: 'draft', sendAt: null });
		expect((await call(sb, 'GET', `/v1/customers/${customer}/drafts`)).json.data).toHaveLength(2);
		expect(outbound(conversation)).toEqual([]);
		sb.store.clock.advance(3_600_001);
		const left = (await call(sb, 'GET', `/v1/customers/${customer}/drafts`)).json.data as Array<{ id: string }>;
		expect(left.map((d) => d.id)).toEqual([held.json.data.id]);
		expect(outbound(conversation)).toHaveLength(1);
	});

	it('refuses a sender that is no outbound account, and a WhatsApp draft validates', async () => {
		const customer = await createCustomer(sb, { name: 'Ada' });
		const wrong = await call(sb, 'POST', `/v1/customers/${customer}/drafts`, { body: email({ from: { email: 'someone@else.com' } }) });
		expect(wrong.status).toBe(400);
		expect(wrong.json.errors[0].source.pointer).toBe('/from');
		const whatsapp = await call(sb, 'POST', `/v1/customers/${customer}/drafts`, { body: { channel: 'whatsapp', app: 'whatsapp', body: 'Hi', to: '+14155550100', from: '+18005551313', sendAt: new Date().toISOString() } });
		expect([whatsapp.status, whatsapp.json.data?.attributes?.status]).toEqual([200, 'sent']);
		const tooLong = await call(sb, 'POST', `/v1/customers/${customer}/drafts`, { body: { channel: 'sms', body: 'x'.repeat(1601), to: '+14155550100', from: '+18005551212' } });
		expect(tooLong.status).toBe(400);
		const accounts = await call(sb, 'GET', '/v1/outboundAccounts');
		expect(accounts.json.data.map((a: { attributes: { channel: string } }) => a.attributes.channel)).toEqual(['email', 'email', 'sms', 'whatsapp']);
	});

	it('counts drafts against the per-customer cap, scheduled ones too', async () => {
		const customer = await createCustomer(sb, { name: 'Ada' });
		sb.setCreationCap(2, 60_000);
		expect((await call(sb, 'POST', `/v1/customers/${customer}/drafts`, { body: email({ sendAt: later(), scheduled: true }) })).status).toBe(200);
		expect((await call(sb, 'POST', `/v1/customers/${customer}/drafts`, { body: email() })).status).toBe(200);
		const refused = await call(sb, 'POST', `/v1/customers/${customer}/drafts`, { body: email() });
		expect(refused.status).toBe(429);
		expect(refused.json.errors[0].detail).toMatch(/2 draft creations/);
		(sb.limitClock as LimitClock).advance(60_001);
		expect((await call(sb, 'POST', `/v1/customers/${customer}/drafts`, { body: email() })).status).toBe(200);
	});

	it('deletes a draft; forwards a conversation now or scheduled', async () => {
		const customer = await createCustomer(sb, { name: 'Ada' });
		const conversation = await createConversation(sb, customer);
		const saved = await call(sb, 'POST', `/v1/customers/${customer}/drafts`, { body: email() });
		expect(saved.json.data.attributes.status).toBe('draft');
		expect((await call(sb, 'DELETE', `/v1/drafts/${saved.json.data.id}`)).status).toBe(204);
		expect((await call(sb, 'DELETE', `/v1/drafts/${saved.json.data.id}`)).status).toBe(404);
		const body = { channel: 'email', to: [{ email: 'billing@example.com' }], from: { email: 'support@sandbox.example.com' }, subject: 'Fwd', body: 'See below' };
		const now = await call(sb, 'POST', `/v1/conversations/${conversation}/forwards`, { body: { ...body, sendAt: new Date().toISOString() } });
		expect(now.json.data.attributes.status).toBe('sent');
		const scheduled = await call(sb, 'POST', `/v1/conversations/${conversation}/forwards`, { body: { ...body, sendAt: later() } });
		expect(scheduled.json.data.attributes.status).toBe('scheduled');
		sb.store.clock.advance(3_600_001);
		expect((await call(sb, 'GET', `/v1/forwards/${scheduled.json.data.id}`)).json.data.attributes.status).toBe('sent');
		const tooMany = await call(sb, 'POST', `/v1/conversations/${conversation}/forwards`, { body: { ...body, to: Array.from({ length: 101 }, (_, i) => ({ email: `r${i}@example.com` })) } });
		expect(tooMany.status).toBe(400);
	});
});
