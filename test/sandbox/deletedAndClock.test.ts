import { KustomerSandbox } from '../../sandbox';
import { call, createConversation, createCustomer } from './helpers';

/** Search's includeDeleted and the store clock tests can move (used by the polling trigger's tests). */
describe('sandbox deleted records and clock', () => {
	let sb: KustomerSandbox;

	beforeAll(async () => {
		sb = await KustomerSandbox.start();
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	const search = async (body: Record<string, unknown>) => {
		const r = await call(sb, 'POST', '/v1/customers/search', { body });
		if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
		return r.json.data as Array<{ id: string; attributes: Record<string, unknown> }>;
	};

	it('finds a deleted customer only with includeDeleted, marked deleted with its deletion time as updatedAt', async () => {
		const kept = await createCustomer(sb, { name: 'Kept' });
		const gone = await createCustomer(sb, { name: 'Gone' });
		sb.store.clock.advance(60_000);
		expect((await call(sb, 'DELETE', `/v1/customers/${gone}`)).status).toBe(204);

		expect((await search({ queryContext: 'customer' })).map((r) => r.id)).toEqual([kept]);
		const all = await search({ queryContext: 'customer', includeDeleted: true });
		expect(all.map((r) => r.id)).toEqual([kept, gone]);
		const deleted = all[1].attributes;
		expect(deleted).toMatchObject({ name: 'Gone', deleted: true });
		expect(deleted.deletedAt).toBe(deleted.updatedAt);
		expect(Date.parse(String(deleted.updatedAt))).toBeGreaterThan(Date.parse(String(all[0].attributes.updatedAt)) + 59_000);
		// the update-time filter sees the deletion
		const since = await search({ queryContext: 'customer', includeDeleted: true, and: [{ customer_updated_at: { gte: String(deleted.updatedAt) } }] });
		expect(since.map((r) => r.id)).toEqual([gone]);
		// and it is gone for reads
		expect((await call(sb, 'GET', `/v1/customers/${gone}`)).status).toBe(404);
	});

	it("a conversation's deletion also marks its notes deleted, each found in its own context", async () => {
		const customer = await createCustomer(sb, { name: 'Noted' });
		const conversation = await createConversation(sb, customer);
		const note = await call(sb, 'POST', `/v1/conversations/${conversation}/notes`, { body: { body: 'hi' } });
		expect(note.status).toBe(201);
		expect((await call(sb, 'DELETE', `/v1/conversations/${conversation}`)).status).toBe(204);
		expect(await search({ queryContext: 'conversation' })).toEqual([]);
		expect((await search({ queryContext: 'conversation', includeDeleted: true })).map((r) => [r.id, r.attributes.deleted])).toEqual([[conversation, true]]);
		expect((await search({ queryContext: 'note', includeDeleted: true })).map((r) => [r.id, r.attributes.deleted])).toEqual([[note.json.data.id, true]]);
		expect(await search({ queryContext: 'customer', includeDeleted: true })).toHaveLength(1);
	});

	it('pin stamps several writes with the same millisecond; advance moves later stamps ahead; reset goes back', async () => {
		const at = Date.now() + 3_600_000;
		sb.store.clock.pin(at);
		await createCustomer(sb, { name: 'A' });
		await createCustomer(sb, { name: 'B' });
		sb.store.clock.pin();
		await createCustomer(sb, { name: 'C' });
		const stamps = (await search({ queryContext: 'customer' })).map((r) => Date.parse(String(r.attributes.updatedAt)));
		expect(stamps[0]).toBe(at);
		expect(stamps[1]).toBe(at);
		expect(stamps[2]).toBeGreaterThan(at);
		expect(() => sb.store.clock.advance(-1)).toThrow();
		sb.reset();
		sb.store.clock.advance(86_400_000);
		expect(Date.parse(sb.store.clock.nowIso())).toBeGreaterThanOrEqual(at + 86_400_000 - 3_600_000);
	});
});
