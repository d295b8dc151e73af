import { KustomerSandbox } from '../../sandbox';
import { call, createConversation, createCustomer, MISSING_ID } from './helpers';

describe('sandbox messages', () => {
	let sb: KustomerSandbox;
	let customer: string;
	let conversation: string;

	beforeAll(async () => {
		sb = await KustomerSandbox.start();
	});
	afterAll(() => sb.close());
	beforeEach(async () => {
		sb.reset();
		customer = await createCustomer(sb, { name: 'Messaged' });
		conversation = await createConversation(sb, customer);
	});

	const conv = (id = conversation) => sb.store.conversations.get(id)!.attributes;

	it('records a message in a conversation (nothing is sent) and updates the conversation', async () => {
		const r = await call(sb, 'POST', `/v1/conversations/${conversation}/messages`, {
			body: { channel: 'email', app: 'postmark', direction: 'in', subject: 'Where is my order?', preview: 'Hi, it is late', meta: { from: 'a@example.com' } },
		});
		expect(r.status).toBe(201);
		const data = r.json.data;
		expect(data).toMatchObject({
			type: 'message',
			links: { self: `/v1/messages/${data.id}` },
			attributes: { channel: 'email', app: 'postmark', direction: 'in', directionType: 'initial-in', status: 'received', subject: 'Where is my order?' },
		});
		expect(data.relationships.conversation.data).toEqual({ type: 'conversation', id: conversation });
		expect(data.relationships.customer.data).toEqual({ type: 'customer', id: customer });
		await call(sb, 'POST', `/v1/conversations/${conversation}/messages`, { body: { channel: 'sms', app: 'twilio', direction: 'out', preview: 'On its way' } });
		expect(conv()).toMatchObject({ messageCount: 2, inboundMessageCount: 1, outboundMessageCount: 1, channels: ['email', 'sms'] });
		const reply = sb.store.messages.get([...sb.store.messages.keys()][1])!.attributes;
		expect(reply).toMatchObject({ directionType: 'response-out', status: 'sent' });
		expect(sb.counters.created.message).toBe(2);
	});

	it('requires channel and app (spec) and answers 404 for unknown conversations or customers', async () => {
		const none = await call(sb, 'POST', `/v1/conversations/${conversation}/messages`, { body: { preview: 'x' } });
		expect(none.status).toBe(400);
		expect(none.json.errors.map((e: any) => e.source.pointer).sort()).toEqual(['/app', '/channel']);
		const channel = await call(sb, 'POST', `/v1/conversations/${conversation}/messages`, { body: { channel: 'pigeon', app: 'x' } });
		expect(channel.json.errors[0].source).toEqual({ pointer: '/channel' });
		expect((await call(sb, 'POST', `/v1/conversations/${MISSING_ID}/messages`, { body: { channel: 'chat', app: 'x' } })).status).toBe(404);
		expect((await call(sb, 'POST', `/v1/customers/${MISSING_ID}/messages`, { body: { channel: 'chat', app: 'x' } })).status).toBe(404);
		expect(conv().messageCount).toBe(0);
	});

	it('posted to a customer: links to the given conversation, or starts a new one', async () => {
		const linked = await call(sb, 'POST', `/v1/customers/${customer}/messages`, { body: { channel: 'chat', app: 'chat', conversation } });
		expect(linked.status).toBe(201);
		expect(linked.json.data.relationships.conversation.data.id).toBe(conversation);
		expect(conv().messageCount).toBe(1);
		const fresh = await call(sb, 'POST', `/v1/customers/${customer}/messages`, { body: { channel: 'email', app: 'gmail', subject: 'New topic', direction: 'out' } });
		expect(fresh.status).toBe(201);
		const started = fresh.json.data.relationships.conversation.data.id;
		expect(started).not.toBe(conversation);
		expect(conv(started)).toMatchObject({ name: 'New topic', direction: 'out', messageCount: 1, channels: ['email'] });
		expect(sb.store.customers.get(customer)?.attributes.conversationCounts).toEqual({ all: 2, open: 2, snoozed: 0, done: 0 });
		expect(sb.counters.created.conversation).toBe(2);
		const other = await createCustomer(sb, { name: 'Someone else' });
		const foreign = await call(sb, 'POST', `/v1/customers/${other}/messages`, { body: { channel: 'chat', app: 'chat', conversation } });
		expect(foreign.status).toBe(400);
		expect(foreign.json.errors[0].source).toEqual({ pointer: '/conversation' });
		expect((await call(sb, 'POST', `/v1/customers/${customer}/messages`, { body: { channel: 'chat', app: 'chat', conversation: MISSING_ID } })).status).toBe(404);
	});

	it('lists per conversation and per customer with links.next, and gets by id', async () => {
		const other = await createConversation(sb, customer);
		const ids: string[] = [];
		for (let i = 0; i < 3; i++) {
			const r = await call(sb, 'POST', `/v1/conversations/${i < 2 ? conversation : other}/messages`, { body: { channel: 'chat', app: 'chat', preview: `m${i}` } });
			ids.push(r.json.data.id);
		}
		const page = await call(sb, 'GET', `/v1/conversations/${conversation}/messages?pageSize=1`);
		expect(page.json.data.map((m: any) => m.id)).toEqual([ids[0]]);
		expect(page.json.links.next).toBe(`/v1/conversations/${conversation}/messages?page=2&pageSize=1`);
		const all = await call(sb, 'GET', `/v1/customers/${customer}/messages`);
		expect(all.json.data.map((m: any) => m.id)).toEqual(ids);
		expect(all.json.links.next).toBeNull();
		expect((await call(sb, 'GET', `/v1/messages/${ids[2]}`)).json.data.attributes.preview).toBe('m2');
		expect((await call(sb, 'GET', `/v1/messages/${MISSING_ID}`)).status).toBe(404);
		expect((await call(sb, 'GET', `/v1/conversations/${MISSING_ID}/messages`)).status).toBe(404);
		expect((await call(sb, 'GET', `/v1/customers/${MISSING_ID}/messages`)).status).toBe(404);
	});
});
