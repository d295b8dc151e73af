import type { IDataObject } from 'n8n-workflow';

import { apiRequests, runKustomer, seedCustomer, seedThrough, useSandbox } from './setup';

/**
 * Customer › Merge (https://developer.kustomer.com/kustomer-api-docs/reference/customers-merges): POST
 * /v1/customers/merges, polls of GET /v1/customers/merges/{id} until complete, then the target read.
 */

const sandbox = useSandbox();
const byId = (value: unknown) => ({ __rl: true, mode: 'id', value: String(value) });
const byEmail = (value: string) => ({ __rl: true, mode: 'email', value });

afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

async function pair(): Promise<{ source: IDataObject; target: IDataObject; conversation: IDataObject }> {
	const source = await seedCustomer(sandbox, {
		name: 'Ada (duplicate)',
		emails: [{ email: 'ada@old.example.com' }, { email: 'ada@example.com' }],
		tags: ['newsletter'],
		custom: { tierStr: 'silver', sourceOnlyStr: 'kept' },
		createdAt: '2019-01-01T00:00:00.000Z',
		lastSeenAt: '2025-06-01T00:00:00.000Z',
	});
	const target = await seedCustomer(sandbox, {
		name: 'Ada Lovelace',
		emails: [{ email: 'ada@example.com' }],
		tags: ['vip'],
		custom: { tierStr: 'gold' },
		createdAt: '2021-01-01T00:00:00.000Z',
		lastSeenAt: '2024-01-01T00:00:00.000Z',
	});
	const conversation = await seedThrough(sandbox, `/v1/customers/${String(source.id)}/conversations`, { name: 'Order question' });
	sandbox.clearRequests();
	return { source, target, conversation };
}

describe('Customer › Merge', () => {
	it('merges the source into the target, waits for Kustomer and outputs the merged customer with the merge status', async () => {
		const { source, target, conversation } = await pair();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'merge',
			mergeSource: byEmail('ada@old.example.com'),
			mergeTarget: byId(target.id),
		});
		expect(result.error).toBeUndefined();
		const requests = apiRequests(sandbox).map((request) => [request.method, request.path, request.status]);
		const mergeId = String((result.items[0].json.merge as IDataObject).id);
		expect(requests).toEqual([
			['GET', '/v1/customers/email=ada%40old.example.com', 200],
			['POST', '/v1/customers/merges', 201],
			['GET', `/v1/customers/merges/${mergeId}`, 200],
			['GET', `/v1/customers/${String(target.id)}`, 200],
		]);
		expect(apiRequests(sandbox)[1].body).toEqual({ source: source.id, target: target.id });

		expect(result.items).toHaveLength(1);
		const item = result.items[0].json;
		expect(item.merge).toEqual({ id: mergeId, status: 'complete', sourceId: source.id, targetId: target.id });
		// The digest's rules: target wins the name and a clashing custom key; lists and custom are unioned;
		// the oldest createdAt and the most recent lastSeenAt are kept; conversation counts are summed.
		expect(item).toMatchObject({
			id: target.id,
			name: 'Ada Lovelace',
			emails: [{ email: 'ada@example.com' }, { email: 'ada@old.example.com' }],
			tags: ['vip', 'newsletter'],
			custom: { tierStr: 'gold', sourceOnlyStr: 'kept' },
			createdAt: '2019-01-01T00:00:00.000Z',
			lastSeenAt: '2025-06-01T00:00:00.000Z',
			conversationCounts: { all: 1, open: 1, snoozed: 0, done: 0 },
		});
		expect(sandbox.store.customers.has(String(source.id))).toBe(false);
		expect(sandbox.store.conversations.get(String(conversation.id))?.customerId).toBe(target.id);
	});

	it('outputs a pending merge with its ID, not an error, when Max Wait passes; Kustomer finishes it later', async () => {
		const { source, target } = await pair();
		sandbox.setMergeSettings({ pollsBeforeMerge: 1_000_000 });
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'merge',
			mergeSource: byId(source.id),
			mergeTarget: byId(target.id),
			mergeMaxWait: 1,
		});
		expect(result.error).toBeUndefined();
		const merge = result.items[0].json.merge as IDataObject;
		expect(merge).toMatchObject({ status: 'pending', kustomerStatus: 'queued', sourceId: source.id, targetId: target.id });
		expect(result.items[0].json.pending).toMatch(new RegExp(`^Merge ${String(merge.id)} of customer ${String(source.id)} \\(Source Customer\\) into customer ${String(target.id)} \\(Target Customer\\): it was still queued after 1 s \\(Max Wait\\)\\. Kustomer goes on with it: do not start it again\\.`));
		// Sent once; polled at least once; the target was not read (nothing merged yet).
		const requests = apiRequests(sandbox);
		expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(requests.filter((request) => request.path === `/v1/customers/merges/${String(merge.id)}`).length).toBeGreaterThanOrEqual(1);
		expect(requests.some((request) => request.path === `/v1/customers/${String(target.id)}`)).toBe(false);
		expect(sandbox.store.customers.has(String(source.id))).toBe(true);

		expect(sandbox.finishMerges()).toBe(1);
		expect(sandbox.store.customers.has(String(source.id))).toBe(false);
	});

	it('reports a failed merge naming source and target', async () => {
		const { source, target } = await pair();
		// The source disappears after the merge was accepted, before it runs.
		sandbox.onRequest((request) => {
			if (request.method === 'POST' && request.path === '/v1/customers/merges') sandbox.store.customers.delete(String(source.id));
		});
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'merge',
			mergeSource: byId(source.id),
			mergeTarget: byId(target.id),
		});
		expect(result.error?.message).toBe(
			`Kustomer could not merge customer ${String(source.id)} (Source Customer) into customer ${String(target.id)} (Target Customer): the merge ended "failed": Merge failed: source customer ${String(source.id)} no longer exists`,
		);
		expect(result.error?.description).toMatch(/^Merge [0-9a-f]{24}\./);
	});

	it('refuses a source that is the target (here: the same customer by email and by ID) before sending', async () => {
		const { source } = await pair();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'merge',
			mergeSource: byEmail('ADA@old.example.com'),
			mergeTarget: byId(source.id),
		});
		expect(result.error?.message).toBe(`Target Customer is the same customer as Source Customer (${String(source.id)}) [item 0]`);
		expect(apiRequests(sandbox).filter((request) => request.method === 'POST')).toEqual([]);
	});

	it('names the Source Customer lookup that finds nobody, and sends no merge', async () => {
		const { target } = await pair();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'merge',
			mergeSource: byEmail('nobody@example.com'),
			mergeTarget: byId(target.id),
		});
		expect(result.error?.message).toBe('Kustomer has no customer with email "nobody@example.com"');
		expect(apiRequests(sandbox).filter((request) => request.method === 'POST')).toEqual([]);
	});

	it('refuses a negative Max Wait by name', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'merge',
			mergeSource: byId('5f3c6a1b2c3d4e5f6a7b8c9d'),
			mergeTarget: byId('5f3c6a1b2c3d4e5f6a7b8c9e'),
			mergeMaxWait: -1,
		});
		expect(result.error?.message).toBe('Max Wait (Seconds) must be 0 or more [item 0]');
		expect(apiRequests(sandbox)).toEqual([]);
	});
});
