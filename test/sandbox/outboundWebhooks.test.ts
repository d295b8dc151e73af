import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { KustomerSandbox } from '../../sandbox';
import { call, createCustomer } from './helpers';

interface Received {
	headers: IncomingMessage['headers'];
	body: any;
}

describe('sandbox outbound webhooks', () => {
	let sb: KustomerSandbox;
	let receiver: Server;
	let url: string;
	let received: Received[];
	/** Statuses the receiver answers, in turn; 200 once they run out. */
	let answers: number[];

	beforeAll(async () => {
		sb = await KustomerSandbox.start({ keys: { 'no-webhooks': ['org.user.customer.read'] } });
		receiver = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
				res.writeHead(answers.shift() ?? 200).end();
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
	});
	afterAll(async () => {
		await sb.close();
		await new Promise<void>((resolve) => receiver.close(() => resolve()));
	});
	beforeEach(() => {
		sb.reset();
		received = [];
		answers = [];
	});

	const register = (body: Record<string, unknown>) => call(sb, 'POST', '/v1/outbound-webhooks', { body: { name: 'Hook', url, events: ['kustomer.customer.create'], ...body } });

	it('creates, lists, gets and deletes registrations', async () => {
		const created = await register({ headers: [{ name: 'x-secret', value: 's3' }] });
		expect(created.status).toBe(201);
		expect(created.json.data).toMatchObject({
			type: 'outbound_webhook',
			attributes: { name: 'Hook', url, events: ['kustomer.customer.create'], headers: [{ name: 'x-secret', value: 's3' }], enabled: true, isError: false },
		});
		const id = created.json.data.id;
		expect((await call(sb, 'GET', '/v1/outbound-webhooks')).json.data.map((h: any) => h.id)).toEqual([id]);
		expect((await call(sb, 'GET', `/v1/outbound-webhooks/${id}`)).json.data.id).toBe(id);
		expect((await call(sb, 'DELETE', `/v1/outbound-webhooks/${id}`)).status).toBe(204);
		expect((await call(sb, 'DELETE', `/v1/outbound-webhooks/${id}`)).status).toBe(404);
		expect((await call(sb, 'GET', '/v1/outbound-webhooks')).json.data).toEqual([]);
	});

	it('names the field of an invalid registration', async () => {
		const bad = await call(sb, 'POST', '/v1/outbound-webhooks', { body: { name: '', url: 'ftp://x', events: ['kustomer.customer.create', 'kustomer.note.create'], headers: [{ name: 'bad header', value: 1 }] } });
		expect(bad.status).toBe(400);
		expect(bad.json.errors.map((e: any) => e.source.pointer)).toEqual(['/name', '/url', '/events/1', '/headers/0/name', '/headers/0/value']);
	});

	it('allows 5 registrations per org', async () => {
		for (let i = 0; i < 5; i++) expect((await register({ name: `Hook ${i}` })).status).toBe(201);
		const sixth = await register({ name: 'Hook 6' });
		expect(sixth.status).toBe(400);
		expect(sixth.json.errors[0]).toMatchObject({ code: 'outbound_webhook_limit', title: 'Outbound webhook limit reached' });
	});

	it('needs the outbound webhook role', async () => {
		expect((await call(sb, 'GET', '/v1/outbound-webhooks', { key: 'no-webhooks' })).status).toBe(401);
	});

	it('delivers a customer create and update with the custom headers, changes on the update', async () => {
		await register({ events: ['kustomer.customer.create', 'kustomer.customer.update'], headers: [{ name: 'X-Secret', value: 's3' }] });
		const id = await createCustomer(sb, { name: 'Ada' });
		expect((await call(sb, 'PATCH', `/v1/customers/${id}`, { body: { name: 'Ada Lovelace', custom: { tierStr: 'gold' } } })).status).toBe(200);
		await sb.deliveriesSettled();
		expect(received.map((r) => r.body.name)).toEqual(['kustomer.customer.create', 'kustomer.customer.update']);
		expect(received[0].headers['x-secret']).toBe('s3');
		expect(received[0].body).toMatchObject({ id: expect.any(String), dataId: id, data: { type: 'customer', id, attributes: { name: 'Ada' } } });
		expect(received[0].body.changes).toBeUndefined();
		expect(received[1].body.changes.attributes).toEqual({
			name: { op: 'replace', before: 'Ada', after: 'Ada Lovelace' },
			'custom.tierStr': { op: 'add', after: 'gold' },
		});
		expect(sb.deliveries.map((d) => [d.event, d.attempt, d.status])).toEqual([
			['kustomer.customer.create', 1, 200],
			['kustomer.customer.update', 1, 200],
		]);
	});

	it('retries a delivery the receiver failed, and redelivers an event with the same id', async () => {
		await register({});
		answers = [500, 503];
		await createCustomer(sb, { name: 'Retried' });
		await sb.deliveriesSettled();
		expect(sb.deliveries.map((d) => d.status)).toEqual([500, 503, 200]);
		expect(new Set(received.map((r) => r.body.id)).size).toBe(1);
		await sb.redeliver(received[0].body.id);
		expect(received).toHaveLength(4);
		expect(received[3].body).toEqual(received[2].body);
	});

	it('sends nothing to deleted or unsubscribed registrations, and reset stops everything', async () => {
		const hook = await register({ events: ['kustomer.conversation.create'] });
		await createCustomer(sb, { name: 'Nobody listens' });
		await call(sb, 'DELETE', `/v1/outbound-webhooks/${hook.json.data.id}`);
		await sb.deliveriesSettled();
		expect(received).toEqual([]);
		await register({});
		sb.setWebhookDelivery({ retryDelayMs: 10_000 });
		answers = [500];
		await createCustomer(sb, { name: 'Interrupted' });
		await new Promise((resolve) => setTimeout(resolve, 100));
		sb.reset();
		await sb.deliveriesSettled();
		expect(sb.deliveries).toEqual([]);
		expect(received).toHaveLength(1);
	});
});
