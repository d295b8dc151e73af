import type { IDataObject } from 'n8n-workflow';

import type { KustomerSandbox } from '../../sandbox';
import { apiRequests, runKustomer, seedCustomer, startSandbox } from './setup';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

let sandbox: KustomerSandbox;
let customer: IDataObject;
let conversation: IDataObject;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(async () => {
	sandbox.reset();
	customer = await seedCustomer(sandbox, { name: 'Messaged Customer' });
	conversation = (await runKustomer(sandbox, { resource: 'conversation', operation: 'create', customer: byId(String(customer.id)) })).items[0].json;
	sandbox.clearRequests();
});
afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

describe('Message › Log Message', () => {
	it('records an inbound email on a conversation', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'message',
			operation: 'log',
			logOn: 'conversation',
			logOnConversation: byId(String(conversation.id)),
			channel: 'email',
			app: 'postmark',
			direction: 'in',
			body: 'My order arrived damaged.',
			messageAdditionalFields: { subject: 'Damaged order', sentAt: '2024-05-01T10:00:00Z', externalId: 'pm-1', status: 'received' },
		});
		expect(result.error).toBeUndefined();
		const [request] = apiRequests(sandbox);
		expect([request.method, request.path]).toEqual(['POST', `/v1/conversations/${String(conversation.id)}/messages`]);
		expect(request.body).toEqual({
			channel: 'email',
			app: 'postmark',
			direction: 'in',
			preview: 'My order arrived damaged.',
			subject: 'Damaged order',
			sentAt: '2024-05-01T10:00:00.000Z',
			externalId: 'pm-1',
			status: 'received',
		});
		expect(result.items[0].json).toMatchObject({ channel: 'email', preview: 'My order arrived damaged.' });
	});

	it('records a message on a customer, then reads it back', async () => {
		const logged = await runKustomer(sandbox, {
			resource: 'message',
			operation: 'log',
			logOn: 'customer',
			logOnCustomer: byId(String(customer.id)),
			channel: 'sms',
			app: 'twilio',
			direction: 'out',
			body: 'Your replacement ships today.',
			messageAdditionalFields: { conversation: String(conversation.id) },
		});
		expect(logged.error).toBeUndefined();
		const messageId = String(logged.items[0].json.id);
		const got = await runKustomer(sandbox, { resource: 'message', operation: 'get', messageId });
		expect(got.items[0].json).toMatchObject({ id: messageId, channel: 'sms' });
		const listed = await runKustomer(sandbox, { resource: 'message', operation: 'getAll', messagesOf: 'conversation', messagesOfConversation: byId(String(conversation.id)), returnAll: true });
		expect(listed.items.map((item) => item.json.id)).toEqual([messageId]);
		expect(apiRequests(sandbox).map((request) => [request.method, request.path])).toEqual([
			['POST', `/v1/customers/${String(customer.id)}/messages`],
			['GET', `/v1/messages/${messageId}`],
			['GET', `/v1/conversations/${String(conversation.id)}/messages`],
		]);
	});

	it('refuses a channel Kustomer does not know', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'message',
			operation: 'log',
			logOnConversation: byId(String(conversation.id)),
			channel: '={{ "fax" }}',
			app: 'x',
		});
		expect(result.error?.message).toMatch(/^Channel "fax" is not allowed: use chat, email/);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('needs the app', async () => {
		const result = await runKustomer(sandbox, { resource: 'message', operation: 'log', logOnConversation: byId(String(conversation.id)), channel: 'chat', app: ' ' });
		expect(result.error?.message).toBe('App is empty [item 0]');
	});
});
