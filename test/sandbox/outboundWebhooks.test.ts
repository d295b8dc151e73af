import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { KustomerSandbox, RETRY_SCHEDULE_MINUTES, SANDBOX_ORG_ID } from '../../sandbox';
import { call, createConversation, createCustomer, MISSING_ID } from './helpers';

interface Received {
	path: string;
	headers: IncomingMessage['headers'];
	raw: string;
	body: any;
}

/** What the receiver does with one delivery: answer a status, or never answer. */
type Answer = number | 'hang';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

async function listen(server: Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(server: Server): Promise<void> {
	const closed = new Promise<void>((resolve) => server.close(() => resolve()));
	server.closeAllConnections();
	await closed;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kustomer's retry schedule in tests: a minute is 6 ms, the whole hour 384 ms. */
const TIME_SCALE = 0.0001;
const SCALED_SCHEDULE = [0, ...RETRY_SCHEDULE_MINUTES.map((minutes) => minutes * 60_000 * TIME_SCALE)];

const ALL_EVENTS = ['customer', 'conversation', 'message', 'team', 'user', 'tag'].flatMap((t) => [`kustomer.${t}.create`, `kustomer.${t}.update`]);

describe('sandbox outbound webhooks', () => {
	let sb: KustomerSandbox;
	let receiver: Server;
	let url: string;
	let received: Received[];
	/** Answers of the receiver, in turn; 200 once they run out. */
	let answers: Answer[];

	beforeAll(async () => {
		sb = await KustomerSandbox.start({
			keys: {
				'no-webhooks': ['org.user.customer.read'],
				'webhook-permission': ['org.permission.outbound_webhook.read'],
				'webhook-admin': ['org.admin.outbound_webhooks'],
				'org-admin': ['org.outbound_webhooks'],
			},
			webhookDelivery: { timeScale: TIME_SCALE },
		});
		receiver = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) });
				const answer = answers.shift() ?? 200;
				if (answer !== 'hang') res.writeHead(answer).end();
			});
		});
		url = `${await listen(receiver)}/hook`;
	});
	afterAll(async () => {
		await sb.close();
		await stop(receiver);
	});
	beforeEach(() => {
		sb.reset();
		received = [];
		answers = [];
	});

	const register = (body: Record<string, unknown> = {}) =>
		call(sb, 'POST', '/v1/outbound-webhooks', { body: { name: 'Hook', url, events: ['kustomer.customer.create'], ...body } });

	async function registered(body: Record<string, unknown> = {}): Promise<string> {
		const r = await register(body);
		if (r.status !== 201) throw new Error(`register failed: ${r.status} ${r.text}`);
		return r.json.data.id;
	}

	describe('registrations', () => {
		it('creates, lists, gets and deletes them in the JSON:API envelope', async () => {
			const created = await register({ headers: [{ name: 'x-secret', value: 's3' }] });
			expect(created.status).toBe(201);
			const id = created.json.data.id;
			expect(id).toMatch(/^[0-9a-f]{24}$/);
			expect(created.json.data).toMatchObject({
				type: 'outbound_webhook',
				attributes: { name: 'Hook', url, events: ['kustomer.customer.create'], headers: [{ name: 'x-secret', value: 's3' }], enabled: true, isError: false },
				links: { self: `/v1/outbound-webhooks/${id}` },
			});
			for (const at of ['createdAt', 'modifiedAt', 'updatedAt']) expect(created.json.data.attributes[at]).toMatch(ISO);
			// the signature's key, answered on create and on GET by id, not in the list
			const { token } = created.json.data.attributes;
			expect(token).toMatch(/^[0-9a-f]{64}$/);
			expect(token).toBe(sb.store.outboundWebhooks.get(id)?.attributes.token);

			const list = await call(sb, 'GET', '/v1/outbound-webhooks');
			expect(list.status).toBe(200);
			const listed = { ...created.json.data.attributes };
			delete listed.token;
			expect(list.json.data).toEqual([{ ...created.json.data, attributes: listed }]);
			expect(list.text).not.toContain(token);
			expect(list.json.meta).toMatchObject({ page: 1, total: 1 });
			expect(list.json.links).toMatchObject({ self: expect.stringContaining('/v1/outbound-webhooks?'), next: null });

			expect((await call(sb, 'GET', `/v1/outbound-webhooks/${id}`)).json).toEqual(created.json);
			expect(sb.store.outboundWebhooks.get(id)?.attributes.name).toBe('Hook');

			expect((await call(sb, 'DELETE', `/v1/outbound-webhooks/${id}`)).status).toBe(204);
			expect((await call(sb, 'GET', '/v1/outbound-webhooks')).json.data).toEqual([]);
			for (const method of ['GET', 'DELETE']) {
				const gone = await call(sb, method, `/v1/outbound-webhooks/${id}`);
				expect(gone.status).toBe(404);
				expect(gone.json.errors[0]).toMatchObject({ status: 404, code: 'not_found', title: 'Not Found' });
			}
		});

		it('keeps enabled: false', async () => {
			expect((await register({ enabled: false })).json.data.attributes.enabled).toBe(false);
		});

		it('records the requests as valid, documented non-spec routes', async () => {
			const id = await registered();
			await call(sb, 'GET', '/v1/outbound-webhooks');
			await call(sb, 'GET', `/v1/outbound-webhooks/${id}`);
			await call(sb, 'DELETE', `/v1/outbound-webhooks/${id}`);
			expect(sb.requests.map((r) => [r.method, r.operationId, r.valid, r.status])).toEqual([
				['POST', 'CreateOutboundWebhook', true, 201],
				['GET', 'GetOutboundWebhooks', true, 200],
				['GET', 'GetOutboundWebhook', true, 200],
				['DELETE', 'DeleteOutboundWebhook', true, 204],
			]);
		});

		it('names the field of every invalid value', async () => {
			const bad = await call(sb, 'POST', '/v1/outbound-webhooks', {
				body: { name: '', url: 'ftp://x', events: ['kustomer.customer.create', 'kustomer.note.create', 'kustomer.tag.delete'], headers: [{ name: 'bad header', value: 1 }], enabled: 'yes' },
			});
			expect(bad.status).toBe(400);
			expect(bad.json.errors.map((e: any) => e.source.pointer)).toEqual(['/name', '/url', '/events/1', '/events/2', '/headers/0/name', '/headers/0/value', '/enabled']);
			expect(bad.json.errors[0]).toMatchObject({ status: 400, code: 'invalid', title: expect.any(String), detail: expect.any(String) });
			expect(sb.store.outboundWebhooks.size).toBe(0);
		});

		it.each([
			['a missing name', { name: undefined }, '/name'],
			['a name over 255 characters', { name: 'n'.repeat(256) }, '/name'],
			['more than 12 events', { events: [...ALL_EVENTS, 'kustomer.customer.create'] }, '/events'],
			['the signature header', { headers: [{ name: 'X-Kustomer-Webhook-Signature', value: 'forged' }] }, '/headers/0/name'],
			['the event header', { headers: [{ name: 'x-kustomer-webhook-event', value: 'kustomer.customer.create' }] }, '/headers/0/name'],
			['a relative url', { url: '/hook' }, '/url'],
			['a url with spaces', { url: 'http://exa mple.com/' }, '/url'],
			['a url over 255 characters', { url: `http://example.com/${'a'.repeat(237)}` }, '/url'],
			['no events', { events: [] }, '/events'],
			['events that are not a list', { events: 'kustomer.customer.create' }, '/events'],
			['headers that are not a list', { headers: { 'x-a': 'b' } }, '/headers'],
			['a header the delivery sets', { headers: [{ name: 'x-ok', value: '1' }, { name: 'Content-Type', value: 'text/plain' }] }, '/headers/1/name'],
			['a header value with a line break', { headers: [{ name: 'x-a', value: 'b\r\nx-evil: 1' }] }, '/headers/0/value'],
		])('refuses %s', async (_, change, pointer) => {
			const r = await register(change);
			expect(r.status).toBe(400);
			expect(r.json.errors.map((e: any) => e.source.pointer)).toEqual([pointer]);
		});

		it('accepts a url of exactly 255 characters, a name of 255 and all 12 event names', async () => {
			const long = `http://example.com/${'a'.repeat(236)}`;
			expect(long).toHaveLength(255);
			expect(ALL_EVENTS).toHaveLength(12);
			const created = await register({ url: long, name: 'n'.repeat(255), events: ALL_EVENTS });
			expect(created.status).toBe(201);
			expect(created.json.data.attributes.events).toEqual(ALL_EVENTS);
		});

		it('gives each registration its own token', async () => {
			const first = (await register()).json.data.attributes.token;
			const second = (await register()).json.data.attributes.token;
			expect(first).not.toBe(second);
		});

		it('allows 5 registrations per org', async () => {
			const ids: string[] = [];
			for (let i = 0; i < 5; i++) ids.push(await registered({ name: `Hook ${i}` }));
			const sixth = await register({ name: 'Hook 6' });
			expect(sixth.status).toBe(400);
			expect(sixth.json.errors).toEqual([
				{ status: 400, code: 'outbound_webhook_limit', title: 'Outbound webhook limit reached', detail: 'An organization can have at most 5 outbound webhooks' },
			]);
			expect(sb.store.outboundWebhooks.size).toBe(5);
			await call(sb, 'DELETE', `/v1/outbound-webhooks/${ids[0]}`);
			expect((await register({ name: 'Hook 6' })).status).toBe(201);
		});

		it('needs the outbound webhook role (401 without it)', async () => {
			const id = await registered();
			const routes: Array<[string, string, unknown?]> = [
				['POST', '/v1/outbound-webhooks', { name: 'Hook', url, events: ['kustomer.customer.create'] }],
				['GET', '/v1/outbound-webhooks'],
				['GET', `/v1/outbound-webhooks/${id}`],
				['DELETE', `/v1/outbound-webhooks/${id}`],
			];
			for (const [method, path, body] of routes) {
				const r = await call(sb, method, path, { key: 'no-webhooks', body });
				expect(r.status).toBe(401);
				expect(r.json.errors[0]).toMatchObject({ status: 401, code: 'unauthorized', title: expect.stringContaining('org.outbound_webhooks') });
			}
			expect(sb.store.outboundWebhooks.size).toBe(1);
			for (const key of ['webhook-permission', 'webhook-admin', 'org-admin']) expect((await call(sb, 'GET', '/v1/outbound-webhooks', { key })).status).toBe(200);
			expect((await call(sb, 'GET', '/v1/outbound-webhooks', { key: null })).status).toBe(401);
		});
	});

	describe('deliveries', () => {
		it('delivers a customer create as the API rendered it, with the custom headers', async () => {
			const hook = await registered({ headers: [{ name: 'X-Secret', value: 's3' }, { name: 'x-tenant', value: 'acme' }] });
			const answer = await call(sb, 'POST', '/v1/customers', { body: { name: 'Ada' } });
			await sb.deliveriesSettled();
			expect(received).toHaveLength(1);
			const [delivery] = received;
			expect(delivery.path).toBe('/hook');
			expect(delivery.headers['content-type']).toBe('application/json');
			expect(delivery.headers['x-secret']).toBe('s3');
			expect(delivery.headers['x-tenant']).toBe('acme');
			expect(delivery.headers['x-kustomer-webhook-event']).toBe('kustomer.customer.create');
			const token = sb.store.outboundWebhooks.get(hook)!.attributes.token;
			expect(delivery.headers['x-kustomer-webhook-signature']).toBe(createHmac('sha256', token).update(delivery.raw).digest('hex'));
			expect(delivery.body).toEqual({
				id: expect.any(String),
				name: 'kustomer.customer.create',
				org: SANDBOX_ORG_ID,
				orgName: 'sandbox',
				partition: SANDBOX_ORG_ID,
				createdAt: expect.stringMatching(ISO),
				persist: true,
				client: 'api-gw',
				dataId: answer.json.data.id,
				data: answer.json.data,
				changes: null,
			});
			expect(sb.deliveries).toEqual([
				{ webhookId: hook, eventId: delivery.body.id, event: 'kustomer.customer.create', url, attempt: 1, delayMs: 0, status: 200, at: expect.stringMatching(ISO) },
			]);
		});

		it('delivers a customer update with its changes, custom attributes as custom.<name>', async () => {
			await registered({ events: ['kustomer.customer.update'] });
			const id = await createCustomer(sb, { name: 'Ada', custom: { vipBool: true } });
			const answer = await call(sb, 'PATCH', `/v1/customers/${id}`, { body: { name: 'Ada Lovelace', custom: { tierStr: 'gold', vipBool: null } } });
			expect(answer.status).toBe(200);
			await sb.deliveriesSettled();
			expect(received.map((r) => r.body.name)).toEqual(['kustomer.customer.update']);
			expect(received[0].body.data).toEqual(answer.json.data);
			expect(received[0].body.changes).toEqual({
				attributes: {
					name: { op: 'replace', before: 'Ada', after: 'Ada Lovelace' },
					'custom.tierStr': { op: 'add', after: 'gold' },
					'custom.vipBool': { op: 'remove', before: true },
				},
			});
		});

		it('delivers conversation and message events; a move is a relationship change', async () => {
			await registered({ events: ['kustomer.conversation.create', 'kustomer.conversation.update', 'kustomer.message.create'] });
			const customer = await createCustomer(sb, { name: 'Ada' });
			const other = await createCustomer(sb, { name: 'Grace' });
			const conversation = await createConversation(sb, customer, { name: 'Order' });
			await sb.deliveriesSettled();
			await call(sb, 'POST', `/v1/conversations/${conversation}/messages`, { body: { channel: 'email', app: 'postmark', direction: 'in', preview: 'Hi' } });
			await sb.deliveriesSettled();
			await call(sb, 'PUT', `/v1/conversations/${conversation}`, { body: { customer: other } });
			await sb.deliveriesSettled();
			expect(received.map((r) => [r.body.name, r.body.data.type])).toEqual([
				['kustomer.conversation.create', 'conversation'],
				['kustomer.message.create', 'message'],
				['kustomer.conversation.update', 'conversation'],
			]);
			expect(received[2].body.changes.relationships).toEqual({
				customer: { op: 'replace', before: { type: 'customer', id: customer }, after: { type: 'customer', id: other } },
			});
		});

		it('signs each registration\'s deliveries with its own token, over the exact bytes sent', async () => {
			const first = await registered({ url: `${url}?n=1` });
			const second = await registered({ url: `${url}?n=2` });
			await createCustomer(sb, { name: 'Zoë «Ünïcode» \u2028' });
			await sb.deliveriesSettled();
			expect(received).toHaveLength(2);
			for (const delivery of received) {
				const id = delivery.path.endsWith('n=1') ? first : second;
				const token = sb.store.outboundWebhooks.get(id)!.attributes.token;
				expect(delivery.headers['x-kustomer-webhook-signature']).toBe(createHmac('sha256', token).update(delivery.raw, 'utf8').digest('hex'));
			}
			expect(received[0].headers['x-kustomer-webhook-signature']).not.toBe(received[1].headers['x-kustomer-webhook-signature']);
		});

		it('sends tag events: a tag created on first use by name', async () => {
			const hook = await registered({ events: ['kustomer.tag.create', 'kustomer.tag.update'] });
			await createCustomer(sb, { name: 'Tagged', tags: ['brand-new-tag'] });
			await sb.deliveriesSettled();
			expect(received.map((r) => [r.headers['x-kustomer-webhook-event'], r.body.name, r.body.data.type, r.body.data.attributes.name, r.body.changes])).toEqual([
				['kustomer.tag.create', 'kustomer.tag.create', 'tag', 'brand-new-tag', null],
			]);
			// an existing tag creates nothing
			await createCustomer(sb, { name: 'Tagged again', tags: ['brand-new-tag'] });
			await sb.deliveriesSettled();
			expect(received).toHaveLength(1);
			const tag = received[0].body.data;
			const updated = sb.emitEvent('kustomer.tag.update', { ...tag, attributes: { ...tag.attributes, color: '#ff0000' } }, { attributes: { color: { op: 'replace', before: '#7f7f7f', after: '#ff0000' } } });
			await sb.deliveriesSettled();
			expect(received.map((r) => r.body.name)).toEqual(['kustomer.tag.create', 'kustomer.tag.update']);
			expect(received[1].body).toEqual(updated);
			expect(sb.deliveries.map((d) => d.webhookId)).toEqual([hook, hook]);
		});

		it('sends nothing to unsubscribed, disabled or deleted registrations', async () => {
			await registered({ events: ['kustomer.conversation.create'] });
			await registered({ enabled: false });
			const deleted = await registered();
			await call(sb, 'DELETE', `/v1/outbound-webhooks/${deleted}`);
			await createCustomer(sb, { name: 'Nobody listens' });
			await sb.deliveriesSettled();
			expect(received).toEqual([]);
			expect(sb.deliveries).toEqual([]);
		});

		it('sends one delivery to each subscribed registration', async () => {
			const first = await registered({ url: `${url}?n=1` });
			const second = await registered({ url: `${url}?n=2` });
			await createCustomer(sb, { name: 'Twice' });
			await sb.deliveriesSettled();
			expect(received.map((r) => r.path).sort()).toEqual(['/hook?n=1', '/hook?n=2']);
			expect(new Set(received.map((r) => r.body.id)).size).toBe(1);
			expect(sb.deliveries.map((d) => d.webhookId).sort()).toEqual([first, second].sort());
		});

		it('does not hold the API answer back while the receiver is slow', async () => {
			await registered();
			answers = ['hang'];
			sb.setWebhookDelivery({ attempts: 1, timeoutMs: 1_500 });
			const started = Date.now();
			await createCustomer(sb, { name: 'Fast' });
			expect(Date.now() - started).toBeLessThan(1_000);
			await sb.deliveriesSettled();
			expect(sb.deliveries).toEqual([expect.objectContaining({ status: 0, error: 'no answer within 1500 ms' })]);
		});
	});

	describe('retries and redelivery', () => {
		it('retries a non-2xx answer on Kustomer\'s schedule, the same signed bytes each time', async () => {
			await registered();
			answers = [500, 503];
			await createCustomer(sb, { name: 'Retried' });
			await sb.deliveriesSettled();
			expect(sb.deliveries.map((d) => [d.attempt, d.status, d.delayMs])).toEqual([
				[1, 500, 0],
				[2, 503, 6],
				[3, 200, 6],
			]);
			expect(new Set(received.map((r) => r.raw)).size).toBe(1);
			expect(new Set(received.map((r) => r.headers['x-kustomer-webhook-signature'])).size).toBe(1);
			const gap = Date.parse(sb.deliveries[1].at) - Date.parse(sb.deliveries[0].at);
			expect(gap).toBeGreaterThanOrEqual(5);
		});

		it('tries 8 times in all, waiting 1, 1, 2, 5, 10, 15 and 30 (scaled) minutes, then gives up', async () => {
			await registered();
			answers = Array(9).fill(500);
			await createCustomer(sb, { name: 'Never answered' });
			await sb.deliveriesSettled();
			expect(SCALED_SCHEDULE).toEqual([0, 6, 6, 12, 30, 60, 90, 180]);
			expect(sb.deliveries.map((d) => [d.attempt, d.status, d.delayMs])).toEqual(SCALED_SCHEDULE.map((delay, i) => [i + 1, 500, delay]));
			expect(received).toHaveLength(8);
			for (let i = 1; i < sb.deliveries.length; i++) {
				// the wait comes after the previous attempt's answer, so starts are at least that far apart (timer granularity: 1 ms)
				expect(Date.parse(sb.deliveries[i].at) - Date.parse(sb.deliveries[i - 1].at)).toBeGreaterThanOrEqual(SCALED_SCHEDULE[i] - 1);
			}
		});

		it('waits Kustomer\'s real minutes at timeScale 1 (the default)', async () => {
			const real = await KustomerSandbox.start();
			try {
				expect(real.webhookDelivery).toEqual({ attempts: 8, timeScale: 1, timeoutMs: 5_000 });
				await call(real, 'POST', '/v1/outbound-webhooks', { body: { name: 'Hook', url, events: ['kustomer.customer.create'] } });
				answers = [500];
				await createCustomer(real, { name: 'Real time' });
				while (real.deliveries.length === 0) await wait(10);
				// the retry now waits a real minute: still pending well after the first attempt
				const state = await Promise.race([real.deliveriesSettled().then(() => 'settled'), wait(300).then(() => 'pending')]);
				expect(state).toBe('pending');
				expect(real.deliveries.map((d) => [d.attempt, d.status])).toEqual([[1, 500]]);
				// reset ends the wait instead of letting it run
				real.reset();
				await real.deliveriesSettled();
				expect(received).toHaveLength(1);
			} finally {
				await real.close();
			}
		});

		it('gives up after the configured attempts', async () => {
			await registered();
			sb.setWebhookDelivery({ attempts: 2 });
			answers = [500, 500, 500];
			await createCustomer(sb, { name: 'Given up' });
			await sb.deliveriesSettled();
			expect(sb.deliveries.map((d) => d.status)).toEqual([500, 500]);
		});

		it('records a refused connection as status 0 with the error, and retries it', async () => {
			const closed = createServer();
			const deadUrl = `${await listen(closed)}/gone`;
			await stop(closed);
			await registered({ url: deadUrl });
			sb.setWebhookDelivery({ attempts: 3 });
			await createCustomer(sb, { name: 'Unreachable' });
			await sb.deliveriesSettled();
			expect(sb.deliveries).toHaveLength(3);
			for (const d of sb.deliveries) expect(d).toMatchObject({ url: deadUrl, status: 0, error: expect.stringContaining('ECONNREFUSED') });
		});

		it('stops retrying once the registration is deleted', async () => {
			const hook = await registered();
			sb.setWebhookDelivery({ timeScale: 0.005 });
			answers = [500];
			await createCustomer(sb, { name: 'Deleted meanwhile' });
			while (sb.deliveries.length === 0) await wait(10);
			await call(sb, 'DELETE', `/v1/outbound-webhooks/${hook}`);
			await sb.deliveriesSettled();
			expect(sb.deliveries.map((d) => d.status)).toEqual([500]);
			expect(received).toHaveLength(1);
		});

		it('redelivers an event with the same id and body', async () => {
			await registered();
			await createCustomer(sb, { name: 'Again' });
			await sb.deliveriesSettled();
			const eventId = received[0].body.id;
			expect(await sb.redeliver(eventId)).toBe(1);
			expect(received).toHaveLength(2);
			expect(received[1].raw).toBe(received[0].raw);
			expect(sb.deliveries.map((d) => [d.eventId, d.attempt, d.status])).toEqual([
				[eventId, 1, 200],
				[eventId, 1, 200],
			]);
			await expect(sb.redeliver('no-such-event')).rejects.toThrow('no event no-such-event was delivered');
			await expect(sb.redeliver(eventId, MISSING_ID)).rejects.toThrow(`was not delivered to webhook ${MISSING_ID}`);
		});

		it('emitEvent sends a hand-made event, e.g. one the sandbox never emits', async () => {
			await registered({ events: ['kustomer.team.update'] });
			const data = { type: 'team', id: 'team-1', attributes: { name: 'Support' }, relationships: {}, links: { self: '/v1/teams/team-1' } };
			const event = sb.emitEvent('kustomer.team.update', data, { attributes: { name: { op: 'replace', before: 'Help', after: 'Support' } } });
			await sb.deliveriesSettled();
			expect(received.map((r) => r.body)).toEqual([event]);
			expect(event).toMatchObject({ name: 'kustomer.team.update', dataId: 'team-1', data });
			expect(sb.emitEvent('kustomer.team.create', data)).toBeUndefined();
			expect(() => sb.emitEvent('kustomer.note.create', data)).toThrow('unknown event');
		});
	});

	describe('reset and controls', () => {
		it('reset drops registrations and deliveries and stops pending retries and requests', async () => {
			await registered();
			sb.setWebhookDelivery({ timeScale: 1 });
			answers = [500];
			await createCustomer(sb, { name: 'Interrupted retry' });
			while (sb.deliveries.length === 0) await wait(10);
			sb.reset();
			const started = Date.now();
			await sb.deliveriesSettled();
			expect(Date.now() - started).toBeLessThan(1_000);
			expect(sb.deliveries).toEqual([]);
			expect(sb.store.outboundWebhooks.size).toBe(0);
			expect(sb.webhookDelivery).toEqual({ attempts: 8, timeScale: TIME_SCALE, timeoutMs: 5_000 });
			expect(received).toHaveLength(1);

			await registered();
			answers = ['hang'];
			await createCustomer(sb, { name: 'Interrupted request' });
			while (received.length < 2) await wait(10);
			sb.reset();
			const aborted = Date.now();
			await sb.deliveriesSettled();
			expect(Date.now() - aborted).toBeLessThan(1_000);
			expect(sb.deliveries).toEqual([]);
		});

		it('validates delivery settings', () => {
			expect(sb.setWebhookDelivery({ attempts: 5 })).toEqual({ attempts: 5, timeScale: TIME_SCALE, timeoutMs: 5_000 });
			expect(() => sb.setWebhookDelivery({ attempts: 0 })).toThrow('attempts');
			expect(() => sb.setWebhookDelivery({ attempts: 1.5 })).toThrow('attempts');
			expect(() => sb.setWebhookDelivery({ attempts: 9 })).toThrow('attempts must be an integer from 1 to 8');
			expect(() => sb.setWebhookDelivery({ timeScale: -0.1 })).toThrow('timeScale');
			expect(() => sb.setWebhookDelivery({ timeScale: 2 })).toThrow('timeScale must be a number from 0 to 1');
			expect(() => sb.setWebhookDelivery({ timeoutMs: 0 })).toThrow('timeoutMs');
			expect(() => sb.setWebhookDelivery({ retryDelayMs: 0 } as never)).toThrow('retryDelayMs is not a delivery setting');
			expect(sb.webhookDelivery).toEqual({ attempts: 5, timeScale: TIME_SCALE, timeoutMs: 5_000 });
		});

		it('offers deliveries, settings and redelivery over HTTP', async () => {
			const control = async (method: string, path: string, body?: unknown) => {
				const res = await fetch(`${sb.url}/__sandbox${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
				return { status: res.status, json: (await res.json()) as any };
			};
			expect((await control('POST', '/webhook-delivery', { attempts: 2, timeScale: 0 })).json).toEqual({ attempts: 2, timeScale: 0, timeoutMs: 5_000 });
			expect((await control('GET', '/webhook-delivery')).json).toEqual({ attempts: 2, timeScale: 0, timeoutMs: 5_000 });
			expect((await control('POST', '/webhook-delivery', { attempts: -1 })).status).toBe(400);

			await registered();
			answers = [500];
			await createCustomer(sb, { name: 'Over HTTP' });
			const settled = await control('GET', '/deliveries/settled');
			expect(settled.json.deliveries.map((d: any) => d.status)).toEqual([500, 200]);
			expect((await control('GET', '/deliveries')).json).toEqual(settled.json);

			const eventId = settled.json.deliveries[0].eventId;
			const again = await control('POST', '/redeliver', { eventId });
			expect(again.status).toBe(200);
			expect(again.json).toMatchObject({ ok: true, started: 1 });
			expect(again.json.deliveries).toHaveLength(3);
			expect(received.map((r) => r.body.id)).toEqual([eventId, eventId, eventId]);
			expect((await control('POST', '/redeliver', { eventId: 'nope' })).status).toBe(404);
			expect((await control('POST', '/redeliver', {})).status).toBe(400);

			expect((await control('POST', '/reset')).status).toBe(200);
			expect((await control('GET', '/deliveries')).json).toEqual({ deliveries: [] });
		});
	});
});
