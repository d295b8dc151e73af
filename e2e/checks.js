'use strict';
/**
 * What each workflow in e2e/workflows must have produced, checked by e2e/run.js after n8n ran it.
 *
 * `t.items(node)` is the json of the items a node output in the real n8n run; `t.requests` is what
 * the sandbox received with that workflow's own API key, in order. `creates` is how many customers
 * the workflow must create: their sum must equal the sandbox's creation counter, which proves that
 * no request was sent twice (retries, re-executions) or by anyone else. `created`, `updated` and
 * `deleted` do the same for the other record types (conversations, notes, messages, Klasses,
 * custom objects, bulk jobs, attribute metadata), by the sandbox's counter name.
 */

const line = (r) => [r.method, r.path, r.status];
const isCreate = (r) => r.method === 'POST' && r.path === '/v1/customers' && r.status === 201;
const isDelete = (r) => r.method === 'DELETE' && r.status === 204;
const range = (n, f) => Array.from({ length: n }, (_, i) => f(i));
/** Sorted by name: for requests n8n starts at once, whose order at the sandbox is not fixed. */
const byName = (list, nameOf = (x) => x.name) => [...list].sort((a, b) => String(nameOf(a)).localeCompare(String(nameOf(b))));

/** Seed 004's personalization data as written: loyalty_tier lands on the sandbox account's loyaltyTierStr, the rest is camelCase + Str. */
const SEED_004_DATA = {
	communicationPreferenceStr: 'email_only',
	preferredLanguageStr: 'spanish',
	loyaltyTierStr: 'gold',
	lastPurchaseCategoryStr: 'electronics',
	supportPriorityLevelStr: 'high',
};
const SEED_004_NAMES = {
	communication_preference: 'communicationPreferenceStr',
	preferred_language: 'preferredLanguageStr',
	loyalty_tier: 'loyaltyTierStr',
	last_purchase_category: 'lastPurchaseCategoryStr',
	support_priority_level: 'supportPriorityLevelStr',
};

const SEED_004_NOTE =
	'Customer showed interest in premium features during this conversation. Recommended upgrade to Pro plan based on their usage patterns and feature requests.';

const SEED_004_KLASS = {
	name: 'Purchase_History',
	displayName: 'Customer Purchase History',
	description: 'Tracks customer purchase patterns, preferences, and transaction history for personalization',
	icon: 'shopping-cart',
};

/** Seed 004's custom object data as Create Many sends it: typed by fieldTypes, camelCase names with Kustomer's suffixes (the new Klass has no attributes to match). */
const SEED_004_OBJECT_CUSTOM = {
	preferredContactMethodStr: 'email',
	productInterestScoreNum: 8.5,
	lastInteractionDateAt: '2024-01-15T00:00:00.000Z',
	isPremiumCustomerBool: true,
};

const CHECKS = {
	e2e01Crud: {
		creates: 1,
		metadataReads: ['customer'],
		check(t) {
			const [created] = t.items('Create');
			const id = created?.id;
			t.ok('Create outputs the new customer id', typeof id === 'string' && id.length > 0, created);
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['POST', '/v1/customers', 201],
				['GET', `/v1/customers/${id}`, 200],
				['GET', '/v1/customers/email=crud%40e2e.example.com', 200],
				// Update reads the customer first and sends its company back: Kustomer unlinks it otherwise.
				['GET', `/v1/customers/${id}`, 200],
				['PATCH', `/v1/customers/${id}`, 200],
				['DELETE', `/v1/customers/${id}`, 204],
			]);
			t.equal('Create body', t.requests[0]?.body, {
				name: 'E2E Crud Customer',
				company: '5f3c6a1b2c3d4e5f6a7b8c01',
				externalId: 'e2e-crud-1',
				emails: [{ email: 'crud@e2e.example.com', type: 'work' }],
				tags: ['e2e', 'crud'],
				custom: { tierStr: 'silver' },
			});
			t.equal('Create sends JSON', t.requests[0]?.headers['content-type']?.split(';')[0], 'application/json');
			t.equal('Authorization header', t.requests[0]?.headers.authorization, t.authorization);
			t.match('Create output', t.items('Create'), [
				{ id, name: 'E2E Crud Customer', externalId: 'e2e-crud-1', custom: { tierStr: 'silver' } },
			]);
			t.ok('Create output is simplified (no JSON:API envelope)', created && !('attributes' in created), created);
			t.match('Get By ID output (ID from an expression)', t.items('Get By ID'), [{ id, name: 'E2E Crud Customer' }]);
			t.match('Get By Email output', t.items('Get By Email'), [{ id, emails: [{ email: 'crud@e2e.example.com' }] }]);
			t.equal('Update body (name from an expression; company and rev kept)', t.requests[4]?.body, {
				name: 'E2E Crud Customer (updated)',
				custom: { tierStr: 'gold' },
				company: '5f3c6a1b2c3d4e5f6a7b8c01',
				rev: 1,
			});
			t.match('Update output (still linked to its company)', t.items('Update'), [
				{ id, name: 'E2E Crud Customer (updated)', externalId: 'e2e-crud-1', company: '5f3c6a1b2c3d4e5f6a7b8c01', custom: { tierStr: 'gold' } },
			]);
			t.equal('Delete output', t.items('Delete'), [{ deleted: true }]);
			t.ok('the customer is gone from the sandbox', !t.sandbox.store.customers.has(id));
		},
	},

	e2e02Upsert: {
		creates: 1,
		metadataReads: ['customer'],
		check(t) {
			const [first] = t.items('Upsert Creates');
			const id = first?.id;
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['GET', '/v1/customers/externalId=e2e-upsert-1', 404],
				['POST', '/v1/customers', 201],
				['GET', '/v1/customers/externalId=e2e-upsert-1', 200],
				['PATCH', `/v1/customers/${id}`, 200],
			]);
			t.equal('create body', t.requests[1]?.body, { name: 'Upsert First', externalId: 'e2e-upsert-1', custom: { sourceStr: 'shop' } });
			t.equal('update body (rev from the lookup)', t.requests[3]?.body, { name: 'Upsert Second', custom: { sourceStr: 'app' }, rev: 1 });
			t.match('first upsert output', t.items('Upsert Creates'), [
				{ action: 'created', id, externalId: 'e2e-upsert-1', name: 'Upsert First', custom: { sourceStr: 'shop' } },
			]);
			t.match('second upsert output (same customer)', t.items('Upsert Updates'), [
				{ action: 'updated', id, externalId: 'e2e-upsert-1', name: 'Upsert Second', custom: { sourceStr: 'app' } },
			]);
		},
	},

	e2e03UpdateData: {
		creates: 1,
		metadataReads: ['customer'],
		check(t) {
			const [created] = t.items('Create');
			const id = created?.id;
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['POST', '/v1/customers', 201],
				['GET', `/v1/customers/${id}`, 200],
				['PATCH', `/v1/customers/${id}`, 200],
			]);
			t.equal('Update Customer Data body (seed 004 example)', t.requests[2]?.body, { custom: SEED_004_DATA, rev: 1 });
			t.match('Update Customer Data output', t.items('Update Customer Data'), [
				{ success: true, customerId: id, customer: { id, name: 'Seed 004 Customer', custom: SEED_004_DATA }, attributeNames: SEED_004_NAMES },
			]);
		},
	},

	e2e04GetAll: {
		creates: 120,
		check(t) {
			const created = t.items('Create');
			t.equal('Create output count', created.length, 120);
			const creates = t.requests.filter(isCreate);
			t.equal('create requests', creates.length, 120);
			const lists = t.requests.filter((r) => r.method === 'GET');
			// The list holds every customer in the sandbox at that moment, whichever workflow made it:
			// count them from the full request log up to the first page request.
			const firstList = t.allRequests.indexOf(lists[0]);
			const before = t.allRequests.slice(0, Math.max(firstList, 0));
			const expected = before.filter(isCreate).length - before.filter(isDelete).length;
			const listed = t.items('Get Many');
			t.equal('Get Many output count (customers in the sandbox)', listed.length, expected);
			t.ok('Get Many ran once (Execute Once)', t.runData['Get Many']?.length === 1);
			// Return All reads pages of 100 until links.next is null (one empty extra page allowed
			// when the count is a multiple of 100).
			const full = Math.ceil(expected / 100);
			t.ok('at least two pages were read', lists.length >= 2, lists.length);
			t.ok(`${full} pages read for ${expected} customers`, lists.length === full || (expected % 100 === 0 && lists.length === full + 1), lists.length);
			t.equal(
				'page requests: page 1 with pageSize 100, then links.next',
				lists.map((r) => [r.path, r.query.page, r.query.pageSize, r.status]),
				range(lists.length, (i) => ['/v1/customers', String(i + 1), '100', 200]),
			);
			const ids = new Set(listed.map((c) => c.id));
			t.equal('Get Many ids are unique', ids.size, listed.length);
			const missing = created.filter((c) => !ids.has(c.id)).map((c) => c.name);
			t.equal('every customer created here is listed', missing, []);
		},
	},

	e2e05Bulk: {
		creates: 1000,
		check(t) {
			const names = range(1000, (i) => `E2E Bulk ${String(i).padStart(4, '0')}`);
			const output = t.items('Create');
			t.equal('1,000 output items, in input order', output.map((c) => c.name), names);
			t.equal('1,000 distinct customer ids', new Set(output.map((c) => c.id)).size, 1000);
			t.equal('requests: 1,000 POST /v1/customers, all 201', t.requests.filter(isCreate).length, 1000);
			t.equal('no other requests', t.requests.length, 1000);
			t.equal('each name sent exactly once', t.requests.map((r) => r.body?.name).sort(), names);
			const stored = [...t.sandbox.store.customers.values()].filter((c) => String(c.attributes?.name).startsWith('E2E Bulk '));
			t.equal('1,000 bulk customers stored', stored.length, 1000);
		},
	},

	e2e06ContinueOnFail: {
		creates: 2,
		// three items, one read
		metadataReads: ['customer'],
		check(t) {
			// n8n starts every item's request at once: the order they reach the sandbox is not fixed.
			t.equal('only the valid items were sent', byName(t.requests.map((r) => [r.method, r.path, r.status, r.body]), (row) => row[3]?.name), [
				['POST', '/v1/customers', 201, { name: 'E2E Valid One', custom: { scoreNum: 7 } }],
				['POST', '/v1/customers', 201, { name: 'E2E Valid Two', custom: { scoreNum: 9.5 } }],
			]);
			const output = t.items('Create');
			t.equal('three output items', output.length, 3);
			t.match('first item created', output[0], { name: 'E2E Valid One', custom: { scoreNum: 7 } });
			t.match('second item is the error', output[1], { error: /Custom Attribute "score" \(attribute "scoreNum", Number\): "eight" is not a number/ });
			t.match('third item created', output[2], { name: 'E2E Valid Two', custom: { scoreNum: 9.5 } });
		},
	},

	/**
	 * The tool variant n8n generates from `usableAsTool` (n8n-nodes-kustomer.kustomerTool), run the
	 * way an agent would call it but without a model: the Tool Executor node passes
	 * { "Kustomer_Tool": { "email": ... } }, which fills the $fromAI('email') parameter.
	 */
	e2e07Tool: {
		creates: 1,
		check(t) {
			const [created] = t.items('Create');
			const id = created?.id;
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['POST', '/v1/customers', 201],
				['GET', '/v1/customers/email=tool%40e2e.example.com', 200],
			]);
			t.equal('the tool got its $fromAI arguments', t.items('Kustomer Tool', { type: 'inputOverride' }), [{ email: 'tool@e2e.example.com' }]);
			const [toolOutput] = t.items('Kustomer Tool', { type: 'ai_tool' });
			t.match('the tool output (what an agent would read)', toolOutput?.response, [{ id, name: 'E2E Tool Customer' }]);
			const executor = t.items('Tool Executor');
			t.equal('the Tool Executor outputs one item', executor.length, 1);
			// The executor outputs the tool's answer as the model would get it: a JSON string.
			let answer = executor[0];
			try {
				if (typeof answer === 'string') answer = JSON.parse(answer);
			} catch {
				t.ok('the Tool Executor output is JSON', false, answer);
			}
			t.match('the Tool Executor output', answer, [{ id, name: 'E2E Tool Customer', emails: [{ email: 'tool@e2e.example.com' }] }]);
		},
	},

	// -----------------------------------------------------------------------------------------
	// Every other resource. `created` / `updated` / `deleted` are what the workflow must add to
	// the sandbox's counters per record type (see COUNTED below); customers stay under `creates`.

	e2e08Conversation: {
		creates: 1,
		metadataReads: ['conversation'],
		created: { conversation: 1 },
		updated: { conversation: 3 },
		deleted: { conversation: 1 },
		check(t) {
			const customerId = t.items('Create Customer')[0]?.id;
			const [created] = t.items('Create Conversation');
			const id = created?.id;
			t.ok('Create Conversation outputs the new conversation id', typeof id === 'string' && id.length > 0, created);
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['POST', '/v1/customers', 201],
				['POST', `/v1/customers/${customerId}/conversations`, 201],
				['GET', `/v1/conversations/${id}`, 200],
				['GET', '/v1/conversations/externalId=e2e-conv-1042', 200],
				['PATCH', `/v1/conversations/${id}`, 200],
				['POST', `/v1/conversations/${id}/tags`, 200],
				['DELETE', `/v1/conversations/${id}/tags`, 200],
				['GET', `/v1/customers/${customerId}/conversations`, 200],
				['GET', '/v1/conversations', 200],
				['POST', '/v1/customers/search', 200],
				['DELETE', `/v1/conversations/${id}`, 204],
			]);
			const body = (i) => t.requests[i]?.body;
			t.equal('Create body (customer ID from an expression)', body(1), {
				name: 'E2E Order 1042 arrived damaged',
				externalId: 'e2e-conv-1042',
				status: 'open',
				priority: 3,
				direction: 'in',
				tags: ['e2e-damaged'],
				custom: { orderNumberStr: '1042' },
			});
			const conversation = { id, name: 'E2E Order 1042 arrived damaged', externalId: 'e2e-conv-1042', custom: { orderNumberStr: '1042' } };
			t.match('Create output', t.items('Create Conversation'), [{ ...conversation, status: 'open', priority: 3, direction: 'in' }]);
			t.ok('Create output is simplified (no JSON:API envelope)', created && !('attributes' in created), created);
			t.match('Get By ID output', t.items('Get By ID'), [{ ...conversation, status: 'open' }]);
			t.match('Get By External ID output', t.items('Get By External ID'), [{ ...conversation, status: 'open' }]);
			const snooze = { time: '2030-01-01T08:00:00.000Z', status: 'scheduled' };
			t.equal('Update body: Snooze Until becomes status snoozed + snooze', body(4), { priority: 5, status: 'snoozed', snooze });
			t.match('Update output', t.items('Snooze'), [{ ...conversation, status: 'snoozed', priority: 5, snooze }]);
			t.equal('Add Tags body', body(5), ['e2e-urgent', 'e2e-vip']);
			t.equal('Remove Tags body (tags from an expression)', body(6), ['e2e-vip']);
			// Conversations hold tag ids; the sandbox's tag list gives their names.
			const tagNames = (item) => (item?.tags ?? []).map((tag) => t.sandbox.store.tags.get(tag)?.attributes?.name ?? `?${tag}`).sort();
			t.equal('tags after Add Tags (the others kept)', tagNames(t.items('Add Tags')[0]), ['e2e-damaged', 'e2e-urgent', 'e2e-vip']);
			t.equal('tags after Remove Tags', tagNames(t.items('Remove Tags')[0]), ['e2e-damaged', 'e2e-urgent']);
			t.match('Add/Remove Tags output the conversation', [t.items('Add Tags')[0], t.items('Remove Tags')[0]], [{ id, status: 'snoozed' }, { id, status: 'snoozed' }]);
			t.equal('Get Many (one customer) query', t.requests[7]?.query, { page: '1', pageSize: '100' });
			t.match('Get Many (one customer) output', t.items('Get Many Of Customer'), [{ id, status: 'snoozed', priority: 5 }]);
			t.equal('Get Many (all, newest first, limit 1) query', t.requests[8]?.query, { sort: 'desc', page: '1', pageSize: '1' });
			t.match('Get Many (all) output: the newest conversation', t.items('Get Many Newest'), [{ id }]);
			// Search pages hold 500; no sort (Kustomer sorts on customer attributes only).
			t.equal('Search query and body', [t.requests[9]?.query, body(9)], [
				{ page: '1', pageSize: '500' },
				{
					and: [
						{ conversation_customer_id: { equals: customerId } },
						{ conversation_priority: { gte: 5 } },
						{ conversation_status: { equals: 'snoozed' } },
					],
					queryContext: 'conversation',
				},
			]);
			t.match('Search output', t.items('Search'), [{ id, status: 'snoozed', priority: 5 }]);
			t.equal('Delete output', t.items('Delete'), [{ deleted: true }]);
			t.ok('the conversation is gone from the sandbox', !t.sandbox.store.conversations.has(id));
		},
	},

	e2e17UserTeam: {
		creates: 1,
		created: { conversation: 1 },
		check(t) {
			const alice = [...t.sandbox.store.users.values()].find((user) => user.attributes.email === 'alice.agent@example.com');
			const teams = [...t.sandbox.store.teams.values()];
			const customerId = t.items('Create Customer')[0]?.id;
			const conversationId = t.items('Create Conversation')[0]?.id;
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['GET', '/v1/users', 200],
				['POST', '/v1/customers', 201],
				['POST', `/v1/customers/${customerId}/conversations`, 201],
				['GET', '/v1/users', 200],
				['GET', '/v1/teams', 200],
				['GET', `/v1/teams/${teams[0]?.id}`, 200],
			]);
			t.equal('Get User By Email query (the email as typed, one record)', t.requests[0]?.query, { email: 'Alice.Agent@example.com', page: '1', pageSize: '1' });
			t.match('Get User By Email output', t.items('Get User By Email'), [{ id: alice?.id, name: 'Alice Agent', email: 'alice.agent@example.com' }]);
			t.equal('Create Conversation body (assigned by the email lookup; seed 003 campaign and queue.external)', t.requests[2]?.body, {
				name: 'E2E assigned by email',
				assignedUsers: [alice?.id],
				campaign: '6650a1b2c3d4e5f6a7b8c9ff',
				queue: { external: 'amazon-connect' },
			});
			t.match('Create Conversation output', t.items('Create Conversation'), [{ id: conversationId, assignedUsers: [alice?.id] }]);
			t.equal('Users query (limit 2, agents only)', t.requests[3]?.query, { userType: 'user', page: '1', pageSize: '2' });
			t.equal('Users output', t.items('Users').map((user) => user.userType), ['user', 'user']);
			t.equal('Teams query (Return All)', t.requests[4]?.query, { page: '1', pageSize: '100' });
			t.equal('Teams output', t.items('Teams').map((team) => [team.id, team.name]), teams.map((team) => [team.id, team.attributes.name]));
			t.match('Get Team output (not simplified)', t.items('Get Team'), [{ type: 'team', id: teams[0]?.id, attributes: { name: teams[0]?.attributes.name } }]);
		},
	},

	e2e09Note: {
		creates: 1,
		created: { conversation: 1, note: 1 },
		updated: { note: 1 },
		deleted: { note: 1 },
		check(t) {
			const customerId = t.items('Create Customer')[0]?.id;
			const conversationId = t.items('Create Conversation')[0]?.id;
			const [note] = t.items('Add Note');
			const noteId = note?.noteId;
			t.ok('Add Note outputs noteId', typeof noteId === 'string' && noteId.length > 0, note);
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['POST', '/v1/customers', 201],
				['POST', `/v1/customers/${customerId}/conversations`, 201],
				// the conversation ID came in by expression from Create Conversation
				['POST', `/v1/conversations/${conversationId}/notes`, 201],
				['GET', `/v1/notes/${noteId}`, 200],
				['GET', `/v1/conversations/${conversationId}/notes`, 200],
				['GET', `/v1/customers/${customerId}/notes`, 200],
				['PATCH', `/v1/notes/${noteId}`, 200],
				['DELETE', `/v1/notes/${noteId}`, 204],
			]);
			t.equal('Add Note body (seed 004)', t.requests[2]?.body, { body: SEED_004_NOTE });
			t.match('Add Note output (seed 004: success and noteId beside the note)', t.items('Add Note'), [
				{ success: true, noteId, id: noteId, body: SEED_004_NOTE },
			]);
			t.match('Get Note output', t.items('Get Note'), [{ id: noteId, body: SEED_004_NOTE }]);
			t.equal('Notes Of Conversation query', t.requests[4]?.query, { page: '1', pageSize: '100' });
			t.match('Notes Of Conversation output', t.items('Notes Of Conversation'), [{ id: noteId, body: SEED_004_NOTE }]);
			t.equal('Notes Of Customer query (limit 10)', t.requests[5]?.query, { page: '1', pageSize: '10' });
			t.match('Notes Of Customer output', t.items('Notes Of Customer'), [{ id: noteId }]);
			const edited = `${SEED_004_NOTE} Follow-up booked.`;
			t.equal('Update Note body (text from an expression)', t.requests[6]?.body, { body: edited });
			t.match('Update Note output', t.items('Update Note'), [{ id: noteId, body: edited }]);
			t.equal('Delete Note output', t.items('Delete Note'), [{ deleted: true }]);
			t.ok('the note is gone from the sandbox', !t.sandbox.store.notes.has(noteId));
		},
	},

	e2e10Message: {
		creates: 1,
		// Log On Customer without a Conversation ID: Kustomer starts a second conversation.
		created: { conversation: 2, message: 2 },
		check(t) {
			const customerId = t.items('Create Customer')[0]?.id;
			const conversationId = t.items('Create Conversation')[0]?.id;
			const first = t.items('Log On Conversation')[0]?.id;
			const second = t.items('Log On Customer')[0]?.id;
			t.ok('both logs output a message id', [first, second].every((id) => typeof id === 'string' && id.length > 0) && first !== second, [first, second]);
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['POST', '/v1/customers', 201],
				['POST', `/v1/customers/${customerId}/conversations`, 201],
				['POST', `/v1/conversations/${conversationId}/messages`, 201],
				['POST', `/v1/customers/${customerId}/messages`, 201],
				['GET', `/v1/messages/${first}`, 200],
				['GET', `/v1/conversations/${conversationId}/messages`, 200],
				['GET', `/v1/customers/${customerId}/messages`, 200],
			]);
			const email = {
				channel: 'email',
				app: 'postmark',
				direction: 'in',
				preview: 'My order arrived damaged.',
				subject: 'Damaged order',
				sentAt: '2024-05-01T10:00:00.000Z',
				externalId: 'e2e-msg-1',
				status: 'received',
			};
			const sms = { channel: 'sms', app: 'twilio', direction: 'out', preview: 'Your replacement ships today.' };
			t.equal('Log On Conversation body', t.requests[2]?.body, email);
			t.equal('Log On Customer body', t.requests[3]?.body, sms);
			t.match('Log On Conversation output', t.items('Log On Conversation'), [{ id: first, ...email }]);
			t.match('Log On Customer output', t.items('Log On Customer'), [{ id: second, ...sms, status: 'sent' }]);
			const stored = (id) => t.sandbox.store.messages.get(id);
			t.equal('the first message is on the conversation', stored(first)?.conversationId, conversationId);
			const other = stored(second)?.conversationId;
			t.ok('the customer message started a new conversation of that customer', other && other !== conversationId && t.sandbox.store.conversations.get(other)?.customerId === customerId, other);
			t.match('Get Message output', t.items('Get Message'), [{ id: first, ...email }]);
			t.equal('Messages Of Conversation query', t.requests[5]?.query, { page: '1', pageSize: '100' });
			t.equal('Messages Of Conversation output', t.items('Messages Of Conversation').map((m) => m.id), [first]);
			t.equal('Messages Of Customer output', t.items('Messages Of Customer').map((m) => m.id).sort(), [first, second].sort());
		},
	},

	e2e11CustomerSearch: {
		creates: 3,
		// Create (three items) and the custom-attribute filter of Search Filters share one read
		metadataReads: ['customer'],
		check(t) {
			const created = t.items('Create');
			const names = ['E2E Search Ada Lovelace', 'E2E Search Ada Byron', 'E2E Search Grace Hopper'];
			t.equal('three customers created', created.map((c) => c.name), names);
			const idOf = (name) => created.find((c) => c.name === name)?.id;
			t.equal('requests (method, path, status, query)', t.requests.map((r) => [...line(r), r.query]), [
				['POST', '/v1/customers', 201, {}],
				['POST', '/v1/customers', 201, {}],
				['POST', '/v1/customers', 201, {}],
				['POST', '/v1/customers/search', 200, { page: '1', pageSize: '500' }],
				['POST', '/v1/customers/search', 200, { page: '1', pageSize: '10' }],
			]);
			// Max Requests In Flight 1: the creates go out one after the other, in item order.
			t.equal('create bodies, in item order', t.requests.slice(0, 3).map((r) => r.body), [
				{ name: names[0], custom: { ordersNum: 12 } },
				{ name: names[1], custom: { ordersNum: 2 } },
				{ name: names[2], custom: { ordersNum: 30 } },
			]);
			t.equal('Search (filters) body', t.requests[3]?.body, {
				and: [{ customer_name: { contains: 'e2e search ada' } }, { customer_custom_ordersNum: { gte: 10 } }],
				queryContext: 'customer',
			});
			t.match('Search (filters) output', t.items('Search Filters'), [{ id: idOf(names[0]), name: names[0], custom: { ordersNum: 12 } }]);
			t.equal('Search (JSON) body: the query as written, plus queryContext', t.requests[4]?.body, {
				and: [{ customer_name: { contains: 'E2E Search' } }, { customer_custom_ordersNum: { lt: 20 } }],
				sort: [{ customer_name: 'asc' }],
				queryContext: 'customer',
			});
			t.match('Search (JSON) output, sorted by name', t.items('Search JSON'), [
				{ id: idOf(names[1]), name: names[1] },
				{ id: idOf(names[0]), name: names[0] },
			]);
		},
	},

	e2e12Klass: {
		creates: 0,
		created: { klass: 1 },
		updated: { klass: 1, metadata: 2 },
		// Update reads the Klass's definitions before it defines more (Kustomer does not say whether PUT replaces).
		metadataReads: ['kobject.Purchase_History'],
		check(t) {
			const [created] = t.items('Create Klass');
			const klassId = created?.klassId;
			t.ok('Create Klass outputs klassId', typeof klassId === 'string' && klassId.length > 0, created);
			const byName = { page: '1', pageSize: '100', status: 'existing_only' };
			t.equal('requests (method, path, status, query)', t.requests.map((r) => [...line(r), r.query]), [
				['POST', '/v1/klasses', 200, {}],
				['PUT', '/v1/metadata/kobject.Purchase_History', 200, {}],
				['GET', `/v1/klasses/${klassId}`, 200, {}],
				// by name: Kustomer reads Klasses by ID only, so the node finds the name in the list
				['GET', '/v1/klasses', 200, byName],
				['GET', `/v1/klasses/${klassId}`, 200, {}],
				['GET', '/v1/klasses', 200, byName],
				['GET', '/v1/klasses', 200, byName],
				['PUT', `/v1/klasses/${klassId}`, 200, {}],
				['PUT', '/v1/metadata/kobject.Purchase_History', 200, {}],
			]);
			t.equal('Create body (seed 004)', t.requests[0]?.body, {
				name: 'Purchase_History',
				displayName: 'Customer Purchase History',
				icon: 'shopping-cart',
				jsonSchema: { description: SEED_004_KLASS.description },
			});
			t.equal('attribute definitions sent with Create', t.requests[1]?.body, {
				properties: {
					orderTotalNum: { type: 'number', displayName: 'Order Total' },
					purchasedAt: { type: 'date', displayName: 'Purchased At' },
					categoryStr: { type: 'string', displayName: 'Category' },
				},
			});
			const klass = { id: klassId, name: 'Purchase_History', displayName: 'Customer Purchase History', icon: 'shopping-cart' };
			t.match('Create output (seed 004: success, klassId, name, note)', t.items('Create Klass'), [
				{
					success: true,
					klassId,
					name: 'Purchase_History',
					note: /^Klass "Purchase_History" created\. Attributes defined: orderTotalNum, purchasedAt, categoryStr\./,
					klass: { ...klass, jsonSchema: { description: SEED_004_KLASS.description } },
				},
			]);
			t.match('Get By ID output (ID from an expression)', t.items('Get By ID'), [klass]);
			t.match('Get By Name output', t.items('Get By Name'), [klass]);
			// Get Many lists every Klass of the sandbox at that moment, whichever workflow made it.
			const list = t.requests[5];
			const before = t.allRequests.slice(0, Math.max(t.allRequests.indexOf(list), 0));
			const expected = before.filter((r) => r.method === 'POST' && r.path === '/v1/klasses' && r.status === 200).length;
			const listed = t.items('Get Many');
			t.equal('Get Many output count (Klasses in the sandbox)', listed.length, expected);
			t.match('Get Many lists Purchase_History', listed.filter((k) => k.id === klassId), [klass]);
			t.ok('Update ran once (Execute Once)', t.runData.Update?.length === 1 && t.requests.filter((r) => r.method === 'PUT' && r.path === `/v1/klasses/${klassId}`).length === 1);
			t.equal('Update body', t.requests[7]?.body, { displayName: 'Purchases', icon: 'receipt' });
			t.equal('attribute defined by Update, with the definitions read before it', t.requests[8]?.body, {
				properties: {
					orderTotalNum: { type: 'number', displayName: 'Order Total' },
					purchasedAt: { type: 'date', displayName: 'Purchased At' },
					categoryStr: { type: 'string', displayName: 'Category' },
					channelStr: { type: 'string', displayName: 'Channel' },
				},
			});
			t.match('Update output', t.items('Update'), [{ id: klassId, name: 'Purchase_History', displayName: 'Purchases', icon: 'receipt' }]);
			const properties = t.sandbox.store.metadata.get('kobject.Purchase_History')?.attributes?.properties ?? {};
			t.equal('the Klass attributes in the sandbox', Object.keys(properties).sort(), ['categoryStr', 'channelStr', 'orderTotalNum', 'purchasedAt']);
		},
	},

	e2e13CreateMany: {
		creates: 1,
		// both Create Many nodes, 251 objects: one read
		metadataReads: ['kobject.Customer_Preferences'],
		created: { klass: 1, kobject: 251, bulk: 3 },
		check(t) {
			const customerId = t.items('Create Customer')[0]?.id;
			const KLASS = '/v1/klasses/Customer_Preferences';
			const isPoll = (r) => r.method === 'GET' && r.path.startsWith('/v1/bulk/');
			t.equal('requests other than bulk polling (method, path, status)', t.requests.filter((r) => !isPoll(r)).map(line), [
				['POST', '/v1/customers', 201],
				['POST', '/v1/klasses', 200],
				// one object needs no bulk job
				['POST', KLASS, 201],
				['POST', `${KLASS}/bulk`, 201],
				['POST', `${KLASS}/bulk`, 201],
				['POST', `${KLASS}/bulk`, 201],
				['GET', KLASS, 200],
				['GET', KLASS, 200],
				['GET', KLASS, 200],
			]);
			t.equal('Create Klass body', t.requests[1]?.body, { name: 'Customer_Preferences', displayName: 'Customer Preferences' });
			t.equal('Create Objects body (seed 004: typed, suffixed values; customer by expression)', t.requests[2]?.body, {
				title: 'John Smith Preferences',
				customer: customerId,
				custom: SEED_004_OBJECT_CUSTOM,
			});
			const [single] = t.items('Create Objects');
			t.match('Create Objects output (seed 004)', single, { success: true, createdCount: 1, failedCount: 0, objectIds: [/^[0-9a-f]{24}$/] });
			t.equal('Create Objects output: where each key went', single?.results?.[0]?.attributeNames, {
				preferred_contact_method: 'preferredContactMethodStr',
				product_interest_score: 'productInterestScoreNum',
				last_interaction_date: 'lastInteractionDateAt',
				is_premium_customer: 'isPremiumCustomerBool',
			});
			const stored = t.sandbox.store.kobjects.get(single?.objectIds?.[0]);
			t.match('the seed object in the sandbox', stored, {
				klassName: 'Customer_Preferences',
				customerId,
				attributes: { title: 'John Smith Preferences', custom: SEED_004_OBJECT_CUSTOM },
			});

			// 250 objects: 100 + 100 + 50 per bulk POST, then each job polled until complete and its results read.
			// The three POSTs go out together, so they are put in order by their first object.
			const firstRef = (r) => Number(Array.isArray(r.body) ? r.body[0]?._clientRef : NaN);
			const posts = t.requests.filter((r) => r.method === 'POST' && r.path === `${KLASS}/bulk`).sort((a, b) => firstRef(a) - firstRef(b));
			t.equal('bulk POST sizes', posts.map((r) => (Array.isArray(r.body) ? r.body.length : r.body)), [100, 100, 50]);
			const sent = posts.flatMap((r) => (Array.isArray(r.body) ? r.body : []));
			t.equal(
				'bulk items: title, customer on odd items, typed data, _clientRef = position',
				sent,
				range(250, (i) => ({
					title: `E2E Preferences ${String(i).padStart(3, '0')}`,
					...(i % 2 ? { customer: customerId } : {}),
					custom: SEED_004_OBJECT_CUSTOM,
					_clientRef: String(i),
				})),
			);
			const jobs = [...t.sandbox.store.bulkJobs.values()].filter((job) => job.path === `${KLASS}/bulk`).sort((a, b) => a.createdMs - b.createdMs);
			t.equal('three bulk jobs, all complete', jobs.map((job) => [job.items.length, job.status]).sort((a, b) => b[0] - a[0]), [[100, 'complete'], [100, 'complete'], [50, 'complete']]);
			// Between the bulk POSTs and Get Many only the jobs are followed: per job (side by side with the
			// others), GET /v1/bulk/<id> until it is complete, then GET /v1/bulk/<id>/batches once.
			const gets = t.requests.filter((r) => r.method === 'GET' && r.path === KLASS);
			const polls = t.requests.slice(t.requests.findIndex((r) => r.path === `${KLASS}/bulk`), t.requests.indexOf(gets[0])).filter((r) => r.method === 'GET');
			const trace = polls.map((r) => `${r.method} ${r.path} ${r.status}\n`).join('');
			const followed = jobs.map((job) => {
				const own = polls.filter((r) => r.path.startsWith(`/v1/bulk/${job.id}`)).map((r) => `${r.path.endsWith('/batches') ? 'batches' : 'status'} ${r.status}`);
				return /^(status 200,)+batches 200$/.test(own.join(',')) && own.length;
			});
			t.ok(
				'polling: each job polled until complete, then its batches read once, and nothing else',
				jobs.length === 3 && followed.every(Boolean) && followed.reduce((sum, n) => sum + n, 0) === polls.length,
				trace,
			);
			const [bulk] = t.items('Create 250 Objects');
			t.match('Create 250 Objects output', bulk, { success: true, createdCount: 250, failedCount: 0 });
			const ids = bulk?.objectIds ?? [];
			t.equal('250 distinct object ids', new Set(ids).size, 250);
			t.equal(
				'results per object, in input order',
				(bulk?.results ?? []).map((r) => [r.index, r.title, typeof r.id]),
				range(250, (i) => [i, `E2E Preferences ${String(i).padStart(3, '0')}`, 'string']),
			);
			const created = ids.map((id) => t.sandbox.store.kobjects.get(id));
			t.ok('every id is a stored Customer_Preferences object', created.every((o) => o?.klassName === 'Customer_Preferences'), ids.filter((id, i) => !created[i]));
			t.equal(
				'each object stored once, with its title',
				created.map((o) => o?.attributes?.title).sort(),
				range(250, (i) => `E2E Preferences ${String(i).padStart(3, '0')}`),
			);
			t.equal('Get Many pages', gets.map((r) => [r.query.page, r.query.pageSize]), [['1', '100'], ['2', '100'], ['3', '100']]);
			const listed = t.items('Get Many Objects').map((o) => o.id);
			t.equal('Get Many Objects lists the 251 objects', [...listed].sort(), [single?.objectIds?.[0], ...ids].sort());
			// Custom Object › Get Bulk Job Result over the three jobs (only GET /v1/bulk/… polls: left out above)
			const [picked] = t.items('Get Bulk Job Result');
			t.match('Get Bulk Job Result output', picked, { success: true, complete: true, status: 'created', createdCount: 250, failedCount: 0, pendingCount: 0 });
			t.equal('Get Bulk Job Result: the three jobs, complete', (picked?.jobs ?? []).map((j) => j.status), ['complete', 'complete', 'complete']);
			t.equal('Get Bulk Job Result: the same 250 IDs', [...(picked?.objectIds ?? [])].sort(), [...ids].sort());
			t.equal(
				'Get Bulk Job Result: each object by its index and title',
				[...(picked?.results ?? [])].sort((a, b) => a.index - b.index).map((r) => [r.index, r.title, r.status]),
				range(250, (i) => [i, `E2E Preferences ${String(i).padStart(3, '0')}`, 'created']),
			);
		},
	},

	e2e14CustomObject: {
		creates: 1,
		metadataReads: ['kobject.E2E_Orders'],
		created: { klass: 1, kobject: 1 },
		updated: { kobject: 1 },
		deleted: { kobject: 1 },
		check(t) {
			const customerId = t.items('Create Customer')[0]?.id;
			const [created] = t.items('Create Object');
			const id = created?.id;
			t.ok('Create Object outputs the new object id', typeof id === 'string' && id.length > 0, created);
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['POST', '/v1/customers', 201],
				['POST', '/v1/klasses', 200],
				['POST', `/v1/customers/${customerId}/klasses/E2E_Orders`, 201],
				['GET', `/v1/klasses/E2E_Orders/${id}`, 200],
				['GET', '/v1/klasses/E2E_Orders/externalId=e2e-order-1042', 200],
				['GET', `/v1/customers/${customerId}/klasses/E2E_Orders`, 200],
				// a write by external ID looks the object up first
				['GET', '/v1/klasses/E2E_Orders/externalId=e2e-order-1042', 200],
				['PUT', `/v1/klasses/E2E_Orders/${id}`, 200],
				['DELETE', `/v1/klasses/E2E_Orders/${id}`, 204],
			]);
			t.equal('Create body', t.requests[2]?.body, {
				title: 'Order 1042',
				externalId: 'e2e-order-1042',
				data: { sku: 'A-1' },
				tags: ['e2e', 'vip'],
				custom: { totalNum: 99.5 },
			});
			const object = { id, title: 'Order 1042', externalId: 'e2e-order-1042', data: { sku: 'A-1' }, tags: ['e2e', 'vip'], custom: { totalNum: 99.5 } };
			t.match('Create output', t.items('Create Object'), [object]);
			t.match('Get By ID output', t.items('Get By ID'), [object]);
			t.match('Get By External ID output', t.items('Get By External ID'), [object]);
			t.equal('Get Many query', t.requests[5]?.query, { page: '1', pageSize: '100' });
			t.match('Get Many (one customer) output', t.items('Get Many Of Customer'), [object]);
			t.equal('Update body', t.requests[7]?.body, { title: 'Order 1042 (paid)', custom: { statusStr: 'paid' } });
			t.match('Update output (custom merged)', t.items('Update'), [
				{ ...object, title: 'Order 1042 (paid)', custom: { totalNum: 99.5, statusStr: 'paid' } },
			]);
			t.equal('Delete output', t.items('Delete'), [{ deleted: true }]);
			t.ok('the object is gone from the sandbox', !t.sandbox.store.kobjects.has(id));
		},
	},
	e2e15RecordSearch: {
		creates: 1,
		created: { conversation: 1, message: 1, note: 1, klass: 1, kobject: 1 },
		// The custom-object search's filter on a custom attribute reads the Klass's attribute names.
		metadataReads: ['kobject.E2E_Parcels'],
		check(t) {
			const customerId = t.items('Create Customer')[0]?.id;
			const conversationId = t.items('Create Conversation')[0]?.id;
			const messageId = t.items('Log Message')[0]?.id;
			const [object] = t.items('Create Object');
			t.equal('requests (method, path, status, query)', t.requests.map((r) => [...line(r), r.query]), [
				['POST', '/v1/customers', 201, {}],
				['POST', `/v1/customers/${customerId}/conversations`, 201, {}],
				['POST', `/v1/conversations/${conversationId}/messages`, 201, {}],
				['POST', `/v1/conversations/${conversationId}/notes`, 201, {}],
				['POST', '/v1/klasses', 200, {}],
				['POST', `/v1/customers/${customerId}/klasses/E2E_Parcels`, 201, {}],
				// pages of 500 for Return All (Kustomer's most for search), the Limit for Limit
				['POST', '/v1/customers/search', 200, { page: '1', pageSize: '500' }],
				['POST', '/v1/customers/search', 200, { page: '1', pageSize: '5' }],
				['POST', '/v1/customers/search', 200, { page: '1', pageSize: '500' }],
			]);
			const body = (i) => t.requests[i]?.body;
			t.equal('Search Messages body: Is One Of sent as in', body(6), {
				and: [{ message_customer_id: { equals: customerId } }, { message_channel: { in: ['email', 'sms'] } }],
				queryContext: 'message',
			});
			t.match('Search Messages output', t.items('Search Messages'), [{ id: messageId, channel: 'email', direction: 'in' }]);
			t.equal('Search Notes body', body(7), {
				and: [{ note_conversation_id: { equals: conversationId } }, { note_body: { contains: 'traced' } }],
				queryContext: 'note',
			});
			t.match('Search Notes output', t.items('Search Notes'), [{ id: t.items('Add Note')[0]?.noteId, body: 'E2E parcel traced to the depot.' }]);
			t.equal('Search Objects body: kobject_<klass>, custom attributes as kobject_custom_<klass>_<attr>, Is Not Set as not_set', body(8), {
				or: [{ kobject_custom_E2E_Parcels_weightNum: { gte: 2 } }, { kobject_updated_at: { not_set: '' } }],
				queryContext: 'kobject_E2E_Parcels',
			});
			t.match('Search Objects output', t.items('Search Objects'), [{ id: object?.id, title: 'Parcel 7', custom: { weightNum: 2.5 } }]);
		},
	},

	/**
	 * Items of one run sharing an email (in any case) take turns in item order: one customer for the
	 * three Ada items (created, then updated twice, in item order), one for Bob. In real n8n this
	 * proves RoutingNode hands the node its items in order before any of them awaits.
	 */
	e2e16UpsertShared: {
		creates: 2,
		check(t) {
			const output = t.items('Upsert');
			const ada = output[0]?.id;
			t.match('actions in item order', output, [
				{ action: 'created', name: 'E2E Ada 1', emails: [{ email: 'Ada@E2E.example.com' }] },
				{ action: 'updated', id: ada, name: 'E2E Ada 2' },
				{ action: 'created', name: 'E2E Bob' },
				{ action: 'updated', id: ada, name: 'E2E Ada 3' },
			]);
			const adaWrites = t.requests.filter((r) => (r.method === 'POST' ? String(r.body?.name).startsWith('E2E Ada') : r.path === `/v1/customers/${ada}`));
			t.equal("Ada's writes in item order", adaWrites.map((r) => [r.method, r.body?.name]), [
				['POST', 'E2E Ada 1'],
				['PATCH', 'E2E Ada 2'],
				['PATCH', 'E2E Ada 3'],
			]);
		},
	},

	e2e18Draft: {
		creates: 1,
		// The reply goes out at once: the sandbox records it as an outbound message on the conversation.
		created: { conversation: 1, draft: 2, forward: 1, message: 1 },
		updated: { draft: 1 },
		deleted: { draft: 1 },
		check(t) {
			const customerId = t.items('Create Customer')[0]?.id;
			const conversationId = t.items('Create Conversation')[0]?.id;
			const followUp = t.items('Schedule Follow-up')[0]?.id;
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['POST', '/v1/customers', 201],
				['POST', `/v1/customers/${customerId}/conversations`, 201],
				['POST', `/v1/customers/${customerId}/drafts`, 200],
				['POST', `/v1/customers/${customerId}/drafts`, 200],
				['GET', `/v1/customers/${customerId}/drafts`, 200],
				['PUT', `/v1/drafts/${followUp}`, 200],
				['DELETE', `/v1/drafts/${followUp}`, 204],
				['GET', `/v1/conversations/${conversationId}/messages`, 200],
				['POST', `/v1/conversations/${conversationId}/forwards`, 200],
			]);
			const { sendAt, ...reply } = t.requests[2]?.body ?? {};
			t.equal('Send Reply body (sent now: sendAt without scheduled)', reply, {
				channel: 'email',
				to: [{ email: 'draft@e2e.example.com' }],
				from: { email: 'support@sandbox.example.com' },
				subject: 'Re: E2E Order question',
				body: 'Hi E2E Draft Customer, your order ships today.',
				htmlBody: '<p>Your order ships today.</p>',
				conversation: conversationId,
			});
			t.ok('Send Reply sendAt is a time', typeof sendAt === 'string' && !Number.isNaN(Date.parse(sendAt)), sendAt);
			t.match('Send Reply output', t.items('Send Reply'), [{ channel: 'email', status: 'sent' }]);
			t.equal('Schedule Follow-up body', t.requests[3]?.body, {
				channel: 'sms',
				to: '+14155550100',
				from: '+18005551212',
				body: 'How was your delivery?',
				conversation: conversationId,
				sendAt: '2099-01-01T09:00:00.000Z',
				scheduled: true,
			});
			t.match('Schedule Follow-up output', t.items('Schedule Follow-up'), [{ id: followUp, status: 'scheduled' }]);
			t.equal('List Drafts: only the scheduled one (the sent reply is gone)', t.items('List Drafts').map((d) => [d.id, d.status]), [[followUp, 'scheduled']]);
			t.equal('Unschedule body', t.requests[5]?.body, { channel: 'sms', sendAt: null });
			t.match('Unschedule output', t.items('Unschedule'), [{ id: followUp, status: 'draft', sendAt: null }]);
			t.equal('Delete Draft output', t.items('Delete Draft'), [{ deleted: true, id: followUp }]);
			t.ok('no draft left in the sandbox', ![...t.sandbox.store.drafts.values()].some((d) => d.customerId === customerId));
			t.match('the reply is an outbound message on the conversation', t.items('Conversation Messages'), [
				{ channel: 'email', direction: 'out', preview: 'Hi E2E Draft Customer, your order ships today.', subject: 'Re: E2E Order question' },
			]);
			const { sendAt: forwardAt, ...forward } = t.requests[8]?.body ?? {};
			t.equal('Forward Conversation body (two recipients, sent now)', forward, {
				channel: 'email',
				to: [{ email: 'billing@e2e.example.com' }, { email: 'refunds@e2e.example.com' }],
				from: { email: 'support@sandbox.example.com' },
				subject: 'Fwd: E2E Order question',
				body: 'Please refund this order.',
			});
			t.ok('Forward Conversation sendAt is a time', typeof forwardAt === 'string' && !Number.isNaN(Date.parse(forwardAt)), forwardAt);
			t.match('Forward Conversation output', t.items('Forward Conversation'), [{ status: 'sent' }]);
			t.ok('the forward is in the sandbox, on the conversation', [...t.sandbox.store.forwards.values()].some((f) => f.conversationId === conversationId && f.attributes.status === 'sent'));
		},
	},
	e2e16Company: {
		creates: 1,
		created: { company: 1 },
		updated: { company: 1 },
		// Kustomer deletes a company by updating it with deleted: true (https://developer.kustomer.com/api/core-resources/create-company).
		deleted: { company: 1 },
		// The create's custom attribute reads the company's attribute names.
		metadataReads: ['company'],
		check(t) {
			const [company] = t.items('Create Company');
			const id = company?.id;
			const customerId = t.items('Create Customer')[0]?.id;
			t.ok('Create Company outputs the company', typeof id === 'string' && id.length > 0, company);
			t.equal('requests (method, path, status, query)', t.requests.map((r) => [...line(r), r.query]), [
				['POST', '/v1/companies', 201, {}],
				// the customer's Company given by name (an expression): looked up in the company list
				['GET', '/v1/companies', 200, { filter: 'E2E Acme Inc.', page: '1', pageSize: '100' }],
				['POST', '/v1/customers', 201, {}],
				['GET', '/v1/companies', 200, { externalId: 'e2e-acct-16', page: '1', pageSize: '100' }],
				['GET', `/v1/companies/${id}`, 200, {}],
				['PUT', `/v1/companies/${id}`, 200, {}],
				['GET', '/v1/companies', 200, { externalId: 'e2e-acct-16', page: '1', pageSize: '100' }],
				['POST', '/v1/customers/search', 200, { page: '1', pageSize: '10' }],
				['PUT', `/v1/companies/${id}`, 200, {}],
			]);
			t.equal('Create Company body', t.requests[0]?.body, {
				name: 'E2E Acme Inc.',
				externalId: 'e2e-acct-16',
				domains: [{ domain: 'e2e-acme.com' }],
				custom: { tierStr: 'gold' },
			});
			t.equal('Create Customer body: linked to the company found by name', t.requests[2]?.body, { name: 'E2E Company Customer', company: id });
			t.match('Create Customer output', t.items('Create Customer'), [{ id: customerId, company: id }]);
			t.match('Get Company output (by external ID)', t.items('Get Company'), [{ id, name: 'E2E Acme Inc.', custom: { tierStr: 'gold' } }]);
			t.equal('Update Company body', t.requests[5]?.body, { employeeCount: 12 });
			t.match('Update Company output', t.items('Update Company'), [{ id, employeeCount: 12, externalId: 'e2e-acct-16' }]);
			t.match('List Companies output', t.items('List Companies'), [{ id }]);
			t.equal('Search Companies body', t.requests[7]?.body, { and: [{ company_name: { contains: 'E2E Acme' } }], queryContext: 'company' });
			t.match('Search Companies output', t.items('Search Companies'), [{ id }]);
			t.equal('Delete Company body', t.requests[8]?.body, { deleted: true });
			t.equal('Delete Company output', t.items('Delete Company'), [{ deleted: true, id }]);
			t.ok('the company is marked deleted in the sandbox', t.sandbox.store.companies.get(id)?.attributes.deleted === true);
			t.ok('the customer is linked to the company', t.sandbox.store.customers.get(customerId)?.attributes.company === id);
		},
	},
	e2e18Merge: {
		creates: 2,
		created: { conversation: 1, customer_merge: 1 },
		check(t) {
			const sourceId = t.items('Create Source')[0]?.id;
			const targetId = t.items('Create Target')[0]?.id;
			const [merged] = t.items('Merge');
			const mergeId = merged?.merge?.id;
			t.ok('Merge outputs the merge ID', typeof mergeId === 'string' && mergeId.length === 24, merged);
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['POST', '/v1/customers', 201],
				['POST', `/v1/customers/${sourceId}/conversations`, 201],
				['POST', '/v1/customers', 201],
				// the source by email: one lookup; the target by expression: its ID as it is
				['GET', '/v1/customers/email=merge-old%40e2e.example.com', 200],
				['POST', '/v1/customers/merges', 201],
				// Kustomer merges asynchronously: polled until complete (the sandbox completes it at the first poll)
				['GET', `/v1/customers/merges/${mergeId}`, 200],
				['GET', `/v1/customers/${targetId}`, 200],
			]);
			t.equal('Merge body', t.requests[4]?.body, { source: sourceId, target: targetId });
			// The documented rules: emails and tags unioned, the target's name kept, conversation counts summed.
			t.match('Merge output: the merged target with the merge status', t.items('Merge'), [
				{
					id: targetId,
					name: 'E2E Merge Keeper',
					emails: [
						{ email: 'merge-keeper@e2e.example.com', type: 'work' },
						{ email: 'merge-old@e2e.example.com', type: 'home' },
					],
					tags: ['e2e-merge-keeper', 'e2e-merge-old'],
					conversationCounts: { all: 1, open: 1, snoozed: 0, done: 0 },
					merge: { id: mergeId, status: 'complete', sourceId, targetId },
				},
			]);
			t.ok('the source customer is gone', !t.sandbox.store.customers.has(sourceId));
			const conversationId = t.items('Create Conversation')[0]?.id;
			t.ok('its conversation moved to the target', t.sandbox.store.conversations.get(conversationId)?.customerId === targetId);
		},
	},
	e2e19CustomerBulk: {
		// created by the bulk jobs: counted by the sandbox as customers created, each once
		creates: 120,
		// two create jobs (100 + 20) and one update job
		created: { bulk: 3 },
		check(t) {
			const [created] = t.items('Create Many');
			const results = created?.results ?? [];
			const createJobs = [...new Set(results.map((r) => r.jobId))];
			t.match('Create Many output', created, { success: true, complete: true, status: 'created', createdCount: 120, failedCount: 0, pendingCount: 0 });
			t.equal('Create Many: one result per customer, in order', results.map((r) => [r.index, r.name, r.status]), range(120, (i) => [i, `E2E Many Bulk ${i}`, 'created']));
			t.equal('two create jobs', createJobs.length, 2);
			// both chunks are posted at once: their order at the sandbox is not fixed
			const posts = t.requests.filter((r) => r.method === 'POST').sort((a, b) => Number(a.body?.[0]?._clientRef) - Number(b.body?.[0]?._clientRef));
			t.equal('bulk POSTs (100, then 20), each customer with its _clientRef', posts.map((r) => [r.path, r.status, r.body.length, r.body[0]?._clientRef]), [
				['/v1/customers/bulk', 201, 100, '0'],
				['/v1/customers/bulk', 201, 20, '100'],
			]);
			t.equal('Create Many body', posts[0]?.body[5], { name: 'E2E Many Bulk 5', externalId: 'e2e-many-5', _clientRef: '5' });
			const ids = results.slice(0, 3).map((r) => r.id);
			const puts = t.requests.filter((r) => r.method === 'PUT');
			t.equal('Update Many: one PUT with the three changes', puts.map((r) => [r.path, r.status, r.body]), [
				['/v1/customers/bulk', 201, ids.map((id, i) => ({ id, tags: ['e2e-bulk-updated'], company: null, _clientRef: String(i) }))],
			]);
			t.match('Update Many output', t.items('Update Many'), [{ success: true, status: 'updated', updatedCount: 3, customerIds: ids }]);
			t.ok('the updated customers carry the tag', ids.every((id) => t.sandbox.store.customers.get(id)?.attributes.tags?.includes('e2e-bulk-updated')));
			const [picked] = t.items('Get Bulk Job Result');
			t.match('Get Bulk Job Result: the create jobs, worded as customers', picked, { success: true, complete: true, status: 'created', createdCount: 120 });
			t.equal('Get Bulk Job Result: the same IDs', [...(picked?.customerIds ?? [])].sort(), results.map((r) => r.id).sort());
			t.equal('Get Bulk Job Result sends nothing', t.requests.filter((r) => r.method !== 'GET').length, 3);
		},
	},
};

/**
 * Attribute metadata reads (GET /v1/metadata/{resource}): a node that names custom attributes reads
 * its resource's attributes once per run (shared by the run's nodes). Each workflow declares them in
 * `metadataReads`; they are checked here, then left out of `t.requests`, so each check lists the
 * workflow's own calls.
 */
const isMetadataRead = (r) => r.method === 'GET' && r.path.startsWith('/v1/metadata/');
for (const entry of Object.values(CHECKS)) {
	const check = entry.check;
	entry.check = (t) => {
		t.equal(
			'attribute metadata reads (once per run and resource)',
			t.requests.filter(isMetadataRead).map((r) => [r.path, r.status]),
			(entry.metadataReads ?? []).map((resource) => [`/v1/metadata/${resource}`, 200]),
		);
		check({ ...t, requests: t.requests.filter((r) => !isMetadataRead(r)) });
	};
}

/** Sandbox counter types besides customers that the workflows' `created` / `updated` / `deleted` account for. */
const COUNTED = ['company', 'conversation', 'note', 'message', 'klass', 'kobject', 'bulk', 'metadata', 'customer_merge', 'draft', 'forward'];

/** Across all workflows of one n8n version. */
function GLOBAL_CHECKS(sandbox, workflows, failures) {
	const keys = new Set(workflows.map((w) => `Bearer ${w.apiKey}`));
	const stray = sandbox.requests.filter((r) => !keys.has(r.headers.authorization));
	if (stray.length) failures.push(`requests without a workflow's key: ${JSON.stringify(stray.map((r) => [r.method, r.path, r.headers.authorization]))}`);
	const errors = sandbox.requests.filter((r) => r.status >= 500 || r.status === 0);
	if (errors.length) failures.push(`server errors: ${JSON.stringify(errors.map((r) => [r.method, r.path, r.status]))}`);
	const expected = workflows.reduce((sum, w) => sum + CHECKS[w.id].creates, 0);
	if (sandbox.counters.created.customer !== expected) {
		failures.push(`customers created: expected ${expected} in all (each exactly once), the sandbox counted ${sandbox.counters.created.customer}`);
	}
	// The same for the other record types: each created, updated and deleted exactly as often as the
	// workflows declare (absent means none).
	for (const bucket of ['created', 'updated', 'deleted']) {
		for (const type of COUNTED) {
			const want = workflows.reduce((sum, w) => sum + (CHECKS[w.id][bucket]?.[type] ?? 0), 0);
			const got = sandbox.counters[bucket][type] ?? 0;
			if (got !== want) failures.push(`${type} ${bucket}: expected ${want} in all (each exactly once), the sandbox counted ${got}`);
		}
	}
}

module.exports = { CHECKS, GLOBAL_CHECKS };
