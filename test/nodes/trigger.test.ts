import { createHmac } from 'node:crypto';

import type { KustomerSandbox } from '../../sandbox';
import { readSeen, rememberEvent, REMEMBER_MS, type SeenEvents } from '../../nodes/KustomerTrigger/remembered';
import { activateTrigger, type ActiveTrigger } from '../harness/trigger';
import { apiRequests, credentialsFor, seedCustomer, startSandbox } from './setup';

let sandbox: KustomerSandbox;
let trigger: ActiveTrigger | undefined;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => {
	sandbox.reset();
	// Kustomer's retry schedule (1, 1, 2, 5, 10, 15, 30 minutes) with a minute of 6 ms.
	sandbox.setWebhookDelivery({ timeScale: 0.0001 });
});
afterEach(async () => {
	jest.restoreAllMocks();
	await trigger?.close();
	trigger = undefined;
});

const SECRET_HEADER = 'x-n8n-kustomer-secret';
const SIGNATURE_HEADER = 'x-kustomer-webhook-signature';
const EVENT_HEADER = 'x-kustomer-webhook-event';

const ALL_EVENTS = ['conversation', 'customer', 'message', 'tag', 'team', 'user'].flatMap((t) => [`kustomer.${t}.create`, `kustomer.${t}.update`]);

async function activate(parameters: Record<string, unknown> = {}, workflowName?: string): Promise<ActiveTrigger> {
	trigger = await activateTrigger({
		nodeType: 'kustomerTrigger',
		parameters: { events: ['kustomer.customer.create', 'kustomer.customer.update'], ...parameters },
		credentials: credentialsFor(sandbox),
		workflowName,
	});
	return trigger;
}

interface Listed {
	data: Array<{ id: string; attributes: Record<string, unknown> }>;
}

async function listHooks(): Promise<Listed['data']> {
	return ((await (await kustomer('GET', '/v1/outbound-webhooks')).json()) as Listed).data;
}

async function kustomer(method: string, path: string, body?: unknown): Promise<Response> {
	return await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

/** The token Kustomer (the sandbox) signs this trigger's deliveries with. */
function kustomerToken(active: ActiveTrigger): string {
	const hook = sandbox.store.outboundWebhooks.get(String(active.staticData().webhookId));
	if (!hook) throw new Error('the trigger has no outbound webhook in the sandbox');
	return hook.attributes.token;
}

const sign = (token: string, text: string) => createHmac('sha256', token).update(text, 'utf8').digest('hex');

/** A POST to the trigger's URL with the headers given, the body sent as it is when a string. */
async function post(active: ActiveTrigger, body: unknown, headers: Record<string, string>): Promise<Response> {
	return await fetch(active.webhookUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
}

/** A delivery as Kustomer sends it: the secret header, the event header and the signature of the body. */
async function deliver(active: ActiveTrigger, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	const name = (JSON.parse(text) as { name?: string }).name ?? '';
	return await post(active, text, {
		[SECRET_HEADER]: String(active.staticData().secret),
		[EVENT_HEADER]: name,
		[SIGNATURE_HEADER]: sign(kustomerToken(active), text),
		...headers,
	});
}

const event = (id: string, attributes: Record<string, unknown> = { name: 'Forged' }) => ({
	id,
	name: 'kustomer.customer.create',
	createdAt: '2026-11-24T10:00:00.000Z',
	data: { type: 'customer', id: '5f3c6a1b2c3d4e5f6a7b8c9d', attributes },
	changes: null,
});

const realNow = Date.now.bind(Date);

/** Makes the node's clock (Date.now, as n8n's code sees it in this process) run `offsetMs` ahead of the real one. */
function clockAhead(offsetMs: number): void {
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
}

/** Nothing the trigger keeps secret appears in what it output. */
function expectNoSecrets(active: ActiveTrigger, token: string): void {
	const output = JSON.stringify(active.executions);
	expect(output).not.toContain(token);
	expect(output).not.toContain(String(active.staticData().secret));
}

describe('KustomerTrigger activation', () => {
	it('registers one outbound webhook for the chosen events, with a secret header, and keeps Kustomer\'s token', async () => {
		const active = await activate({}, 'Sync new customers');
		const [request] = apiRequests(sandbox).filter((r) => r.method === 'POST');
		expect(request).toMatchObject({
			path: '/v1/outbound-webhooks',
			headers: { authorization: `Bearer ${sandbox.apiKey}` },
			body: {
				name: 'n8n: Sync new customers',
				url: active.webhookUrl,
				events: ['kustomer.customer.create', 'kustomer.customer.update'],
			},
		});
		const headers = (request.body as { headers: Array<{ name: string; value: string }> }).headers;
		expect(headers).toHaveLength(1);
		expect(headers[0].name).toBe(SECRET_HEADER);
		expect(headers[0].value).toMatch(/^[A-Za-z0-9]{40}$/);
		// The token came with the create answer: nothing else was asked.
		expect(apiRequests(sandbox).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/outbound-webhooks', 'POST /v1/outbound-webhooks']);
		expect(active.staticData()).toMatchObject({ secret: headers[0].value, webhookId: expect.any(String), token: kustomerToken(active) });
		expect(active.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/[\w-]+\/webhook$/);
	});

	it('registers all 12 events, sorted, and refuses more than 12 or unknown ones naming "Events"', async () => {
		const active = await activate({ events: [...ALL_EVENTS].reverse() });
		const [hook] = await listHooks();
		expect(hook.attributes.events).toEqual([...ALL_EVENTS].sort());
		await active.deactivate();
		trigger = undefined;
		sandbox.clearRequests();

		await expect(activate({ events: [...ALL_EVENTS, 'kustomer.note.create'] })).rejects.toThrow(
			'"Events" holds 13 events; Kustomer takes at most 12 per outbound webhook',
		);
		await expect(activate({ events: ['kustomer.customer.create', 'kustomer.note.create'] })).rejects.toThrow(
			'"Events" holds events Kustomer does not send: kustomer.note.create',
		);
		await expect(activate({ events: [] })).rejects.toThrow('Choose at least one event in "Events"');
		expect(apiRequests(sandbox).filter((r) => r.method !== 'GET')).toEqual([]);
	});

	it('finds its webhook again after a restart, and replaces it when the events changed', async () => {
		const active = await activate();
		const id = active.staticData().webhookId;
		sandbox.clearRequests();
		expect(await active.checkExists()).toBe(true);
		expect(apiRequests(sandbox).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/outbound-webhooks']);
		expect(active.staticData().webhookId).toBe(id);

		// Restarted with other events (the saved workflow was edited): the registration is replaced.
		active.setParameter('events', ['kustomer.conversation.create']);
		await active.activate();
		const hooks = await listHooks();
		expect(hooks).toHaveLength(1);
		expect(hooks[0].attributes).toMatchObject({ url: active.webhookUrl, events: ['kustomer.conversation.create'] });
		expect(hooks[0].id).not.toBe(id);
		expect(active.staticData().webhookId).toBe(hooks[0].id);
		expect(active.staticData().token).toBe(kustomerToken(active));
	});

	it('finds its webhook on a later page of the organization\'s webhooks', async () => {
		const active = await activate();
		const id = String(active.staticData().webhookId);
		// 120 webhooks (declared by apps, say) listed before the trigger's own: it is on page 2.
		const own = sandbox.store.outboundWebhooks.get(id)!;
		sandbox.store.outboundWebhooks.delete(id);
		for (let index = 0; index < 120; index++) {
			const other = `${id.slice(0, 18)}${String(index).padStart(6, '0')}`;
			sandbox.store.outboundWebhooks.set(other, { ...own, id: other, attributes: { ...own.attributes, url: `https://apps.example.com/${index}` } });
		}
		sandbox.store.outboundWebhooks.set(id, own);
		sandbox.clearRequests();
		expect(await active.checkExists()).toBe(true);
		expect(apiRequests(sandbox).map((r) => `${r.method} ${r.path} ${r.query.page ?? ''}`)).toEqual([
			'GET /v1/outbound-webhooks 1',
			'GET /v1/outbound-webhooks 2',
		]);
		expect(active.staticData().webhookId).toBe(id);
	});

	it('reads the token of a webhook registered before the trigger kept it, and then verifies deliveries', async () => {
		const active = await activate();
		const id = String(active.staticData().webhookId);
		// What an earlier version of the node left in static data: no token.
		delete active.staticData().token;
		sandbox.clearRequests();
		await active.activate();
		expect(apiRequests(sandbox).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'GET /v1/outbound-webhooks 200',
			`GET /v1/outbound-webhooks/${id} 200`,
		]);
		expect(active.staticData()).toMatchObject({ webhookId: id, token: kustomerToken(active) });

		await seedCustomer(sandbox, { name: 'After the upgrade' });
		await sandbox.deliveriesSettled();
		expect(sandbox.deliveries.map((d) => d.status)).toEqual([200]);
		expect(active.executions.map((items) => items[0].json.name)).toEqual(['After the upgrade']);
	});

	it('registers again when Kustomer does not give the token of the old webhook', async () => {
		const active = await activate();
		const old = String(active.staticData().webhookId);
		delete active.staticData().token;
		sandbox.faults.add({ kind: 'status', status: 404, match: { method: 'GET', path: /^\/v1\/outbound-webhooks\/[^/]+$/ } });
		sandbox.clearRequests();
		await active.activate();
		const fresh = String(active.staticData().webhookId);
		expect(fresh).not.toBe(old);
		expect(apiRequests(sandbox).map((r) => `${r.method} ${r.path.replace(fresh, '<new>')} ${r.status}`)).toEqual([
			'GET /v1/outbound-webhooks 200',
			`GET /v1/outbound-webhooks/${old} 404`,
			`DELETE /v1/outbound-webhooks/${old} 204`,
			'POST /v1/outbound-webhooks 201',
		]);
		expect((await listHooks()).map((hook) => hook.id)).toEqual([fresh]);
		expect(active.staticData().token).toBe(kustomerToken(active));
	});

	it('removes the webhook and forgets its secrets on deactivation', async () => {
		const active = await activate();
		const id = String(active.staticData().webhookId);
		sandbox.clearRequests();
		await active.deactivate();
		trigger = undefined;
		expect(apiRequests(sandbox).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`DELETE /v1/outbound-webhooks/${id} 204`]);
		expect(await listHooks()).toEqual([]);
		expect(active.staticData()).not.toHaveProperty('token');
		expect(active.staticData()).not.toHaveProperty('secret');
	});

	it('names the existing webhooks when Kustomer\'s limit of 5 is reached', async () => {
		for (let i = 1; i <= 5; i++) {
			const created = await kustomer('POST', '/v1/outbound-webhooks', { name: `Hook ${i}`, url: `https://hooks.example.com/${i}`, events: ['kustomer.customer.create'] });
			expect(created.status).toBe(201);
		}
		await expect(activate()).rejects.toThrow(
			/^Kustomer allows 5 outbound webhooks per organization, and all 5 are in use: "Hook 1" \(https:\/\/hooks\.example\.com\/1\), .*"Hook 5" \(https:\/\/hooks\.example\.com\/5\)$/,
		);
	});

	it('says which role the key needs when Kustomer refuses it', async () => {
		await expect(
			activateTrigger({
				nodeType: 'kustomerTrigger',
				parameters: { events: ['kustomer.customer.create'] },
				credentials: credentialsFor(sandbox, 'read-only-key'),
			}),
		).rejects.toThrow(/needs the role org\.outbound_webhooks or org\.permission\.outbound_webhook\.read or org\.admin\.outbound_webhooks \(to list/);
	});
});

describe('KustomerTrigger deliveries', () => {
	it('runs the workflow once for a created customer, with the record and the event', async () => {
		const active = await activate();
		const customer = await seedCustomer(sandbox, { name: 'Grace Hopper', emails: [{ email: 'grace@example.com' }] });
		await sandbox.deliveriesSettled();
		expect(sandbox.deliveries.map((d) => [d.event, d.status])).toEqual([['kustomer.customer.create', 200]]);
		expect(active.executions).toHaveLength(1);
		expect(active.executions[0]).toHaveLength(1);
		expect(active.executions[0][0].json).toMatchObject({
			id: customer.id,
			type: 'customer',
			name: 'Grace Hopper',
			emails: [{ email: 'grace@example.com' }],
			event: 'kustomer.customer.create',
			eventId: expect.any(String),
		});
		// Kustomer sends changes: null on creates; the simplified item has none.
		expect(active.executions[0][0].json).not.toHaveProperty('changes');
		expectNoSecrets(active, kustomerToken(active));
	});

	it('outputs what changed on an update', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Grace' });
		const active = await activate({ events: ['kustomer.customer.update'] });
		const updated = await kustomer('PUT', `/v1/customers/${String(customer.id)}`, { name: 'Grace Hopper' });
		expect(updated.status).toBe(200);
		await sandbox.deliveriesSettled();
		expect(active.executions).toHaveLength(1);
		expect(active.executions[0][0].json).toMatchObject({
			id: customer.id,
			name: 'Grace Hopper',
			event: 'kustomer.customer.update',
			changes: { name: { before: 'Grace', after: 'Grace Hopper' } },
		});
	});

	it('outputs Kustomer\'s whole event when Simplify is off, without the token or the secret', async () => {
		const active = await activate({ simplify: false });
		const customer = await seedCustomer(sandbox, { name: 'Raw' });
		await sandbox.deliveriesSettled();
		expect(active.executions[0][0].json).toMatchObject({
			id: expect.any(String),
			name: 'kustomer.customer.create',
			data: { type: 'customer', id: customer.id, attributes: { name: 'Raw' } },
			changes: null,
		});
		expectNoSecrets(active, kustomerToken(active));
	});

	it('runs for tag events', async () => {
		const active = await activate({ events: ['kustomer.tag.create', 'kustomer.tag.update'] });
		await seedCustomer(sandbox, { name: 'Tagged', tags: ['first-time-tag'] });
		await sandbox.deliveriesSettled();
		expect(active.executions).toHaveLength(1);
		expect(active.executions[0][0].json).toMatchObject({ type: 'tag', id: expect.any(String), name: 'first-time-tag', event: 'kustomer.tag.create' });
		const tag = sandbox.store.tags.get(String(active.executions[0][0].json.id));
		expect(tag?.attributes.name).toBe('first-time-tag');
	});

	it('keeps the record\'s own id and type when its attributes carry the same names', async () => {
		const active = await activate();
		const response = await deliver(active, event('shadowed-1', { id: 'attribute-id', type: 'attribute-type', name: 'Shadow' }));
		expect(response.status).toBe(200);
		expect(active.executions[0][0].json).toMatchObject({ id: '5f3c6a1b2c3d4e5f6a7b8c9d', type: 'customer', name: 'Shadow' });
	});

	it('runs once when Kustomer delivers the same event again', async () => {
		const active = await activate();
		await seedCustomer(sandbox, { name: 'Once' });
		await sandbox.deliveriesSettled();
		const eventId = String(active.executions[0][0].json.eventId);
		await sandbox.redeliver(eventId);
		await sandbox.deliveriesSettled();
		expect(active.executions).toHaveLength(1);
		expect(active.deliveries.map((d) => [d.status, d.body])).toEqual([
			[200, { message: 'Workflow was started' }],
			[200, { received: true, duplicate: true }],
		]);
	});

	it('refuses a delivery without the secret header with 401 and starts nothing', async () => {
		const active = await activate();
		const secret = String(active.staticData().secret);
		const missing = await deliver(active, event('forged-1'), { [SECRET_HEADER]: '' });
		// Change the last character to one it cannot already be (a fixed 'x' matched the real secret about once in 62 runs).
		const lastChanged = `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`;
		const wrong = await deliver(active, event('forged-2'), { [SECRET_HEADER]: lastChanged });
		const longer = await deliver(active, event('forged-3'), { [SECRET_HEADER]: `${secret}x` });
		expect([missing.status, wrong.status, longer.status]).toEqual([401, 401, 401]);
		expect(await missing.json()).toEqual({ message: 'Unauthorized' });
		expect(active.executions).toHaveLength(0);

		const genuine = await deliver(active, event('genuine-1'));
		expect(genuine.status).toBe(200);
		expect(active.executions).toHaveLength(1);
	});

	it('refuses a delivery without Kustomer\'s valid signature with 401 and starts nothing, with no setting to fill in', async () => {
		const active = await activate();
		const token = kustomerToken(active);
		const secret = String(active.staticData().secret);
		const body = JSON.stringify(event('signed-1'));
		const headers = { [SECRET_HEADER]: secret, [EVENT_HEADER]: 'kustomer.customer.create' };
		const attempts = {
			unsigned: await post(active, body, headers),
			otherKey: await post(active, body, { ...headers, [SIGNATURE_HEADER]: sign('not-the-token', body) }),
			otherBody: await post(active, body, { ...headers, [SIGNATURE_HEADER]: sign(token, JSON.stringify(event('signed-2'))) }),
			prefixed: await post(active, body, { ...headers, [SIGNATURE_HEADER]: `sha256=${sign(token, body)}` }),
			// the header the node used to read; Kustomer does not send it
			oldHeader: await post(active, body, { ...headers, 'x-kustomer-signature': sign(token, body) }),
		};
		expect(Object.fromEntries(Object.entries(attempts).map(([name, response]) => [name, response.status]))).toEqual({
			unsigned: 401,
			otherKey: 401,
			otherBody: 401,
			prefixed: 401,
			oldHeader: 401,
		});
		expect(await attempts.unsigned.json()).toEqual({ message: 'Invalid signature' });
		expect(active.executions).toHaveLength(0);

		const good = await post(active, body, { ...headers, [SIGNATURE_HEADER]: sign(token, body) });
		expect(good.status).toBe(200);
		expect(active.executions).toHaveLength(1);
	});

	it('verifies the signature over the raw bytes, not over the parsed JSON', async () => {
		const active = await activate();
		const token = kustomerToken(active);
		// Spacing, key order and escapes that JSON.stringify of the parsed body would not reproduce.
		const raw = '{ "name" : "kustomer.customer.create", "id":"raw-1",\n  "data": {"id":"5f3c6a1b2c3d4e5f6a7b8c9d","type":"customer","attributes":{"name":"Zo\\u00eb «Ünïcode»"}}, "changes": null }';
		const reserialized = JSON.stringify(JSON.parse(raw));
		expect(reserialized).not.toBe(raw);
		const headers = { [SECRET_HEADER]: String(active.staticData().secret), [EVENT_HEADER]: 'kustomer.customer.create' };
		expect((await post(active, raw, { ...headers, [SIGNATURE_HEADER]: sign(token, reserialized) })).status).toBe(401);
		expect((await post(active, raw, { ...headers, [SIGNATURE_HEADER]: sign(token, raw) })).status).toBe(200);
		expect(active.executions.map((items) => items[0].json.name)).toEqual(['Zoë «Ünïcode»']);
	});

	it('answers Kustomer\'s own deliveries 401 when they are not signed with the stored token, through the whole retry schedule', async () => {
		const active = await activate();
		active.staticData().token = 'a-token-kustomer-did-not-sign-with';
		await seedCustomer(sandbox, { name: 'Refused' });
		await sandbox.deliveriesSettled();
		expect(sandbox.deliveries.map((d) => [d.attempt, d.status])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => [attempt, 401]));
		expect(active.executions).toHaveLength(0);
	});

	it('routes on X-Kustomer-Webhook-Event and refuses a header that contradicts the signed body', async () => {
		const active = await activate({ events: ['kustomer.conversation.create'] });
		const other = await deliver(active, event('other-1'));
		expect([other.status, await other.json()]).toEqual([200, { received: true }]);
		const contradicting = await deliver(active, event('other-2'), { [EVENT_HEADER]: 'kustomer.conversation.create' });
		expect([contradicting.status, await contradicting.json()]).toEqual([400, { message: 'The X-Kustomer-Webhook-Event header does not match the event' }]);
		const junk = await deliver(active, { hello: 'world' });
		expect(junk.status).toBe(400);
		expect(active.executions).toHaveLength(0);
	});
});

describe('KustomerTrigger remembered events', () => {
	it('remembers an event through Kustomer\'s whole retry schedule, and forgets it after two hours', async () => {
		const active = await activate();
		expect((await deliver(active, event('evt-a'))).status).toBe(200);
		// The last retry comes 1+1+2+5+10+15+30 = 64 minutes after the first attempt.
		clockAhead(65 * 60_000);
		expect(await (await deliver(active, event('evt-a'))).json()).toEqual({ received: true, duplicate: true });
		clockAhead(REMEMBER_MS + 60_000);
		expect(await (await deliver(active, event('evt-b'))).json()).toEqual({ message: 'Workflow was started' });
		expect((active.staticData().seenEvents as SeenEvents).map(([id]) => id)).toEqual(['evt-b']);
		expect(await (await deliver(active, event('evt-a'))).json()).toEqual({ message: 'Workflow was started' });
		expect(active.executions.map((items) => items[0].json.eventId)).toEqual(['evt-a', 'evt-b', 'evt-a']);
	});

	it('does not forget an event inside the window however many come after it', async () => {
		const active = await activate();
		const count = 600; // the node used to keep the last 500
		for (let i = 0; i < count; i++) expect((await deliver(active, event(`bulk-${i}`))).status).toBe(200);
		expect(await (await deliver(active, event('bulk-0'))).json()).toEqual({ received: true, duplicate: true });
		expect(active.executions).toHaveLength(count);
		expect(active.staticData().seenEvents).toHaveLength(count);
	});

	it('keeps the ids an earlier version remembered', async () => {
		const active = await activate();
		active.staticData().recentEventIds = ['legacy-1'];
		expect(await (await deliver(active, event('legacy-1'))).json()).toEqual({ received: true, duplicate: true });
		expect(active.staticData()).not.toHaveProperty('recentEventIds');
		expect((active.staticData().seenEvents as SeenEvents).map(([id]) => id)).toEqual(['legacy-1']);
	});

	it('keeps every id of the window and drops only older ones, at any volume', () => {
		const start = Date.UTC(2026, 10, 30);
		const count = 100_000;
		// 100,000 ids spread over two hours, as rememberEvent would have stored them
		const seen: SeenEvents = Array.from({ length: count }, (_, i) => [`id-${i}`, start + Math.floor((i * REMEMBER_MS) / count)]);
		const inside = rememberEvent(seen, 'id-0', start + REMEMBER_MS - 1);
		expect(inside.duplicate).toBe(true);
		expect(inside.seen).toHaveLength(count);
		const later = rememberEvent(seen, 'id-new', start + REMEMBER_MS + 1000);
		// ids first seen more than two hours before are gone, the rest stays
		expect(later.seen[0][0]).toBe(`id-${Math.ceil((1001 * count) / REMEMBER_MS)}`);
		expect(later.seen.every(([, at]) => at > start + 1000)).toBe(true);
		expect(readSeen([['x', 1], 'junk', ['y']], ['z'], 5)).toEqual([['x', 1], ['z', 5]]);
	});
});
