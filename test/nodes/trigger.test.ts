import { createHmac } from 'node:crypto';

import type { KustomerSandbox } from '../../sandbox';
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
beforeEach(() => sandbox.reset());
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});

const SECRET_HEADER = 'x-n8n-kustomer-secret';

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

/** A delivery as Kustomer would send it, to the trigger's URL, with the headers given. */
async function deliver(active: ActiveTrigger, body: unknown, headers: Record<string, string>): Promise<Response> {
	return await fetch(active.webhookUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
}

const event = (id: string) => ({
	id,
	name: 'kustomer.customer.create',
	createdAt: '2026-11-24T10:00:00.000Z',
	data: { type: 'customer', id: '5f3c6a1b2c3d4e5f6a7b8c9d', attributes: { name: 'Forged' } },
});

describe('KustomerTrigger activation', () => {
	it('registers one outbound webhook for the chosen events, with a secret header', async () => {
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
		expect(active.staticData()).toMatchObject({ secret: headers[0].value, webhookId: expect.any(String) });
		expect(active.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/[\w-]+\/webhook$/);
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
	});

	it('removes the webhook on deactivation', async () => {
		const active = await activate();
		const id = String(active.staticData().webhookId);
		sandbox.clearRequests();
		await active.deactivate();
		trigger = undefined;
		expect(apiRequests(sandbox).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`DELETE /v1/outbound-webhooks/${id} 204`]);
		expect(await listHooks()).toEqual([]);
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
		).rejects.toThrow(/needs the role org\.permission\.outbound_webhook/);
	});
});

describe('KustomerTrigger deliveries', () => {
	it('runs the workflow once for a created customer, with the record and the event', async () => {
		const active = await activate();
		const customer = await seedCustomer(sandbox, { name: 'Grace Hopper', emails: [{ email: 'grace@example.com' }] });
		await sandbox.deliveriesSettled();
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
		expect(active.executions[0][0].json.changes).toBeUndefined();
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

	it('outputs Kustomer\'s whole event when Simplify is off', async () => {
		const active = await activate({ simplify: false });
		const customer = await seedCustomer(sandbox, { name: 'Raw' });
		await sandbox.deliveriesSettled();
		expect(active.executions[0][0].json).toMatchObject({
			id: expect.any(String),
			name: 'kustomer.customer.create',
			data: { type: 'customer', id: customer.id, attributes: { name: 'Raw' } },
		});
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

	it('refuses a forged delivery with 401 and starts nothing', async () => {
		const active = await activate();
		const secret = String(active.staticData().secret);
		const missing = await deliver(active, event('forged-1'), {});
		// Change the last character to one it cannot already be (a fixed 'x' matched the real secret about once in 62 runs).
		const lastChanged = `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`;
		const wrong = await deliver(active, event('forged-2'), { [SECRET_HEADER]: lastChanged });
		const longer = await deliver(active, event('forged-3'), { [SECRET_HEADER]: `${secret}x` });
		expect([missing.status, wrong.status, longer.status]).toEqual([401, 401, 401]);
		expect(await missing.json()).toEqual({ message: 'Unauthorized' });
		expect(active.executions).toHaveLength(0);

		const genuine = await deliver(active, event('genuine-1'), { [SECRET_HEADER]: secret });
		expect(genuine.status).toBe(200);
		expect(active.executions).toHaveLength(1);
	});

	it('checks Kustomer\'s signature when a signing secret is configured', async () => {
		const active = await activate({ options: { signingSecret: 'kustomer-signing-secret' } });
		const secret = String(active.staticData().secret);
		const body = event('signed-1');
		const sign = (text: string) => createHmac('sha256', 'kustomer-signing-secret').update(text).digest('hex');
		const bad = await deliver(active, body, { [SECRET_HEADER]: secret, 'x-kustomer-signature': sign('something else') });
		expect(bad.status).toBe(401);
		expect(await bad.json()).toEqual({ message: 'Invalid signature' });
		const good = await deliver(active, body, { [SECRET_HEADER]: secret, 'x-kustomer-signature': `sha256=${sign(JSON.stringify(body))}` });
		expect(good.status).toBe(200);
		expect(active.executions).toHaveLength(1);
	});

	it('ignores events it does not listen for, and refuses bodies that are not events', async () => {
		const active = await activate({ events: ['kustomer.conversation.create'] });
		const secret = String(active.staticData().secret);
		const other = await deliver(active, event('other-1'), { [SECRET_HEADER]: secret });
		expect([other.status, await other.json()]).toEqual([200, { received: true }]);
		const junk = await deliver(active, { hello: 'world' }, { [SECRET_HEADER]: secret });
		expect(junk.status).toBe(400);
		expect(active.executions).toHaveLength(0);
	});
});
