import { KustomerSandbox, SEED_BASE_MS } from '../../sandbox';
import { call } from '../sandbox/helpers';

const COUNT = 25_000;
const WINDOW_BODY = (from: string) => ({
	queryContext: 'customer',
	and: [{ customer_updated_at: { gte: from } }],
	sort: [{ customer_updated_at: 'asc' }],
});

describe('sandbox search over 25,000 seeded customers', () => {
	let sb: KustomerSandbox;
	let ids: string[];
	let seedMs: number;

	beforeAll(async () => {
		// this file measures search itself; the per-key search limit (100 a minute) is tested in searchLimits.test.ts
		sb = await KustomerSandbox.start({ searchRateLimit: { limit: null } });
		const started = performance.now();
		ids = sb.seedCustomers(COUNT);
		seedMs = performance.now() - started;
		console.log(`seedCustomers(${COUNT}): ${seedMs.toFixed(0)} ms`);
	});
	afterAll(() => sb.close());

	async function page(body: unknown, n: number, pageSize = 100): Promise<any> {
		const r = await call(sb, 'POST', `/v1/customers/search?page=${n}&pageSize=${pageSize}`, { body });
		if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
		return r.json;
	}

	it('seeds fast, with spread and tied updatedAt values in an order unlike creation', () => {
		expect(seedMs).toBeLessThan(2000);
		expect(ids).toHaveLength(COUNT);
		expect(new Set(ids).size).toBe(COUNT);
		expect(sb.store.customers.size).toBe(COUNT);
		expect(sb.counters.created).toEqual({});
		const perStamp = new Map<string, number>();
		for (const c of sb.store.customers.values()) perStamp.set(c.attributes.updatedAt, (perStamp.get(c.attributes.updatedAt) ?? 0) + 1);
		const ties = [...perStamp.values()];
		expect(perStamp.size).toBeGreaterThan(COUNT / 20);
		expect(Math.max(...ties)).toBeGreaterThan(8);
		expect(ties.filter((n) => n > 1).length).toBeGreaterThan(perStamp.size / 2);
		const first = sb.store.customers.get(ids[0])!.attributes;
		expect(first).toMatchObject({ name: 'Seeded Customer 1', externalId: 'seed-1', createdAt: new Date(SEED_BASE_MS).toISOString() });
		const updated = ids.slice(0, 50).map((id) => sb.store.customers.get(id)!.attributes.updatedAt);
		expect(updated).not.toEqual([...updated].sort());
	});

	it('answers a search page in a few ms', async () => {
		// the first query builds the updatedAt column and its sort order; later pages reuse them
		const started = performance.now();
		await page(WINDOW_BODY('2024-01-01'), 1);
		const firstMs = performance.now() - started;
		const times: number[] = [];
		for (let n = 1; n <= 40; n++) {
			const t = performance.now();
			const json = await page(WINDOW_BODY('2024-01-01'), n * 2);
			times.push(performance.now() - t);
			expect(json.data).toHaveLength(100);
		}
		times.sort((a, b) => a - b);
		const median = times[times.length >> 1];
		console.log(
			`search page over ${COUNT} customers (pageSize 100, HTTP round trip): first ${firstMs.toFixed(1)} ms, ` +
				`median ${median.toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`,
		);
		expect(median).toBeLessThan(50);
	});

	it('keeps the 100-page cap: page 100 answers (links.next says page=101), page 101 is a 400', async () => {
		const last = await page({ queryContext: 'customer' }, 100);
		expect(last.meta).toMatchObject({ page: 100, total: COUNT, totalPages: 250 });
		expect(last.links.next).toBe('/v1/customers/search?page=101&pageSize=100');
		const r = await call(sb, 'POST', last.links.next, { body: { queryContext: 'customer' } });
		expect(r.status).toBe(400);
		expect(r.json.errors[0]).toMatchObject({ code: 'invalid', source: { parameter: 'page' } });
	});

	it('orders ties deterministically by updatedAt, then id (descending: id descending)', async () => {
		const key = (d: any) => `${d.attributes.updatedAt}|${d.id}`;
		const a = await page(WINDOW_BODY('2024-01-01'), 7);
		const b = await page(WINDOW_BODY('2024-01-01'), 7);
		expect(b.data.map((d: any) => d.id)).toEqual(a.data.map((d: any) => d.id));
		const keys = a.data.map(key);
		expect(keys).toEqual([...keys].sort());
		expect(new Set(a.data.map((d: any) => d.attributes.updatedAt)).size).toBeLessThan(a.data.length);
		const desc = await page({ queryContext: 'customer', sort: [{ customer_updated_at: 'desc' }] }, 3);
		const descKeys = desc.data.map(key);
		expect(descKeys).toEqual([...descKeys].sort().reverse());
	});

	it('a client windowing with gte on the last updatedAt and de-duplicating by id gets each customer exactly once', async () => {
		const seen = new Map<string, number>();
		let from = '1970-01-01T00:00:00.000Z';
		let requests = 0;
		let windows = 0;
		for (;;) {
			windows++;
			let fresh = 0;
			let lastUpdatedAt = from;
			for (let n = 1; n <= 100; n++) {
				const json = await page(WINDOW_BODY(from), n);
				requests++;
				const pageIds = json.data.map((d: any) => d.id);
				expect(new Set(pageIds).size).toBe(pageIds.length);
				for (const d of json.data) {
					if (!seen.has(d.id)) fresh++;
					seen.set(d.id, (seen.get(d.id) ?? 0) + 1);
					lastUpdatedAt = d.attributes.updatedAt;
				}
				if (!json.links.next || n === 100) break;
			}
			if (fresh === 0) break;
			from = lastUpdatedAt;
			expect(windows).toBeLessThan(10);
		}
		console.log(`gte windows: ${windows} windows, ${requests} requests, ${[...seen.values()].filter((n) => n > 1).length} re-seen ties`);
		expect(seen.size).toBe(COUNT);
		expect(ids.every((id) => seen.has(id))).toBe(true);
		// in one window a record shows at most once; only the tie at a window's start repeats across windows
		expect(Math.max(...seen.values())).toBeLessThanOrEqual(windows);
	});

	it('orders a batch that shares one updatedAt by id', async () => {
		const tied = sb.seedCustomers(250, (i) => ({ attributes: { name: `Tied ${i}` }, updatedAt: '2030-01-01T00:00:00.000Z' }));
		const body = { queryContext: 'customer', and: [{ customer_updated_at: { gte: '2030-01-01' } }], sort: [{ customer_updated_at: 'asc' }] };
		const got: string[] = [];
		for (let n = 1; n <= 3; n++) got.push(...(await page(body, n)).data.map((d: any) => d.id));
		expect(got).toEqual([...tied].sort());
	});
});
