import type { IDataObject } from 'n8n-workflow';

import type { KustomerSandbox } from '../../sandbox';
import { callLoadOptions } from '../harness/n8n';
import { apiRequests, credentialsFor, runKustomer, seedCustomer, startSandbox } from './setup';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

let sandbox: KustomerSandbox;
let customer: IDataObject;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(async () => {
	sandbox.reset();
	customer = await seedCustomer(sandbox, { name: 'Conversation Owner', emails: [{ email: 'owner@example.com' }] });
	sandbox.clearRequests();
});
afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid && request.status !== 400);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

async function createConversation(fields: IDataObject = {}): Promise<IDataObject> {
	const result = await runKustomer(sandbox, {
		resource: 'conversation',
		operation: 'create',
		customer: byId(String(customer.id)),
		conversationName: 'Order 1042 arrived damaged',
		conversationAdditionalFields: fields as never,
	});
	expect(result.error).toBeUndefined();
	return result.items[0].json;
}

const GIVEN_ID = '6650a1b2c3d4e5f6a7b8c9d0';
const CAMPAIGN_ID = '6650a1b2c3d4e5f6a7b8c9ff';

describe('Conversation › Create', () => {
	it('creates a conversation for the customer with every seed-003 field', async () => {
		const users = await callLoadOptions({ nodeType: 'kustomer', method: 'getUsers', credentials: credentialsFor(sandbox) });
		const teams = await callLoadOptions({ nodeType: 'kustomer', method: 'getTeams', credentials: credentialsFor(sandbox) });
		const queues = await callLoadOptions({ nodeType: 'kustomer', method: 'getQueues', credentials: credentialsFor(sandbox) });
		expect(users.length).toBeGreaterThan(0);
		sandbox.clearRequests();

		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'create',
			customer: { __rl: true, mode: 'email', value: 'owner@example.com' },
			conversationName: 'Order 1042 arrived damaged',
			conversationAdditionalFields: {
				id: GIVEN_ID,
				campaign: CAMPAIGN_ID,
				queueExternal: 'amazon-connect',
				externalId: 'zendesk-1042',
				status: 'open',
				priority: 4,
				direction: 'in',
				replyChannel: 'email',
				tags: ['damaged', 'refund'],
				assignedUsers: [users[0].value],
				assignedTeams: [teams[0].value],
				queue: queues[0].value,
				defaultLang: 'en_us',
				createdAt: '2024-05-01T09:00:00Z',
				importedAt: '2024-05-02T09:00:00Z',
			},
			conversationCustomAttributes: { values: [{ key: 'order_number', value: 1042 }] },
		});

		expect(result.error).toBeUndefined();
		const requests = apiRequests(sandbox);
		expect(requests.map((request) => [request.method, request.path])).toEqual([
			['GET', '/v1/customers/email=owner%40example.com'],
			['GET', '/v1/metadata/conversation'],
			['POST', `/v1/customers/${String(customer.id)}/conversations`],
		]);
		expect(requests[2].body).toEqual({
			id: GIVEN_ID,
			campaign: CAMPAIGN_ID,
			name: 'Order 1042 arrived damaged',
			externalId: 'zendesk-1042',
			status: 'open',
			priority: 4,
			direction: 'in',
			replyChannel: 'email',
			tags: ['damaged', 'refund'],
			assignedUsers: [users[0].value],
			assignedTeams: [teams[0].value],
			queue: { id: queues[0].value, external: 'amazon-connect' },
			defaultLang: 'en_us',
			createdAt: '2024-05-01T09:00:00.000Z',
			importedAt: '2024-05-02T09:00:00.000Z',
			custom: { orderNumberStr: '1042' },
		});
		expect(result.items[0].json).toMatchObject({ id: GIVEN_ID, name: 'Order 1042 arrived damaged', priority: 4, status: 'open' });
		// order_number lands on the account's orderNumberStr (a String), so the number is written as text.
		expect(result.items[0].json.attributeNames).toEqual({ order_number: 'orderNumberStr' });
	});

	it('sends an External Queue alone as queue.external', async () => {
		await createConversation({ queueExternal: 'amazon-connect' });
		expect(apiRequests(sandbox).map((request) => request.body)).toEqual([{ name: 'Order 1042 arrived damaged', queue: { external: 'amazon-connect' } }]);
	});

	it.each([
		['id', 'ID', 'conv-1042'],
		['campaign', 'Campaign ID', '6650a1b2c3d4e5f6a7b8c9'],
	])('refuses %s when it is not a Kustomer ID, before sending', async (field, label, value) => {
		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'create',
			customer: byId(String(customer.id)),
			conversationAdditionalFields: { [field]: value },
		});
		expect(result.error?.message).toBe(`${label} "${value}" is not a Kustomer ID [item 0]`);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('refuses an External Queue Kustomer does not know, naming the values it takes', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'create',
			customer: byId(String(customer.id)),
			conversationAdditionalFields: { queueExternal: 'genesys' },
		});
		expect(result.error?.message).toBe('External Queue "genesys" is not allowed: use amazon-connect [item 0]');
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('refuses priority 7 before sending, naming the field', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'create',
			customer: byId(String(customer.id)),
			conversationAdditionalFields: { priority: 7 },
		});
		expect(result.error?.message).toBe('Priority must be a whole number from 1 to 5 (got 7) [item 0]');
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('says which customer does not exist', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'create',
			customer: byId('5f3c6a1b2c3d4e5f6a7b8c9d'),
		});
		expect(result.error?.message).toBe('Kustomer has no customer "5f3c6a1b2c3d4e5f6a7b8c9d"');
	});
});

describe('Conversation › Get, Get Many, Update, Tags, Delete', () => {
	it('gets a conversation by ID and by external ID', async () => {
		const created = await createConversation({ externalId: 'ext-77' });
		sandbox.clearRequests();
		for (const locator of [byId(String(created.id)), { __rl: true, mode: 'externalId', value: 'ext-77' }]) {
			const result = await runKustomer(sandbox, { resource: 'conversation', operation: 'get', conversation: locator });
			expect(result.items[0].json).toMatchObject({ id: created.id, externalId: 'ext-77' });
		}
		expect(apiRequests(sandbox).map((request) => request.path)).toEqual([
			`/v1/conversations/${String(created.id)}`,
			'/v1/conversations/externalId=ext-77',
		]);
	});

	it('fails clearly for an unknown conversation', async () => {
		const result = await runKustomer(sandbox, { resource: 'conversation', operation: 'get', conversation: byId('000000000000000000000bad') });
		expect(result.error?.message).toBe('Kustomer has no conversation "000000000000000000000bad"');
	});

	it('lists one customer\'s conversations and all conversations with Return All', async () => {
		for (let i = 0; i < 3; i++) await createConversation();
		const other = await seedCustomer(sandbox, { name: 'Other' });
		await runKustomer(sandbox, { resource: 'conversation', operation: 'create', customer: byId(String(other.id)) });
		sandbox.clearRequests();

		const mine = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'getAll',
			conversationsOf: 'customer',
			conversationsOfCustomer: byId(String(customer.id)),
			returnAll: true,
		});
		expect(mine.items).toHaveLength(3);
		const all = await runKustomer(sandbox, { resource: 'conversation', operation: 'getAll', returnAll: false, limit: 2, listOptions: { sort: 'desc' } });
		expect(all.items).toHaveLength(2);
		expect(apiRequests(sandbox).map((request) => [request.path, request.query])).toEqual([
			[`/v1/customers/${String(customer.id)}/conversations`, { page: '1', pageSize: '100' }],
			['/v1/conversations', { sort: 'desc', page: '1', pageSize: '2' }],
		]);
	});

	it('snoozes with a time and refuses snoozed without one', async () => {
		const created = await createConversation();
		sandbox.clearRequests();
		const snoozed = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'update',
			conversation: byId(String(created.id)),
			conversationUpdateFields: { snoozeUntil: '2030-01-01T08:00:00Z', priority: 2 },
		});
		expect(snoozed.error).toBeUndefined();
		expect(apiRequests(sandbox)[0]).toMatchObject({
			method: 'PATCH',
			path: `/v1/conversations/${String(created.id)}`,
			body: { priority: 2, status: 'snoozed', snooze: { time: '2030-01-01T08:00:00.000Z', status: 'scheduled' } },
		});
		expect(snoozed.items[0].json).toMatchObject({ status: 'snoozed', priority: 2 });

		const refused = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'update',
			conversation: byId(String(created.id)),
			conversationUpdateFields: { status: 'snoozed' },
		});
		expect(refused.error?.message).toBe('Snooze Until is required when Status is Snoozed [item 0]');
		expect(apiRequests(sandbox)).toHaveLength(1);
	});

	it('adds and removes tags, keeping the others', async () => {
		const created = await createConversation({ tags: ['keep'] });
		sandbox.clearRequests();
		const added = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'addTags',
			conversation: byId(String(created.id)),
			tagNames: ['urgent', 'vip'],
		});
		expect(added.error).toBeUndefined();
		const removed = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'removeTags',
			conversation: byId(String(created.id)),
			tagNames: '={{ "vip" }}',
		});
		expect(removed.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.path, request.body])).toEqual([
			['POST', `/v1/conversations/${String(created.id)}/tags`, ['urgent', 'vip']],
			['DELETE', `/v1/conversations/${String(created.id)}/tags`, ['vip']],
		]);
		expect((removed.items[0].json.tags as string[]).length).toBe(2);
	});

	it('deletes a conversation', async () => {
		const created = await createConversation();
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, { resource: 'conversation', operation: 'delete', conversation: byId(String(created.id)) });
		expect(result.items.map((item) => item.json)).toEqual([{ deleted: true }]);
		expect(apiRequests(sandbox).map((request) => [request.method, request.status])).toEqual([['DELETE', 204]]);
	});
});
