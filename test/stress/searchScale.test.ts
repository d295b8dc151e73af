/**
 * Search at scale, moved out of the default run (npm run test:stress): 25,000 matches paced to the
 * search limit, and Return All past the 100-page cap with 50,300 records in every search context.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RecordedRequest } from '../../sandbox';
import { apiRequests, runKustomer, searchLimitPerSecond, searchRequests, seedCustomer, seedThrough, useSandbox } from '../nodes/setup';

const sandbox = useSandbox();
searchLimitPerSecond(sandbox);

const search = (parameters: IDataObject) => ({ resource: 'customer', operation: 'search', ...parameters });
const searches = searchRequests;
const post = async (path: string, body: IDataObject) => await seedThrough(sandbox, path, body);

/** The and / or / not groups of every search sent hold at most 20 conditions. */
function groupsWithinLimit(requests: RecordedRequest[]): boolean {
	return requests.every((request) =>
		['and', 'or', 'not'].every((group) => {
			const items = (request.body as IDataObject)[group];
			return !Array.isArray(items) || items.reduce((n: number, item) => n + Object.keys(item as object).length, 0) <= 20;
		}),
	);
}

describe('Search › pacing to the search rate limit', () => {
	it('returns 25,000 matches exactly once each, in 50 pages of 500, without meeting the limit', async () => {
		sandbox.setSearchRateLimit({ limit: 10, windowMs: 1000 });
		const ids = sandbox.seedCustomers(25_000);
		const started = Date.now();
		const result = await runKustomer(
			sandbox,
			search({ filters: { values: [{ attribute: 'name', operator: 'contains', value: 'Seeded' }] }, returnAll: true, simplify: false }),
		);
		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();
		const returned = result.items.map((item) => String(item.json.id));
		expect(returned).toHaveLength(25_000);
		expect(new Set(returned)).toEqual(new Set(ids));
		const requests = apiRequests(sandbox);
		// 10 searches a window and 50 pages: the node paced itself, the sandbox refused none
		expect(requests.map((request) => request.status)).toEqual(Array(50).fill(200));
		expect(requests.every((request) => request.valid && request.query.pageSize === '500')).toBe(true);
		expect(requests.map((request) => Number(request.query.page))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
		console.log(`25,000 search matches, 10 searches/s allowed: ${requests.length} requests, ${elapsed} ms`);
	});

	it('searches per item with no failed item, refused only before the limit was learned', async () => {
		sandbox.setSearchRateLimit({ limit: 5, windowMs: 1000 });
		await seedCustomer(sandbox, { name: 'Item Match' });
		sandbox.clearRequests();
		const items = Array.from({ length: 24 }, (_, i) => ({ n: i }));
		const result = await runKustomer(sandbox, search({ filters: { values: [{ attribute: 'name', operator: 'contains', value: 'Item' }] }, returnAll: false, limit: 1 }), { items });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(24);
		expect(result.items.every((item) => item.json.name === 'Item Match')).toBe(true);
		const statuses = searches(sandbox).map((request) => request.status);
		expect(statuses.filter((status) => status === 200)).toHaveLength(24);
		// At most the first burst (8 at once, the node's default, before any answer named the limit of 5) is refused.
		expect(statuses.filter((status) => status === 429).length).toBeLessThanOrEqual(3);
		expect(statuses.slice(8).every((status) => status === 200)).toBe(true);
	});

	it('waits for the reset when another client used the key\'s searches, then searches once more', async () => {
		sandbox.setSearchRateLimit({ limit: 2, windowMs: 1000 });
		await seedCustomer(sandbox, { name: 'Late Match' });
		for (let i = 0; i < 2; i++) await post('/v1/customers/search', { queryContext: 'customer' });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, search({ filters: { values: [{ attribute: 'name', operator: 'equals', value: 'Late Match' }] }, returnAll: true }));
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.name)).toEqual(['Late Match']);
		expect(searches(sandbox).map((request) => request.status)).toEqual([429, 200]);
	});
});

/** Puts `count` copies of `template` into a store map, updated across `spanMs` with ties, as if they existed. */
function cloneRecords<R extends { id: string; attributes: IDataObject }>(map: Map<string, R>, template: R, count: number, spanMs: number): string[] {
	const start = Date.UTC(2025, 0, 1);
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const id = `c0ffee${(i + 1).toString(16).padStart(18, '0')}`;
		// two records per millisecond tick, so windows cut through ties
		const at = new Date(start + Math.floor((i * spanMs) / count / 2) * 2).toISOString();
		map.set(id, { ...template, id, attributes: { ...template.attributes, createdAt: at, updatedAt: at, modifiedAt: at } });
		ids.push(id);
	}
	return ids;
}

describe('Search › Return All past the 100-page cap, in every context', () => {
	const COUNT = 50_300;
	const DAY = 86_400_000;

	async function conversationFixture() {
		const customer = await seedCustomer(sandbox, { name: 'Window Owner' });
		const conversation = await post(`/v1/customers/${String(customer.id)}/conversations`, { name: 'Window' });
		return { customer, conversation };
	}

	async function runAll(parameters: IDataObject, ids: string[], prefix: string) {
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, { ...parameters, operation: 'search', returnAll: true, simplify: false });
		expect(result.error).toBeUndefined();
		const returned = result.items.map((item) => String(item.json.id));
		expect(returned).toHaveLength(ids.length);
		expect(new Set(returned)).toEqual(new Set(ids));
		const requests = searches(sandbox);
		expect(requests.every((request) => request.valid && request.status === 200 && request.query.pageSize === '500')).toBe(true);
		expect(requests.every((request) => (request.body as IDataObject).sort === undefined)).toBe(true);
		expect(groupsWithinLimit(requests)).toBe(true);
		// past the cap: time windows on <object>_updated_at, never page 101
		expect(Math.max(...requests.map((request) => Number(request.query.page)))).toBeLessThanOrEqual(100);
		expect(requests.some((request) => JSON.stringify((request.body as IDataObject).and ?? []).includes(`"${prefix}_updated_at":{"gte"`))).toBe(true);
		// 101 pages of records, and a few first pages that found a window too full
		expect(requests.length).toBeLessThanOrEqual(110);
		console.log(`${prefix}: ${ids.length} matches in ${requests.length} searches`);
		return requests;
	}

	it('customers', async () => {
		const ids = sandbox.seedCustomers(COUNT);
		await runAll({ resource: 'customer' }, ids, 'customer');
	});

	it('conversations', async () => {
		const { conversation } = await conversationFixture();
		const template = sandbox.store.conversations.get(String(conversation.id))!;
		sandbox.store.conversations.clear();
		const ids = cloneRecords(sandbox.store.conversations as never, template as never, COUNT, 30 * DAY);
		await runAll({ resource: 'conversation' }, ids, 'conversation');
	});

	it('messages', async () => {
		const { conversation } = await conversationFixture();
		const message = await post(`/v1/conversations/${String(conversation.id)}/messages`, { channel: 'chat', app: 'chat' });
		const template = sandbox.store.messages.get(String(message.id))!;
		sandbox.store.messages.clear();
		const ids = cloneRecords(sandbox.store.messages as never, template as never, COUNT, 400 * DAY);
		await runAll({ resource: 'message' }, ids, 'message');
	});

	it('notes', async () => {
		const { conversation } = await conversationFixture();
		const note = await post(`/v1/conversations/${String(conversation.id)}/notes`, { body: 'window' });
		const template = sandbox.store.notes.get(String(note.id))!;
		sandbox.store.notes.clear();
		const ids = cloneRecords(sandbox.store.notes as never, template as never, COUNT, DAY);
		await runAll({ resource: 'note' }, ids, 'note');
	});

	it('custom objects of a Klass', async () => {
		await post('/v1/klasses', { name: 'window-order' });
		const object = await post('/v1/klasses/window-order', { title: 'Order' });
		const template = sandbox.store.kobjects.get(String(object.id))!;
		sandbox.store.kobjects.clear();
		const ids = cloneRecords(sandbox.store.kobjects as never, template as never, COUNT, 2 * DAY);
		await runAll({ resource: 'customObject', klassName: 'window-order' }, ids, 'kobject');
	});
});

describe('Search › a sorted query past the cap', () => {
	it('stops with a clear error after the first page: time windows would break the sort', async () => {
		sandbox.seedCustomers(50_001);
		const result = await runKustomer(
			sandbox,
			search({ filters: { values: [{ attribute: 'name', operator: 'contains', value: 'Seeded' }] }, returnAll: true, searchOptions: { sortBy: 'name' } }),
		);
		expect(result.error?.message).toBe('The search matches more than Kustomer returns for one sorted query (100 pages of 500)');
		expect(apiRequests(sandbox)).toHaveLength(1);
		expect(searches(sandbox)[0].body).toMatchObject({ sort: [{ customer_name: 'asc' }] });
	});
});
