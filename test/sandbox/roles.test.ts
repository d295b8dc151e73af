import { KustomerSandbox } from '../../sandbox';
import { call, createConversation, createCustomer } from './helpers';

/** Roles of the conversation, note and message operations come from the role tables in the spec descriptions. */
describe('sandbox roles for conversations, notes and messages', () => {
	let sb: KustomerSandbox;
	let customer: string;
	let conversation: string;

	beforeAll(async () => {
		sb = await KustomerSandbox.start({
			keys: {
				'conv-reader': ['org.user.conversation.read'],
				'conv-writer': ['org.permission.conversation.create', 'org.permission.conversation.update'],
				'note-key': ['org.permission.note.create', 'org.permission.note.read'],
				'message-key': ['org.user.message.write', 'org.user.message.read'],
				'customer-only': ['org.user.customer.read', 'org.user.customer.write'],
			},
		});
		customer = await createCustomer(sb, { name: 'Roles' });
		conversation = await createConversation(sb, customer);
	});
	afterAll(() => sb.close());

	const status = async (key: string, method: string, path: string, body?: unknown) => (await call(sb, method, path, { key, body })).status;

	it('grants each operation to a key holding one of its listed roles and answers 401 otherwise', async () => {
		expect(await status('conv-reader', 'GET', `/v1/conversations/${conversation}`)).toBe(200);
		expect(await status('conv-reader', 'GET', `/v1/customers/${customer}/conversations`)).toBe(200);
		expect(await status('conv-reader', 'PATCH', `/v1/conversations/${conversation}`, { name: 'x' })).toBe(401);
		expect(await status('conv-writer', 'POST', `/v1/customers/${customer}/conversations`, {})).toBe(201);
		expect(await status('conv-writer', 'PATCH', `/v1/conversations/${conversation}`, { name: 'x' })).toBe(200);
		expect(await status('conv-writer', 'POST', `/v1/conversations/${conversation}/tags`, ['x'])).toBe(200);
		// removing tags needs conversation.delete (or the legacy write role)
		expect(await status('conv-writer', 'DELETE', `/v1/conversations/${conversation}/tags`, ['x'])).toBe(401);
		expect(await status('conv-writer', 'DELETE', `/v1/conversations/${conversation}`)).toBe(401);
		expect(await status('customer-only', 'GET', `/v1/conversations/${conversation}`)).toBe(401);

		expect(await status('note-key', 'POST', `/v1/conversations/${conversation}/notes`, { body: 'hi' })).toBe(201);
		expect(await status('note-key', 'GET', `/v1/conversations/${conversation}/notes`)).toBe(200);
		expect(await status('conv-reader', 'GET', `/v1/conversations/${conversation}/notes`)).toBe(401);

		expect(await status('message-key', 'POST', `/v1/conversations/${conversation}/messages`, { channel: 'chat', app: 'chat' })).toBe(201);
		expect(await status('message-key', 'GET', `/v1/customers/${customer}/messages`)).toBe(200);
		expect(await status('note-key', 'GET', `/v1/customers/${customer}/messages`)).toBe(401);
	});

	it('names the missing roles in the 401', async () => {
		const r = await call(sb, 'DELETE', `/v1/conversations/${conversation}`, { key: 'conv-reader' });
		expect(r.json.errors[0].title).toContain('org.user.conversation.delete');
		expect(r.json.errors[0].title).toContain('org.permission.conversation.delete');
	});
});
