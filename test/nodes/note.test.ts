import type { IDataObject } from 'n8n-workflow';

import type { KustomerSandbox } from '../../sandbox';
import { callLoadOptions } from '../harness/n8n';
import { apiRequests, credentialsFor, runKustomer, seedCustomer, startSandbox } from './setup';

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
	customer = await seedCustomer(sandbox, { name: 'Noted Customer' });
	const created = await runKustomer(sandbox, { resource: 'conversation', operation: 'create', customer: byId(String(customer.id)), conversationName: 'Premium interest' });
	conversation = created.items[0].json;
	sandbox.clearRequests();
});
afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

const SEED_NOTE =
	'Customer showed interest in premium features during this conversation. Recommended upgrade to Pro plan based on their usage patterns and feature requests.';

describe('Note › Create (seed 004 Add Note to Conversation)', () => {
	it('adds the seed\'s note with mentions and outputs success and noteId beside the note', async () => {
		const users = await callLoadOptions({ nodeType: 'kustomer', method: 'getUsers', credentials: credentialsFor(sandbox) });
		const teams = await callLoadOptions({ nodeType: 'kustomer', method: 'getTeams', credentials: credentialsFor(sandbox) });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'note',
			operation: 'create',
			conversationId: byId(String(conversation.id)),
			noteBody: SEED_NOTE,
			isInternal: true,
			noteAdditionalFields: { userMentions: [users[0].value], teamMentions: [teams[0].value] },
		});
		expect(result.error).toBeUndefined();
		const [request] = apiRequests(sandbox);
		expect([request.method, request.path]).toEqual(['POST', `/v1/conversations/${String(conversation.id)}/notes`]);
		expect(request.body).toEqual({ body: SEED_NOTE, userMentions: [{ user: users[0].value }, { team: teams[0].value }] });
		const item = result.items[0].json;
		expect(item.success).toBe(true);
		expect(typeof item.noteId).toBe('string');
		expect(item.noteId).toBe(item.id);
		expect(item.body).toBe(SEED_NOTE);
	});

	it('refuses isInternal false, pointing to the Message resource', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'note',
			operation: 'create',
			conversationId: byId(String(conversation.id)),
			noteBody: 'x',
			isInternal: false,
		});
		expect(result.error?.message).toBe('Is Internal is off, but Kustomer notes are always internal [item 0]');
		expect(result.error?.description).toMatch(/Message resource \(Log Message\)/);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('refuses an over-long note before sending', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'note',
			operation: 'create',
			conversationId: byId(String(conversation.id)),
			noteBody: 'n'.repeat(10241),
		});
		expect(result.error?.message).toBe('Note Body is 10241 characters long; the limit is 10240 [item 0]');
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('says which conversation does not exist', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'note',
			operation: 'create',
			conversationId: byId('000000000000000000000bad'),
			noteBody: 'hello',
		});
		expect(result.error?.message).toBe('Kustomer has no conversation "000000000000000000000bad"');
	});
});

describe('Note › Get, Get Many, Update, Delete', () => {
	it('works through a note\'s life', async () => {
		const created = await runKustomer(sandbox, { resource: 'note', operation: 'create', conversationId: byId(String(conversation.id)), noteBody: 'first' });
		await runKustomer(sandbox, { resource: 'note', operation: 'create', conversationId: byId(String(conversation.id)), noteBody: 'second' });
		const noteId = String(created.items[0].json.noteId);
		sandbox.clearRequests();

		const got = await runKustomer(sandbox, { resource: 'note', operation: 'get', noteId });
		expect(got.items[0].json).toMatchObject({ id: noteId, body: 'first' });
		const ofConversation = await runKustomer(sandbox, { resource: 'note', operation: 'getAll', notesOf: 'conversation', notesOfConversation: byId(String(conversation.id)), returnAll: true });
		expect(ofConversation.items.map((item) => item.json.body).sort()).toEqual(['first', 'second']);
		const ofCustomer = await runKustomer(sandbox, { resource: 'note', operation: 'getAll', notesOf: 'customer', notesOfCustomer: byId(String(customer.id)), returnAll: false, limit: 1 });
		expect(ofCustomer.items).toHaveLength(1);
		const updated = await runKustomer(sandbox, { resource: 'note', operation: 'update', noteId, noteUpdateFields: { body: 'first, edited' } });
		expect(updated.items[0].json.body).toBe('first, edited');
		const deleted = await runKustomer(sandbox, { resource: 'note', operation: 'delete', noteId });
		expect(deleted.items.map((item) => item.json)).toEqual([{ deleted: true }]);

		expect(apiRequests(sandbox).map((request) => [request.method, request.path])).toEqual([
			['GET', `/v1/notes/${noteId}`],
			['GET', `/v1/conversations/${String(conversation.id)}/notes`],
			['GET', `/v1/customers/${String(customer.id)}/notes`],
			['PATCH', `/v1/notes/${noteId}`],
			['DELETE', `/v1/notes/${noteId}`],
		]);
		expect(apiRequests(sandbox)[3].body).toEqual({ body: 'first, edited' });
	});
});
