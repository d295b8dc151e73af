import type { IDataObject } from 'n8n-workflow';

import { apiRequests, runKustomer, seedCustomer, useSandbox } from './setup';

/**
 * Errors and limits as Kustomer documents them: both error body shapes, 401/403, bodies over 100 kB,
 * per-customer creation caps, and creates recovered after a lost answer.
 * https://developer.kustomer.com/docs/concepts/errors ; https://developer.kustomer.com/docs/concepts/rate-limits
 */

const sandbox = useSandbox();
const byId = (value: unknown) => ({ __rl: true, mode: 'id', value: String(value) });
const description = (error: unknown) => String((error as { description?: string } | undefined)?.description ?? '');

describe('error bodies', () => {
	it('reads Kustomer\'s usual {errors:[{code, message, meta}]} shape', async () => {
		sandbox.faults.add({
			kind: 'status',
			status: 400,
			match: { method: 'POST', path: '/v1/customers' },
			body: { errors: [{ code: 'bad_request', message: 'name must be at most 256 characters', meta: {} }] },
		});
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'create', customerName: 'Shape One' });
		expect(result.error?.message).toBe('Kustomer rejected the request: name must be at most 256 characters');
	});

	it('reads the JSON:API shape with its field pointer', async () => {
		sandbox.faults.add({
			kind: 'status',
			status: 400,
			match: { method: 'POST', path: '/v1/customers' },
			body: { errors: [{ status: 400, code: 'invalid', title: 'Invalid value', detail: 'is not an email', source: { pointer: '/emails/0/email' } }] },
		});
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'create', customerName: 'Shape Two' });
		expect(result.error?.message).toBe('Kustomer rejected the request: emails[0].email: Invalid value: is not an email');
	});

	it.each([401, 403])('%s names the roles the operation needs, from Kustomer\'s role table', async (status) => {
		const conversation = '5f3c6a1b2c3d4e5f6a7b8c9d';
		sandbox.faults.add({
			kind: 'status',
			status,
			match: { method: 'DELETE' },
			body: { errors: [{ code: 'forbidden', message: 'Missing role' }] },
		});
		const result = await runKustomer(sandbox, { resource: 'conversation', operation: 'removeTags', conversation: byId(conversation), tagNames: ['vip'] });
		expect(result.error?.message).toBe(
			'Kustomer refused the API key for this operation: it needs the role org.user.conversation.write or org.permission.conversation.delete',
		);
		expect(description(result.error)).toContain('Kustomer said: Missing role');
		expect(description(result.error).includes('another region')).toBe(status === 401);
	});

	it('a key of another region is told so', async () => {
		sandbox.faults.add({
			kind: 'status',
			status: 401,
			match: { method: 'GET' },
			body: { errors: [{ code: 'unauthorized', message: 'Auth token associated with pod prod2 but request is being handled by prod1' }] },
		});
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'get', customerId: byId('5f3c6a1b2c3d4e5f6a7b8c9d') });
		expect(result.error?.message).toBe('The Kustomer API key belongs to another region than the credential\'s host');
	});
});

describe('bodies over 100 kB', () => {
	it('are refused before sending, naming the largest field', async () => {
		const values = Array.from({ length: 100 }, (_, index) => ({ key: `note${index}Str`, value: 'x'.repeat(1020) }));
		values[7] = { key: 'note7Str', value: 'y'.repeat(1024) };
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'create', customerName: 'Too Big', customAttributes: { values } });
		expect(result.error?.message).toBe('The request is 104 kB; Kustomer accepts at most 100 kB per request [item 0]');
		expect(description(result.error)).toContain('Its largest field is custom.note7Str (2 kB)');
		// Only the read of the account's attribute names went out; nothing was written.
		expect(apiRequests(sandbox).map((request) => [request.method, request.path])).toEqual([['GET', '/v1/metadata/customer']]);
	});

	it('Create Many splits its bulk requests so none is over 100 kB', async () => {
		await runKustomer(sandbox, { resource: 'klass', operation: 'create', name: 'big_orders', displayName: 'Big Orders' });
		sandbox.clearRequests();
		const objects = Array.from({ length: 150 }, (_, index) => ({
			title: `Order ${index}`,
			data: [{ key: 'notes', value: `${index}:`.padEnd(1000, 'n') }, { key: 'more', value: 'm'.repeat(500) }],
		}));
		const result = await runKustomer(sandbox, {
			resource: 'customObject',
			operation: 'createMany',
			klassName: 'big_orders',
			objects: JSON.stringify(objects),
		});
		expect(result.error).toBeUndefined();
		const posts = apiRequests(sandbox).filter((request) => request.method === 'POST');
		expect(posts.map((request) => request.status)).toEqual(posts.map(() => 201));
		for (const post of posts) expect(Buffer.byteLength(JSON.stringify(post.body))).toBeLessThanOrEqual(100 * 1024);
		expect(posts.map((post) => (post.body as unknown[]).length).reduce((a, b) => a + b, 0)).toBe(150);
		// 150 objects of about 1.5 kB: 100 to a request would be 150 kB.
		expect(posts.length).toBeGreaterThanOrEqual(3);
		expect(result.items[0].json).toMatchObject({ success: true, createdCount: 150 });
	});
});

describe('per-customer creation caps', () => {
	it('a customer\'s cap makes only that customer\'s creates wait; the others go on', async () => {
		const capped = await seedCustomer(sandbox, { name: 'Busy' });
		const free = await seedCustomer(sandbox, { name: 'Quiet' });
		sandbox.clearRequests();
		sandbox.setCreationCap(2, 1500);
		const items: IDataObject[] = [
			...Array.from({ length: 4 }, (_, index) => ({ customer: capped.id, name: `busy ${index}` })),
			...Array.from({ length: 2 }, (_, index) => ({ customer: free.id, name: `quiet ${index}` })),
		];
		const result = await runKustomer(
			sandbox,
			{
				resource: 'conversation',
				operation: 'create',
				customer: { __rl: true, mode: 'id', value: '={{ $json.customer }}' },
				conversationName: '={{ $json.name }}',
			},
			{ items },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(6);
		const requests = apiRequests(sandbox);
		const busy = requests.filter((request) => request.path === `/v1/customers/${String(capped.id)}/conversations`);
		const quiet = requests.filter((request) => request.path === `/v1/customers/${String(free.id)}/conversations`);
		expect(busy.filter((request) => request.status === 429)).toHaveLength(2);
		expect(busy.filter((request) => request.status === 201)).toHaveLength(4);
		expect(quiet.map((request) => request.status)).toEqual([201, 201]);
		// The quiet customer's creates were not held back behind the busy customer's wait.
		const firstRetry = requests.indexOf(busy.filter((request) => request.status === 201)[2]);
		expect(Math.max(...quiet.map((request) => requests.indexOf(request)))).toBeLessThan(firstRetry);
		expect(sandbox.counters.created.conversation).toBe(6);
	});

	it('creates with Imported At are exempt, as Kustomer documents', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Import' });
		sandbox.clearRequests();
		sandbox.setCreationCap(1, 60_000);
		const result = await runKustomer(
			sandbox,
			{
				resource: 'conversation',
				operation: 'create',
				customer: byId(customer.id),
				conversationName: '={{ "imported " + $json.n }}',
				conversationAdditionalFields: { importedAt: '2024-01-01T00:00:00Z' },
			},
			{ items: [{ n: 1 }, { n: 2 }, { n: 3 }] },
		);
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => request.status)).toEqual([201, 201, 201]);
	});

	it('a cap that outlasts the retries says which limit it was and how to avoid it', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Capped' });
		sandbox.clearRequests();
		sandbox.setCreationCap(0, 60_000);
		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'create',
			customer: byId(customer.id),
			conversationName: 'never',
			requestOptions: { maxRetries: 0 },
		});
		expect(result.error?.message).toMatch(/^Kustomer's limit for customer ".*" was reached: too many records created for one customer/);
		expect(description(result.error)).toContain('set Imported At');
	});
});

describe('creates recovered after a lost answer', () => {
	it('Conversation › Create with an External ID finds the conversation on the path it really uses', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Lost Answer' });
		sandbox.clearRequests();
		sandbox.faults.add({ kind: 'reset', after: true, match: { method: 'POST', path: `/v1/customers/${String(customer.id)}/conversations` } });
		const result = await runKustomer(sandbox, {
			resource: 'conversation',
			operation: 'create',
			customer: byId(customer.id),
			conversationName: 'Recovered',
			conversationAdditionalFields: { externalId: 'lost-42' },
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.path])).toEqual([
			['POST', `/v1/customers/${String(customer.id)}/conversations`],
			['GET', '/v1/conversations/externalId=lost-42'],
		]);
		expect(result.items[0].json).toMatchObject({ name: 'Recovered', externalId: 'lost-42' });
		expect(sandbox.counters.created.conversation).toBe(1);
	});

	it('a record that had the External ID before the run is a conflict, not this item\'s result', async () => {
		const older = await seedCustomer(sandbox, { name: 'Older Owner', externalId: 'taken-7' });
		const record = sandbox.store.customers.get(String(older.id))!;
		// Created an hour ago, changed just now (a new message, say): still not this item's record.
		const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
		const justNow = new Date().toISOString();
		record.attributes = { ...record.attributes, createdAt: anHourAgo, updatedAt: justNow, modifiedAt: justNow };
		sandbox.clearRequests();
		// Kustomer refuses the duplicate, and that answer is lost on the way back.
		sandbox.faults.add({ kind: 'reset', after: true, match: { method: 'POST', path: '/v1/customers' } });
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'create',
			customerName: 'Newcomer',
			additionalFields: { externalId: 'taken-7' },
		});
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toBe(
			`Kustomer already had a customer with external ID "taken-7" (${String(older.id)}) before this item was sent: nothing was created`,
		);
		expect(apiRequests(sandbox).map((request) => [request.method, request.path, request.status])).toEqual([
			['POST', '/v1/customers', 0],
			['GET', '/v1/customers/externalId=taken-7', 200],
		]);
		expect(sandbox.store.customers.size).toBe(1);
	});
});
