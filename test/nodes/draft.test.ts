import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { callLoadOptions } from '../harness/n8n';
import { apiRequests, credentialsFor, runKustomer, seedCustomer, useSandbox } from './setup';

/**
 * Draft › Send Message, Update, Delete, Get Many, Forward Conversation against the sandbox, which
 * sends a draft as an outbound message on the conversation's timeline
 * (https://developer.kustomer.com/api/core-resources/create-draft-for-customer).
 */

const sandbox = useSandbox();
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

let customer: IDataObject;
let conversation: IDataObject;

beforeEach(async () => {
	customer = await seedCustomer(sandbox, { name: 'Ada', emails: [{ email: 'ada@example.com' }] });
	conversation = (await runKustomer(sandbox, { resource: 'conversation', operation: 'create', customer: byId(String(customer.id)) })).items[0].json;
	sandbox.clearRequests();
});
afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

const email = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'draft',
	operation: 'send',
	draftCustomer: byId(String(customer.id)),
	draftChannel: 'email',
	draftTo: 'ada@example.com',
	draftFrom: 'support@sandbox.example.com',
	draftSubject: 'Your order',
	draftBody: 'It ships today.',
	draftAdditionalFields: { conversation: String(conversation.id) },
	...extra,
});

const outbound = () => [...sandbox.store.messages.values()].filter((m) => m.conversationId === conversation.id && m.attributes.direction === 'out');

describe('Draft › Send Message', () => {
	it('sends an email now: one POST with sendAt and no scheduled flag, an outbound message on the timeline', async () => {
		const result = await runKustomer(sandbox, email({ draftEmailOptions: { cc: 'ops@example.com, lead@example.com', htmlBody: '<p>It ships today.</p>', app: 'postmark' } }));
		expect(result.error).toBeUndefined();
		const requests = apiRequests(sandbox);
		expect(requests.map((r) => [r.method, r.path])).toEqual([['POST', `/v1/customers/${String(customer.id)}/drafts`]]);
		const { sendAt, ...rest } = requests[0].body as IDataObject;
		expect(rest).toEqual({
			channel: 'email',
			to: [{ email: 'ada@example.com' }],
			from: { email: 'support@sandbox.example.com' },
			subject: 'Your order',
			body: 'It ships today.',
			cc: [{ email: 'ops@example.com' }, { email: 'lead@example.com' }],
			htmlBody: '<p>It ships today.</p>',
			app: 'postmark',
			conversation: String(conversation.id),
		});
		expect(typeof sendAt).toBe('string');
		expect(result.items.map((item) => item.json)).toEqual([expect.objectContaining({ channel: 'email', status: 'sent', subject: 'Your order' })]);
		expect(outbound().map((m) => [m.attributes.channel, m.attributes.preview])).toEqual([['email', 'It ships today.']]);
	});

	it('schedules: sendAt and scheduled: true; held until the record clock passes it; Get Many lists it meanwhile', async () => {
		const at = new Date(sandbox.store.clock.peekMs() + 2 * 3_600_000).toISOString();
		const result = await runKustomer(sandbox, email({ draftWhen: 'scheduled', draftSendAt: at }));
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox)[0].body).toMatchObject({ sendAt: at, scheduled: true });
		expect(result.items[0].json).toMatchObject({ status: 'scheduled', sendAt: at });
		expect(outbound()).toEqual([]);
		const listed = await runKustomer(sandbox, { resource: 'draft', operation: 'getAll', draftCustomer: byId(String(customer.id)), returnAll: true });
		expect(listed.items.map((item) => item.json.id)).toEqual([result.items[0].json.id]);
		sandbox.store.clock.advance(2 * 3_600_000 + 1);
		const after = await runKustomer(sandbox, { resource: 'draft', operation: 'getAll', draftCustomer: byId(String(customer.id)), returnAll: true });
		expect(after.items).toEqual([]);
		expect(outbound()).toHaveLength(1);
	});

	it('sends an SMS from the connected number to the customer\'s phone', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'draft',
			operation: 'send',
			draftCustomer: byId(String(customer.id)),
			draftChannel: 'sms',
			draftToNumber: '+1 (415) 555-0100',
			draftFrom: '+18005551212',
			draftBody: 'Your parcel is out for delivery.',
		});
		expect(result.error).toBeUndefined();
		const { sendAt, ...rest } = apiRequests(sandbox)[0].body as IDataObject;
		expect(rest).toEqual({ channel: 'sms', to: '+14155550100', from: '+18005551212', body: 'Your parcel is out for delivery.' });
		expect(typeof sendAt).toBe('string');
		// no conversation given: Kustomer starts one, with the message on it
		const sent = [...sandbox.store.messages.values()].filter((m) => m.customerId === customer.id && m.attributes.channel === 'sms');
		expect(sent.map((m) => m.attributes.direction)).toEqual(['out']);
	});

	it.each([
		['a body over the SMS limit', { draftChannel: 'sms', draftToNumber: '+14155550100', draftFrom: '+18005551212', draftBody: 'x'.repeat(1601) }, /Body is 1,601 characters long; Kustomer allows at most 1,600 for SMS/],
		['a tweet over 280', { draftChannel: 'twitter-tweet', draftBody: 'y'.repeat(281) }, /Body is 281 characters long; Kustomer allows at most 280 for Twitter Tweet/],
		['an email body over 10,240', { draftBody: 'z'.repeat(10241) }, /Body is 10,241 characters long; Kustomer allows at most 10,240 for Email/],
		['Scheduled without Send At', { draftWhen: 'scheduled', draftSendAt: '' }, /Parameter "Send At" is required/],
		['Scheduled with a Send At expression that gives nothing', { draftWhen: 'scheduled', draftSendAt: '={{ $json.missing }}' }, /Send At is empty \[item 0\]/],
		['a Send At that is no date', { draftWhen: 'scheduled', draftSendAt: 'next tuesday' }, /Send At "next tuesday" is not a valid date/],
		['an email without From', { draftFrom: '' }, /Parameter "From Name or ID" is required/],
		['an email whose From expression gives nothing', { draftFrom: '={{ $json.missing }}' }, /From is empty \[item 0\]/],
		['a bad recipient', { draftTo: 'ada@example.com, not-an-email' }, /To "not-an-email" is not a valid email address/],
		['an empty body', { draftBody: '  ' }, /Body is empty/],
		['a WhatsApp number WhatsApp cannot take', { draftChannel: 'whatsapp', draftToNumber: '0123456', draftFrom: '+18005551313', draftBody: 'Hi' }, /To Number "0123456" is not a WhatsApp number/],
	])('refuses %s before sending anything', async (_name, extra, message) => {
		const result = await runKustomer(sandbox, email(extra as INodeParameters));
		expect(result.error?.message).toMatch(message);
		expect(apiRequests(sandbox)).toEqual([]);
	});

	it('waits out the per-customer draft cap (429) and sends each item once', async () => {
		sandbox.setCreationCap(1, 1500);
		const result = await runKustomer(sandbox, email({ draftBody: '={{ $json.text }}' }), { items: [{ text: 'First' }, { text: 'Second' }] });
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((r) => r.status)).toEqual([200, 429, 200]);
		expect(result.items.map((item) => item.json.body)).toEqual(['First', 'Second']);
		expect(outbound().map((m) => m.attributes.preview)).toEqual(['First', 'Second']);
		expect(sandbox.counters.created.draft).toBe(2);
	});

	it('lists the connected outbound accounts of the chosen channel for From', async () => {
		const credentials = credentialsFor(sandbox);
		const emailAccounts = await callLoadOptions({ nodeType: 'kustomer', method: 'getOutboundAccounts', parameters: email(), credentials });
		expect(emailAccounts.map((o) => o.value)).toEqual(['billing@sandbox.example.com', 'support@sandbox.example.com']);
		expect(emailAccounts[1].name).toBe('Sandbox Support (support@sandbox.example.com)');
		const sms = await callLoadOptions({ nodeType: 'kustomer', method: 'getOutboundAccounts', parameters: { ...email(), draftChannel: 'sms' }, credentials });
		expect(sms.map((o) => o.value)).toEqual(['+18005551212']);
	});
});

describe('Draft › Update, Delete', () => {
	const saved = async () => {
		const result = await runKustomer(sandbox, email({ draftWhen: 'save' }));
		expect(result.items[0].json.status).toBe('draft');
		expect(apiRequests(sandbox)[0].body).not.toHaveProperty('sendAt');
		sandbox.clearRequests();
		return String(result.items[0].json.id);
	};
	const update = (id: string, extra: INodeParameters) => runKustomer(sandbox, { resource: 'draft', operation: 'update', draftId: id, draftChannel: 'email', ...extra });

	it('reschedules, unschedules, then sends now', async () => {
		const id = await saved();
		const at = new Date(sandbox.store.clock.peekMs() + 3_600_000).toISOString();
		const rescheduled = await update(id, { draftSchedule: 'reschedule', draftNewSendAt: at, draftUpdateFields: { subject: 'Your order, updated' } });
		expect(rescheduled.items[0].json).toMatchObject({ status: 'scheduled', subject: 'Your order, updated' });
		const unscheduled = await update(id, { draftSchedule: 'unschedule' });
		expect(unscheduled.items[0].json).toMatchObject({ status: 'draft', sendAt: null });
		const sent = await update(id, { draftSchedule: 'now' });
		expect(sent.items[0].json.status).toBe('sent');
		expect(apiRequests(sandbox).map((r) => [r.method, r.path, (r.body as IDataObject).sendAt === undefined ? 'no sendAt' : typeof (r.body as IDataObject).sendAt])).toEqual([
			['PUT', `/v1/drafts/${id}`, 'string'],
			['PUT', `/v1/drafts/${id}`, 'object'],
			['PUT', `/v1/drafts/${id}`, 'string'],
		]);
		expect(apiRequests(sandbox)[0].body).toEqual({ channel: 'email', subject: 'Your order, updated', sendAt: at });
		expect(apiRequests(sandbox)[1].body).toEqual({ channel: 'email', sendAt: null });
		expect(outbound()).toHaveLength(1);
	});

	it('refuses an update that changes nothing, and email fields on an SMS draft', async () => {
		const id = await saved();
		expect((await update(id, {})).error?.message).toMatch(/Update Fields are empty/);
		expect((await update(id, { draftChannel: 'sms', draftUpdateFields: { subject: 'Hi' } })).error?.message).toMatch(/Subject is for email drafts only/);
		expect(apiRequests(sandbox)).toEqual([]);
	});

	it('deletes a draft: it is never sent', async () => {
		const id = await saved();
		const result = await runKustomer(sandbox, { resource: 'draft', operation: 'delete', draftId: id });
		expect(result.items.map((item) => item.json)).toEqual([{ deleted: true, id }]);
		expect(apiRequests(sandbox).map((r) => [r.method, r.path])).toEqual([['DELETE', `/v1/drafts/${id}`]]);
		expect(sandbox.store.drafts.size).toBe(0);
	});
});

describe('Draft › Forward Conversation', () => {
	const forward = (extra: INodeParameters = {}) =>
		runKustomer(sandbox, {
			resource: 'draft',
			operation: 'forward',
			draftConversation: byId(String(conversation.id)),
			draftForwardTo: 'billing@example.com',
			draftForwardFrom: 'support@sandbox.example.com',
			draftForwardSubject: 'Fwd: order',
			draftForwardNote: 'Please refund.',
			...extra,
		});

	it('forwards now, or at a set time', async () => {
		const now = await forward();
		expect(now.items[0].json).toMatchObject({ status: 'sent' });
		const at = new Date(sandbox.store.clock.peekMs() + 3_600_000).toISOString();
		const later = await forward({ draftWhen: 'scheduled', draftSendAt: at });
		expect(later.items[0].json).toMatchObject({ status: 'scheduled', sendAt: at });
		const [first, second] = apiRequests(sandbox);
		expect([first.method, first.path]).toEqual(['POST', `/v1/conversations/${String(conversation.id)}/forwards`]);
		const { sendAt, ...rest } = first.body as IDataObject;
		expect(rest).toEqual({ channel: 'email', to: [{ email: 'billing@example.com' }], from: { email: 'support@sandbox.example.com' }, subject: 'Fwd: order', body: 'Please refund.' });
		expect(typeof sendAt).toBe('string');
		expect(second.body).toMatchObject({ sendAt: at });
		expect(second.body).not.toHaveProperty('scheduled');
	});

	it('refuses more than 100 recipients before sending', async () => {
		const to = Array.from({ length: 101 }, (_, i) => `r${i}@example.com`).join(',');
		expect((await forward({ draftForwardTo: to })).error?.message).toMatch(/To has 101 recipients; Kustomer allows at most 100/);
		expect(apiRequests(sandbox)).toEqual([]);
	});
});
