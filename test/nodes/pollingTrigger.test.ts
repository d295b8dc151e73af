import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { activatePoller, type ActivePoller } from '../harness/poll';
import { credentialsFor, searchLimitPerSecond, searchRequests, seedThrough, useSandbox } from './setup';

const sandbox = useSandbox();
searchLimitPerSecond(sandbox);

const MINUTE = 60_000;

async function poller(parameters: INodeParameters = {}): Promise<ActivePoller> {
	return await activatePoller({
		nodeType: 'kustomerPollingTrigger',
		parameters: { resource: 'customer', ...parameters },
		credentials: credentialsFor(sandbox),
	});
}

async function call(method: string, path: string, body?: unknown): Promise<IDataObject> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
	return response.status === 204 ? {} : (((await response.json()) as { data: IDataObject }).data ?? {});
}

const createCustomer = async (name: string) => String((await seedThrough(sandbox, '/v1/customers', { name })).id);
const rename = async (id: string, name: string) => await call('PUT', `/v1/customers/${id}`, { name });
const outputOf = (items: Array<{ json: IDataObject }>) => items.map(({ json }) => [json.name, json.change]);

describe('Kustomer Polling Trigger', () => {
	it('starts from now on first activation, then outputs each new change once, with its kind', async () => {
		await createCustomer('Before');
		const trigger = await poller();
		expect((await trigger.poll()).items).toEqual([]);

		sandbox.store.clock.advance(MINUTE);
		const ada = await createCustomer('Ada');
		const first = await trigger.poll();
		expect(first.error).toBeUndefined();
		expect(outputOf(first.items)).toEqual([['Ada', 'created']]);
		expect(first.items[0].json).toMatchObject({ id: ada, name: 'Ada', change: 'created' });
		// the search the sandbox received: the customer context, deleted records included, from the cursor on
		const body = searchRequests(sandbox).at(-1)!.body as IDataObject;
		expect(body).toMatchObject({ queryContext: 'customer', includeDeleted: true });
		expect(JSON.stringify(body.and)).toContain('customer_updated_at');

		expect((await trigger.poll()).items).toEqual([]);
		sandbox.store.clock.advance(MINUTE);
		await rename(ada, 'Ada L.');
		expect(outputOf((await trigger.poll()).items)).toEqual([['Ada L.', 'updated']]);
	});

	it('outputs from Start From on first activation, oldest change first', async () => {
		const start = new Date(Date.now() - MINUTE).toISOString();
		const a = await createCustomer('A');
		await createCustomer('B');
		sandbox.store.clock.advance(1000);
		await rename(a, 'A2');
		const trigger = await poller({ options: { startFrom: start } });
		expect(outputOf((await trigger.poll()).items)).toEqual([
			['B', 'created'],
			['A2', 'created'],
		]);
	});

	it('tells apart records updated in the same millisecond as the cursor, by ID', async () => {
		const trigger = await poller();
		await trigger.poll();
		const at = Date.now() + 5 * MINUTE;
		sandbox.store.clock.pin(at);
		await createCustomer('Same 1');
		await createCustomer('Same 2');
		expect(outputOf((await trigger.poll()).items)).toEqual([
			['Same 1', 'created'],
			['Same 2', 'created'],
		]);
		// more records land on that very millisecond after the poll: only they come out
		await createCustomer('Same 3');
		expect(outputOf((await trigger.poll()).items)).toEqual([['Same 3', 'created']]);
		expect((await trigger.poll()).items).toEqual([]);
		sandbox.store.clock.pin();
	});

	it('outputs a record updated twice between polls once, in its latest state', async () => {
		const trigger = await poller();
		await trigger.poll();
		sandbox.store.clock.advance(MINUTE);
		const id = await createCustomer('First');
		expect(outputOf((await trigger.poll()).items)).toEqual([['First', 'created']]);
		sandbox.store.clock.advance(MINUTE);
		await rename(id, 'Second');
		sandbox.store.clock.advance(MINUTE);
		await rename(id, 'Third');
		const { items } = await trigger.poll();
		expect(outputOf(items)).toEqual([['Third', 'updated']]);
	});

	it('outputs deletions (search with includeDeleted), and leaves them out when not chosen', async () => {
		const trigger = await poller();
		await trigger.poll();
		sandbox.store.clock.advance(MINUTE);
		const gone = await createCustomer('Gone');
		const kept = await createCustomer('Kept');
		await trigger.poll();
		sandbox.store.clock.advance(MINUTE);
		await call('DELETE', `/v1/customers/${gone}`);
		const { items } = await trigger.poll();
		expect(items.map(({ json }) => [json.id, json.change, json.deleted])).toEqual([[gone, 'deleted', true]]);

		const updatesOnly = await poller({ changes: ['updated'] });
		await updatesOnly.poll();
		sandbox.store.clock.advance(MINUTE);
		await rename(kept, 'Kept 2');
		expect(outputOf((await updatesOnly.poll()).items)).toEqual([['Kept 2', 'updated']]);
		expect((searchRequests(sandbox).at(-1)!.body as IDataObject).includeDeleted).toBeUndefined();
	});

	it('a poll interrupted by 500s outputs and keeps nothing; the next one outputs every change once; a 429 is waited out', async () => {
		const trigger = await poller({ options: { pageSize: 5 }, requestOptions: { maxRetries: 1 } });
		await trigger.poll();
		sandbox.store.clock.advance(MINUTE);
		for (let i = 1; i <= 12; i++) await createCustomer(`C${i}`);
		const before = JSON.stringify(trigger.staticData());
		// after two pages, every search fails (the retry too)
		const sent = searchRequests(sandbox).length;
		sandbox.onRequest(() => {
			if (searchRequests(sandbox).length === sent + 2 && !sandbox.faults.pending.length) {
				sandbox.faults.add({ kind: 'status', status: 500, match: { method: 'POST', path: '/v1/customers/search' }, times: Infinity });
			}
		});
		const failed = await trigger.poll();
		expect(failed.error?.message).toBeDefined();
		expect(failed.items).toEqual([]);
		expect(searchRequests(sandbox).slice(sent).map((request) => request.status)).toEqual([200, 200, 500, 500]);
		expect(JSON.stringify({ message: failed.error?.message, description: failed.error?.description, all: { ...failed.error } })).not.toContain(sandbox.apiKey);
		expect(JSON.stringify(trigger.staticData())).toBe(before);

		sandbox.faults.clear();
		// Kustomer's reset header: the window ends within the second.
		sandbox.faults.add({ kind: 'status', status: 429, match: { method: 'POST', path: '/v1/customers/search' }, headers: { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000)) } });
		const next = await trigger.poll();
		expect(next.error).toBeUndefined();
		expect(next.items.map(({ json }) => json.name)).toEqual(Array.from({ length: 12 }, (_, i) => `C${i + 1}`));
		expect(searchRequests(sandbox).some((request) => request.status === 429)).toBe(true);
		expect((await trigger.poll()).items).toEqual([]);
	});

	it('reads a backlog larger than the 100-page cap over several polls, paced, each change once and in order', async () => {
		// 450 customers, about 8 per update time (seed.ts), pages of 2: one search can serve only 200
		sandbox.seedCustomers(450);
		const maxSearches = 60;
		const trigger = await poller({ options: { pageSize: 2, maxSearches, startFrom: '2024-01-01T00:00:00Z' } });
		const seen: IDataObject[] = [];
		let polls = 0;
		while (polls < 30) {
			const sent = searchRequests(sandbox).length;
			const { items, error } = await trigger.poll();
			expect(error).toBeUndefined();
			polls++;
			const searches = searchRequests(sandbox).slice(sent);
			expect(searches.length).toBeLessThanOrEqual(maxSearches);
			for (const search of searches) expect(Number(search.query.page)).toBeLessThanOrEqual(100);
			if (!items.length && seen.length === 450) break;
			seen.push(...items.map(({ json }) => json));
			// a restart between some polls loses and repeats nothing
			if (polls % 3 === 0) trigger.restart();
		}
		expect(polls).toBeGreaterThan(3);
		expect(seen).toHaveLength(450);
		expect(new Set(seen.map((json) => json.id)).size).toBe(450);
		const order = seen.map((json) => [Date.parse(String(json.updatedAt)), String(json.id)] as const);
		const sorted = [...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
		expect(order).toEqual(sorted);
		// paced to the search limit: none refused
		expect(searchRequests(sandbox).filter((request) => request.status === 429)).toEqual([]);
	});

	it("paces its searches to the key's search limit: none refused", async () => {
		const trigger = await poller({ options: { pageSize: 1 } });
		await trigger.poll();
		sandbox.store.clock.advance(MINUTE);
		for (let i = 1; i <= 8; i++) await createCustomer(`Paced ${i}`);
		// 3 searches a second: the 9 searches of this poll (a page each) cannot all go at once
		sandbox.setSearchRateLimit({ limit: 3, windowMs: 1000 });
		const sent = searchRequests(sandbox).length;
		const { items, error } = await trigger.poll();
		expect(error).toBeUndefined();
		expect(items.map(({ json }) => json.name)).toEqual(Array.from({ length: 8 }, (_, i) => `Paced ${i + 1}`));
		const statuses = searchRequests(sandbox).slice(sent).map((request) => request.status);
		expect(statuses.length).toBeGreaterThanOrEqual(8);
		expect(statuses.filter((status) => status !== 200)).toEqual([]);
	});

	it('more records with one update time than a poll can page through: an error that says what to change, nothing output', async () => {
		// a minute ago: the cursor never passes the poll's own clock (less 10 s), so the tied records are behind it
		const tiedAt = Date.now() - MINUTE;
		const trigger = await poller({ options: { pageSize: 1, maxSearches: 5, startFrom: new Date(tiedAt - MINUTE).toISOString() } });
		expect((await trigger.poll()).items).toEqual([]);
		sandbox.store.clock.pin(tiedAt);
		for (let i = 1; i <= 7; i++) await createCustomer(`Tied ${i}`);
		sandbox.store.clock.pin();
		let outcome = await trigger.poll();
		// each poll narrows the time span (a few searches each) until the one millisecond is left
		for (let polls = 1; !outcome.error && polls < 40; polls++) {
			expect(outcome.items).toEqual([]);
			outcome = await trigger.poll();
		}
		expect(outcome.error?.message).toMatch(/^More records share the update time .* than one search can page through/);
		expect(outcome.error?.description).toMatch(/Page Size.*Max Searches per Poll/);
		// with pages big enough, the next poll reads them all
		trigger.setParameter('options', { pageSize: 10 });
		expect((await trigger.poll()).items.map(({ json }) => json.name)).toEqual(Array.from({ length: 7 }, (_, i) => `Tied ${i + 1}`));
	});

	it('after a restart, goes on from what n8n last saved: nothing lost, nothing repeated', async () => {
		const trigger = await poller();
		await trigger.poll();
		sandbox.store.clock.advance(MINUTE);
		await createCustomer('Saved');
		expect(outputOf((await trigger.poll()).items)).toEqual([['Saved', 'created']]);
		sandbox.store.clock.advance(MINUTE);
		await createCustomer('While Down');
		trigger.restart();
		expect(outputOf((await trigger.poll()).items)).toEqual([['While Down', 'created']]);
		trigger.restart();
		expect((await trigger.poll()).items).toEqual([]);
	});

	it('Fetch Test Event returns the latest matching records and leaves the trigger where it was', async () => {
		const trigger = await poller();
		await trigger.poll();
		const saved = JSON.stringify(trigger.staticData());
		await createCustomer('Older');
		sandbox.store.clock.advance(1000);
		await createCustomer('Newest');
		const test = await trigger.fetchTestEvent();
		expect(test.items.map(({ json }) => json.name)).toEqual(['Newest', 'Older']);
		expect(JSON.stringify(trigger.staticData())).toBe(saved);
		expect(outputOf((await trigger.poll()).items)).toEqual([
			['Older', 'created'],
			['Newest', 'created'],
		]);
	});

	it('polls conversations with a status filter, and custom objects of a chosen Klass', async () => {
		const customer = await createCustomer('Owner');
		const trigger = await poller({
			resource: 'conversation',
			conversationFilters: { values: [{ attribute: 'status', operator: 'equals', value: 'open' }] },
			simplify: false,
		});
		await trigger.poll();
		sandbox.store.clock.advance(MINUTE);
		const open = await seedThrough(sandbox, `/v1/customers/${customer}/conversations`, { name: 'Open one', status: 'open' });
		await seedThrough(sandbox, `/v1/customers/${customer}/conversations`, { name: 'Done one', status: 'done' });
		const { items } = await trigger.poll();
		expect(items.map(({ json }) => [json.id, json.type, json.change])).toEqual([[open.id, 'conversation', 'created']]);
		const body = searchRequests(sandbox).at(-1)!.body as IDataObject;
		expect(body.queryContext).toBe('conversation');
		expect(JSON.stringify(body.and)).toContain('"conversation_status":{"equals":"open"}');

		await seedThrough(sandbox, '/v1/klasses', { name: 'order', displayName: 'Order', icon: 'cart', color: '#123456' });
		const orders = await poller({ resource: 'customObject', klassName: 'order' });
		await orders.poll();
		sandbox.store.clock.advance(MINUTE);
		const order = await seedThrough(sandbox, '/v1/klasses/order', { title: 'Order 1' });
		const found = await orders.poll();
		expect(found.items.map(({ json }) => [json.id, json.title, json.change])).toEqual([[order.id, 'Order 1', 'created']]);
		expect((searchRequests(sandbox).at(-1)!.body as IDataObject).queryContext).toBe('kobject_order');
	});

	it("polls notes: a conversation's deletion takes its notes with it, each output as deleted", async () => {
		const customer = await createCustomer('Noted');
		const conversation = await seedThrough(sandbox, `/v1/customers/${customer}/conversations`, { name: 'With notes' });
		const trigger = await poller({ resource: 'note', changes: ['created', 'deleted'] });
		await trigger.poll();
		sandbox.store.clock.advance(MINUTE);
		const note = await seedThrough(sandbox, `/v1/conversations/${conversation.id}/notes`, { body: 'Call back tomorrow' });
		expect((await trigger.poll()).items.map(({ json }) => [json.id, json.body, json.change])).toEqual([[note.id, 'Call back tomorrow', 'created']]);
		sandbox.store.clock.advance(MINUTE);
		await call('DELETE', `/v1/conversations/${conversation.id}`);
		expect((await trigger.poll()).items.map(({ json }) => [json.id, json.change])).toEqual([[note.id, 'deleted']]);
		expect((searchRequests(sandbox).at(-1)!.body as IDataObject)).toMatchObject({ queryContext: 'note', includeDeleted: true });
	});

	it("polls messages: each logged message once, oldest first, and a conversation's deletion takes its messages with it", async () => {
		const customer = await createCustomer('Messaged');
		const conversation = await seedThrough(sandbox, `/v1/customers/${customer}/conversations`, { name: 'With messages' });
		const trigger = await poller({ resource: 'message', changes: ['created', 'deleted'] });
		expect((await trigger.poll()).items).toEqual([]);
		sandbox.store.clock.advance(MINUTE);
		const first = await seedThrough(sandbox, `/v1/conversations/${conversation.id}/messages`, { channel: 'chat', app: 'chat', preview: 'Hello' });
		const second = await seedThrough(sandbox, `/v1/conversations/${conversation.id}/messages`, { channel: 'email', app: 'postmark', preview: 'Invoice attached' });
		expect((await trigger.poll()).items.map(({ json }) => [json.id, json.preview, json.channel, json.change])).toEqual([
			[first.id, 'Hello', 'chat', 'created'],
			[second.id, 'Invoice attached', 'email', 'created'],
		]);
		expect((await trigger.poll()).items).toEqual([]);
		sandbox.store.clock.advance(MINUTE);
		await call('DELETE', `/v1/conversations/${conversation.id}`);
		expect((await trigger.poll()).items.map(({ json }) => [json.id, json.change])).toEqual([
			[first.id, 'deleted'],
			[second.id, 'deleted'],
		]);
		expect(searchRequests(sandbox).every((request) => (request.body as IDataObject).queryContext === 'message' && (request.body as IDataObject).includeDeleted === true)).toBe(true);
	});

	it('polls companies: created, updated, and deleted (Kustomer deletes a company by an update)', async () => {
		const trigger = await poller({ resource: 'company' });
		await trigger.poll();
		sandbox.store.clock.advance(MINUTE);
		const acme = String((await seedThrough(sandbox, '/v1/companies', { name: 'Acme Inc.' })).id);
		const globex = String((await seedThrough(sandbox, '/v1/companies', { name: 'Globex' })).id);
		expect(outputOf((await trigger.poll()).items)).toEqual([
			['Acme Inc.', 'created'],
			['Globex', 'created'],
		]);
		sandbox.store.clock.advance(MINUTE);
		await call('PUT', `/v1/companies/${acme}`, { name: 'Acme Corp.' });
		await call('PUT', `/v1/companies/${globex}`, { deleted: true });
		const { items, error } = await trigger.poll();
		expect(error).toBeUndefined();
		expect(items.map(({ json }) => [json.id, json.name, json.change])).toEqual([
			[acme, 'Acme Corp.', 'updated'],
			[globex, 'Globex', 'deleted'],
		]);
		expect(searchRequests(sandbox).every((request) => (request.body as IDataObject).queryContext === 'company')).toBe(true);
		expect((await trigger.poll()).items).toEqual([]);
	});

	it('refuses a query it cannot use, naming the field', async () => {
		const trigger = await poller({ searchMode: 'json', query: '{"sort": [{"customer_name": "asc"}]}' });
		const { error } = await trigger.poll();
		expect(error?.message).toMatch(/Query \(JSON\) has "sort"/);
		// the trigger adds two conditions on the update time to the and group: 18 of Kustomer's 20 are left
		const and = Array.from({ length: 19 }, (_, i) => ({ customer_name: { contains: `n${i}` } }));
		const crowded = await poller({ searchMode: 'json', query: JSON.stringify({ and }) });
		const sent = searchRequests(sandbox).length;
		expect((await crowded.poll()).error?.message).toBe('Query (JSON) has 19 conditions that must all match; the trigger can take 18');
		expect(searchRequests(sandbox).length).toBe(sent);
	});

	describe('adversarial cases (issue 16 audit)', () => {
		const T0 = Date.UTC(2025, 0, 1);
		const iso = (ms: number) => new Date(ms).toISOString();
		/** Customers straight into the store with the given times, in this creation order (the sandbox's unsorted search order). */
		const seedAt = (specs: Array<{ name: string; updatedAt: number; createdAt?: number }>) =>
			sandbox.seedCustomers(specs.length, (i) => ({ attributes: { name: specs[i].name }, createdAt: specs[i].createdAt ?? specs[i].updatedAt, updatedAt: specs[i].updatedAt }));
		/** An update made by someone else while a poll runs (straight into the store, stamped by its clock). */
		const touch = (id: string, name: string) => {
			const record = sandbox.store.customers.get(id)!;
			const now = sandbox.store.clock.nowIso();
			record.attributes = { ...record.attributes, name, updatedAt: now, modifiedAt: now };
		};
		const rangeOf = (request: { body: unknown }) => JSON.stringify((request.body as IDataObject).and ?? []);
		/**
		 * 102 records with pages of 1: more than 100 pages, so the poll splits at T0+10 s (the middle up to the
		 * first page's record, X); R (updated at T0+1 s) is in the older window, and is renamed R2 when the
		 * older window's page `page` is asked for. Returns what the poll output, and the trigger.
		 */
		const pollUpdatingROnPage = async (page: number) => {
			const [, r] = seedAt([
				{ name: 'X', updatedAt: T0 + 20_000, createdAt: T0 + 100 },
				{ name: 'R', updatedAt: T0 + 1_000, createdAt: T0 + 200 },
				...Array.from({ length: 10 }, (_, i) => ({ name: `A${i}`, updatedAt: T0 + 5_000, createdAt: T0 + 300 })),
				...Array.from({ length: 90 }, (_, i) => ({ name: `B${i}`, updatedAt: T0 + 15_000, createdAt: T0 + 300 })),
			]);
			const trigger = await poller({ options: { pageSize: 1, maxSearches: 120, startFrom: iso(T0) } });
			let touched = false;
			sandbox.onRequest((request) => {
				if (touched || request.path !== '/v1/customers/search') return;
				if (rangeOf(request).includes(`"lt":"${iso(T0 + 10_000)}"`) && request.query.page === String(page)) {
					touched = true;
					touch(r, 'R2');
				}
			});
			const { items, error } = await trigger.poll();
			expect(error).toBeUndefined();
			expect(touched).toBe(true);
			return { r, items, trigger };
		};

		it('a record updated while a poll pages through the windows before it comes out once per change: created, then updated', async () => {
			// R is updated once the older window was read (its 11th page: the window's 11 records are behind).
			const { r, items, trigger } = await pollUpdatingROnPage(11);
			expect(items).toHaveLength(103);
			expect(items.filter(({ json }) => json.id === r).map(({ json }) => [json.name, json.change])).toEqual([
				['R', 'created'],
				['R2', 'updated'],
			]);
			expect(items.filter(({ json }) => json.change !== 'created').map(({ json }) => json.name)).toEqual(['R2']);
			expect((await trigger.poll()).items).toEqual([]);
		});

		it('a record updated while its own window is being read: the window is read again, so no record is skipped by the shifted pages', async () => {
			// R is the first record of the older window, and leaves it once its first page was read.
			const { r, items, trigger } = await pollUpdatingROnPage(1);
			const names = items.map(({ json }) => String(json.name));
			expect(names).toHaveLength(102);
			expect(new Set(names).size).toBe(102);
			expect(names.filter((name) => name.startsWith('A'))).toEqual(Array.from({ length: 10 }, (_, i) => `A${i}`));
			expect(items.filter(({ json }) => json.id === r).map(({ json }) => [json.name, json.change])).toEqual([['R2', 'created']]);
			expect((await trigger.poll()).items).toEqual([]);
		});

		it('a record created and deleted between two polls comes out once, as deleted (and not at all when Deleted is not chosen)', async () => {
			const trigger = await poller();
			const noDeletions = await poller({ changes: ['created', 'updated'] });
			await trigger.poll();
			await noDeletions.poll();
			sandbox.store.clock.advance(MINUTE);
			const brief = await createCustomer('Brief');
			await call('DELETE', `/v1/customers/${brief}`);
			const { items } = await trigger.poll();
			expect(items.map(({ json }) => [json.id, json.name, json.change])).toEqual([[brief, 'Brief', 'deleted']]);
			expect((await trigger.poll()).items).toEqual([]);
			expect((await noDeletions.poll()).items).toEqual([]);
		});

		it('a record whose update time is far ahead of the clock (Kustomer takes updatedAt on notes and messages) does not make the trigger skip later changes', async () => {
			const trigger = await poller();
			await trigger.poll();
			const [ahead] = seedAt([{ name: 'From The Future', updatedAt: Date.now() + 24 * 3_600_000, createdAt: Date.now() }]);
			expect(outputOf((await trigger.poll()).items)).toEqual([['From The Future', 'created']]);
			await createCustomer('Now');
			expect(outputOf((await trigger.poll()).items)).toEqual([['Now', 'created']]);
			expect((await trigger.poll()).items).toEqual([]);
			expect(Number(((trigger.staticData().poll as IDataObject).seen as IDataObject)[ahead])).toBeGreaterThan(Date.now());
		});

		it('a record dated ahead does not tie the cursor to n8n\'s clock: a change stamped by a Kustomer clock behind n8n\'s still comes out', async () => {
			const start = Date.now() - 60 * MINUTE;
			const trigger = await poller({ options: { startFrom: iso(start) } });
			expect((await trigger.poll()).items).toEqual([]);
			seedAt([
				{ name: 'From The Future', updatedAt: Date.now() + 24 * 60 * MINUTE, createdAt: start + MINUTE },
				{ name: 'Earlier', updatedAt: start + 10 * MINUTE },
			]);
			expect(outputOf((await trigger.poll()).items)).toEqual([
				['Earlier', 'created'],
				['From The Future', 'created'],
			]);
			// The cursor follows Kustomer's newest time read (less the settle time), not n8n's clock.
			expect((trigger.staticData().poll as IDataObject).from).toBe(start + 10 * MINUTE - 10_000);
			// A change made after that poll, stamped by a Kustomer clock running 30 minutes behind n8n's.
			seedAt([{ name: 'Behind', updatedAt: Date.now() - 30 * MINUTE }]);
			expect(outputOf((await trigger.poll()).items)).toEqual([['Behind', 'created']]);
			expect((await trigger.poll()).items).toEqual([]);
		});

		it('the search budget running out inside one millisecond that holds more records than a page: the next polls read it whole, each record once', async () => {
			// Pages of 1 and 5 searches a poll; 5 records share T, and the first page of the open window is a later one,
			// so reaching the one millisecond takes more searches than are left after the time span is narrowed.
			const t = Date.now() - 10 * MINUTE;
			seedAt([
				{ name: 'Later 1', updatedAt: t + 30_000 },
				{ name: 'Later 2', updatedAt: t + 31_000 },
				...Array.from({ length: 5 }, (_, i) => ({ name: `Tied ${i + 1}`, updatedAt: t })),
			]);
			const trigger = await poller({ options: { pageSize: 1, maxSearches: 5, startFrom: iso(t - MINUTE) } });
			const names: string[] = [];
			for (let polls = 0; polls < 30 && names.length < 7; polls++) {
				const { items, error } = await trigger.poll();
				expect(error).toBeUndefined();
				names.push(...items.map(({ json }) => String(json.name)));
			}
			expect(names).toEqual(['Tied 1', 'Tied 2', 'Tied 3', 'Tied 4', 'Tied 5', 'Later 1', 'Later 2']);
			expect((await trigger.poll()).items).toEqual([]);
		});

		it('a change that reaches search late, inside the 10 s settle time, comes out once', async () => {
			const trigger = await poller({ options: { startFrom: iso(Date.now() - MINUTE) } });
			expect((await trigger.poll()).items).toEqual([]);
			const newest = Date.now();
			seedAt([{ name: 'On Time', updatedAt: newest }]);
			expect(outputOf((await trigger.poll()).items)).toEqual([['On Time', 'created']]);
			// indexed only now, though changed 5 s (and exactly 10 s, the cursor itself) before the newest change the last poll read
			const [late] = seedAt([
				{ name: 'Late', updatedAt: newest - 5_000 },
				{ name: 'At The Cursor', updatedAt: newest - 10_000 },
			]);
			expect(outputOf((await trigger.poll()).items)).toEqual([
				['At The Cursor', 'created'],
				['Late', 'created'],
			]);
			expect((await trigger.poll()).items).toEqual([]);
			await rename(late, 'Late 2');
			expect(outputOf((await trigger.poll()).items)).toEqual([['Late 2', 'updated']]);
		});

		it('outputs the fields the README names: with Simplify the ID and attributes plus change, without it Kustomer\'s record plus change', async () => {
			const simple = await poller();
			const whole = await poller({ simplify: false });
			await simple.poll();
			await whole.poll();
			sandbox.store.clock.advance(MINUTE);
			const id = await createCustomer('Fields');
			const record = await call('GET', `/v1/customers/${id}`);
			const [flat] = (await simple.poll()).items;
			expect(flat.json).toEqual({ id, ...(record.attributes as IDataObject), change: 'created' });
			const [full] = (await whole.poll()).items;
			expect(Object.keys(full.json).sort()).toEqual(['attributes', 'change', 'id', 'links', 'relationships', 'type']);
			expect(full.json).toMatchObject({ type: 'customer', id, attributes: record.attributes, change: 'created' });
		});

		it('a query with its own conditions on the update time: both its and the cursor\'s are sent, and both hold', async () => {
			const start = Date.now() - 10 * MINUTE;
			seedAt([
				{ name: 'Too Early', updatedAt: start + MINUTE },
				{ name: 'In Range', updatedAt: start + 3 * MINUTE },
			]);
			const query = { and: [{ customer_updated_at: { gte: iso(start + 2 * MINUTE) } }, { customer_updated_at: { lt: iso(start + 5 * MINUTE) } }] };
			const trigger = await poller({ searchMode: 'json', query: JSON.stringify(query), options: { startFrom: iso(start) } });
			const { items, error } = await trigger.poll();
			expect(error).toBeUndefined();
			expect(outputOf(items)).toEqual([['In Range', 'created']]);
			const and = (searchRequests(sandbox).at(-1)!.body as IDataObject).and as IDataObject[];
			expect(and).toEqual([...query.and, { customer_updated_at: { gte: iso(start) } }]);
		});

		it('changing the Resource of an active trigger starts the new resource from now: no earlier record of it comes out', async () => {
			const customer = await createCustomer('Owner');
			const trigger = await poller();
			await trigger.poll();
			const before = await seedThrough(sandbox, `/v1/customers/${customer}/conversations`, { name: 'Before The Switch' });
			// Stamped a second before the switch (straight into the store), whatever the wall clock does meanwhile.
			const stored = sandbox.store.conversations.get(String(before.id))!;
			const earlier = iso(Date.now() - 1_000);
			stored.attributes = { ...stored.attributes, createdAt: earlier, updatedAt: earlier };
			trigger.setParameter('resource', 'conversation');
			expect((await trigger.poll()).items).toEqual([]);
			expect((trigger.staticData().poll as IDataObject).queryContext).toBe('conversation');
			sandbox.store.clock.advance(MINUTE);
			await seedThrough(sandbox, `/v1/customers/${customer}/conversations`, { name: 'After The Switch' });
			expect(outputOf((await trigger.poll()).items)).toEqual([['After The Switch', 'created']]);
		});
	});
});

