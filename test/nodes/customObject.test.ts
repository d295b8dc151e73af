import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { KustomerSandbox } from '../../sandbox';
import { apiRequests, runKustomer, seedCustomer, startSandbox } from './setup';

let sandbox: KustomerSandbox;
let customer: IDataObject;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(async () => {
	sandbox.reset();
	customer = await seedCustomer(sandbox, { name: 'John Smith' });
	const klass = await runKustomer(sandbox, { resource: 'klass', operation: 'create', name: 'Customer_Preferences', displayName: 'Customer Preferences' });
	expect(klass.error).toBeUndefined();
	sandbox.clearRequests();
});
afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

const SEED_FIELD_TYPES = {
	values: [
		{ key: 'preferred_contact_method', value: 'str' },
		{ key: 'product_interest_score', value: 'num' },
		{ key: 'last_interaction_date', value: 'date' },
		{ key: 'is_premium_customer', value: 'bool' },
	],
};

const seedObject = (title: string, customerId: string) => ({
	title,
	customerId,
	data: [
		{ key: 'preferred_contact_method', value: 'email' },
		{ key: 'product_interest_score', value: '8.5' },
		{ key: 'last_interaction_date', value: '2024-01-15' },
		{ key: 'is_premium_customer', value: 'true' },
	],
});

/** Create Many reading its objects from an input field: no Objects parameter. */
const fromInputField = () => {
	const parameters: INodeParameters = { ...createMany([]), objectsFrom: 'inputField' };
	delete parameters.objects;
	return parameters;
};

const firstRef = (request: { body?: unknown }) => String((request.body as IDataObject[])[0]._clientRef);

const createMany = (objects: unknown[]) => ({
	resource: 'customObject',
	operation: 'createMany',
	klassName: 'Customer_Preferences',
	objects: JSON.stringify(objects),
	fieldTypes: SEED_FIELD_TYPES,
});

describe('Custom Object › Create Many (seed 004 Create Custom Objects)', () => {
	it('creates the seed\'s single object with typed, suffixed values', async () => {
		const result = await runKustomer(sandbox, createMany([seedObject('John Smith Preferences', String(customer.id))]));
		expect(result.error).toBeUndefined();
		const [metadata, request] = apiRequests(sandbox);
		expect([metadata.method, metadata.path]).toEqual(['GET', '/v1/metadata/kobject.Customer_Preferences']);
		expect([request.method, request.path]).toEqual(['POST', '/v1/klasses/Customer_Preferences']);
		// The new Klass has no attributes yet: the seed's keys follow the naming rule.
		expect(request.body).toEqual({
			title: 'John Smith Preferences',
			customer: customer.id,
			custom: {
				preferredContactMethodStr: 'email',
				productInterestScoreNum: 8.5,
				lastInteractionDateAt: '2024-01-15T00:00:00.000Z',
				isPremiumCustomerBool: true,
			},
		});
		expect(result.items[0].json).toMatchObject({ success: true, createdCount: 1 });
		expect((result.items[0].json.results as IDataObject[])[0].attributeNames).toEqual({
			preferred_contact_method: 'preferredContactMethodStr',
			product_interest_score: 'productInterestScoreNum',
			last_interaction_date: 'lastInteractionDateAt',
			is_premium_customer: 'isPremiumCustomerBool',
		});
		expect(result.items[0].json.objectIds).toHaveLength(1);
	});

	it('creates 250 objects through the bulk API in 3 requests and returns 250 IDs', async () => {
		const objects = Array.from({ length: 250 }, (_, i) => seedObject(`Preferences ${i}`, i % 2 ? String(customer.id) : ''));
		const result = await runKustomer(sandbox, createMany(objects));
		expect(result.error).toBeUndefined();
		// The chunks go at once, so they may arrive in any order: compare them by their first object.
		const posts = apiRequests(sandbox)
			.filter((request) => request.method === 'POST')
			.sort((a, b) => Number(firstRef(a)) - Number(firstRef(b)));
		expect(posts.map((request) => [request.path, firstRef(request), (request.body as unknown[]).length])).toEqual([
			['/v1/klasses/Customer_Preferences/bulk', '0', 100],
			['/v1/klasses/Customer_Preferences/bulk', '100', 100],
			['/v1/klasses/Customer_Preferences/bulk', '200', 50],
		]);
		expect((posts[0].body as IDataObject[])[1]).toMatchObject({ _clientRef: '1', customer: customer.id });
		const json = result.items[0].json;
		expect(json).toMatchObject({ success: true, createdCount: 250, failedCount: 0 });
		expect(new Set(json.objectIds as string[]).size).toBe(250);
		expect(sandbox.counters.created.kobject).toBe(250);
		const metadataReads = apiRequests(sandbox).filter((request) => request.path.startsWith('/v1/metadata/'));
		expect(metadataReads.map((request) => request.path)).toEqual(['/v1/metadata/kobject.Customer_Preferences']);
		const gets = apiRequests(sandbox)
			.filter((request) => request.method === 'GET' && !request.path.startsWith('/v1/metadata/'))
			.map((request) => request.path);
		expect(gets.every((path) => /^\/v1\/bulk\/[^/]+(\/batches)?$/.test(path))).toBe(true);
		console.log(`250 objects: ${posts.length} bulk POSTs, ${gets.length} status/result GETs`);
	});

	it('keeps the created objects when one bulk request fails, and marks only that chunk\'s objects', async () => {
		const objects = Array.from({ length: 250 }, (_, i) => seedObject(`Preferences ${i}`, ''));
		sandbox.faults.add({ kind: 'status', status: 500, match: { method: 'POST', path: /\/bulk$/ } });
		const result = await runKustomer(sandbox, createMany(objects));
		expect(result.error).toBeUndefined();

		const posts = apiRequests(sandbox).filter((request) => request.method === 'POST');
		expect(posts).toHaveLength(3); // a POST answered 500 may have been carried out: it is not sent again
		const failed = posts.filter((request) => request.status === 500);
		expect(failed).toHaveLength(1);
		const failedRefs = new Set((failed[0].body as IDataObject[]).map((object) => Number(object._clientRef)));

		const json = result.items[0].json;
		const results = json.results as IDataObject[];
		expect(json).toMatchObject({ success: false, createdCount: 250 - failedRefs.size, failedCount: failedRefs.size });
		expect(sandbox.counters.created.kobject).toBe(250 - failedRefs.size);
		for (const entry of results) {
			if (failedRefs.has(entry.index as number)) {
				expect(entry.id).toBeUndefined();
				expect(entry.error).toMatch(/^Bulk request failed: Kustomer answered with a server error \(500\) for POST \/v1\/klasses\/Customer_Preferences\/bulk\. .*check the record in Kustomer before running this item again/);
			} else {
				expect(entry.id).toEqual(expect.any(String));
			}
		}
	});

	it('fails the item as a whole when no bulk request is accepted', async () => {
		sandbox.faults.add({ kind: 'status', status: 403, match: { method: 'POST', path: /\/bulk$/ }, times: Infinity });
		const objects = Array.from({ length: 150 }, (_, i) => seedObject(`Preferences ${i}`, ''));
		const result = await runKustomer(sandbox, createMany(objects));
		expect(result.error?.message).toMatch(/403|permission|role/i);
		expect(apiRequests(sandbox).filter((request) => request.method === 'POST')).toHaveLength(2);
		expect(sandbox.counters.created.kobject ?? 0).toBe(0);
	});

	it('reports the objects of a job still running when Max Wait runs out as pending with their job, not failed', async () => {
		sandbox.setBulkTiming({ queuedMs: 60_000 });
		const objects = Array.from({ length: 150 }, (_, i) => seedObject(`Preferences ${i}`, ''));
		const result = await runKustomer(sandbox, { ...createMany(objects), options: { maxWait: 1 } });
		expect(result.error).toBeUndefined();
		const json = result.items[0].json;
		const polled = [...new Set(apiRequests(sandbox).filter((request) => request.path.startsWith('/v1/bulk/')).map((request) => request.path.split('/')[3]))];
		expect(polled).toHaveLength(2);
		expect(json).toMatchObject({ success: true, complete: false, status: 'pending', createdCount: 0, failedCount: 0, pendingCount: 150 });
		expect([...(json.pendingJobIds as string[])].sort()).toEqual([...polled].sort());
		expect(json.hint).toBe(
			`150 object(s) are in Kustomer bulk jobs that had not finished: do not send them again. Run Custom Object › Get Bulk Job Result with Bulk Job IDs ${(json.pendingJobIds as string[]).join(', ')} (or the expression {{ $json.pendingJobIds }}) to get their IDs.`,
		);
		const results = json.results as IDataObject[];
		expect(results.every((entry) => entry.status === 'pending' && entry.error === undefined)).toBe(true);
		expect(results[0]).toMatchObject({
			index: 0,
			title: 'Preferences 0',
			jobId: expect.any(String),
			pending: `Bulk job ${String(results[0].jobId)}: the job was still queued after 1 s (Max Wait). Kustomer may still create this object: do not send it again; check the job later with Custom Object › Get Bulk Job Result (Bulk Job IDs: ${String(results[0].jobId)}).`,
		});
		expect(new Set(results.map((entry) => entry.jobId))).toEqual(new Set(polled));
		expect(results[0].jobId).not.toBe(results[149].jobId);
	});

	it('reports each failed object next to the created ones', async () => {
		const objects = [seedObject('Good', String(customer.id)), seedObject('Unknown customer', '000000000000000000000bad'), seedObject('Also good', '')];
		const result = await runKustomer(sandbox, createMany(objects));
		expect(result.error).toBeUndefined();
		const json = result.items[0].json;
		expect(json).toMatchObject({ success: false, createdCount: 2, failedCount: 1 });
		const results = json.results as IDataObject[];
		expect(results[0].id).toBeDefined();
		expect(results[1]).toMatchObject({ index: 1, title: 'Unknown customer' });
		expect(results[1].error).toEqual(expect.any(String));
		expect(results[2].id).toBeDefined();
	});

	it('catches a value that does not fit its type before any write, naming object, key and attribute', async () => {
		const bad = seedObject('Bad', '');
		bad.data[1].value = 'eight and a half';
		const result = await runKustomer(sandbox, createMany([seedObject('Fine', ''), bad]));
		expect(result.error?.message).toBe('Objects [1] data "product_interest_score" (attribute "productInterestScoreNum", Number): "eight and a half" is not a number [item 0]');
		expect(apiRequests(sandbox).map((request) => request.method)).toEqual(['GET']);
	});

	it('reads the objects from an input field as they are, without an expression', async () => {
		const objects = Array.from({ length: 150 }, (_, i) => seedObject(`Preferences ${i}`, ''));
		const parameters = fromInputField();
		const result = await runKustomer(
			sandbox,
			{ ...parameters, objectsField: 'order.objects' },
			{ items: [{ order: { objects } }, { order: { objects: JSON.stringify(objects.slice(0, 2)) } }] },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.createdCount, item.json.failedCount])).toEqual([
			[150, 0],
			[2, 0],
		]);
		const posts = apiRequests(sandbox).filter((request) => request.method === 'POST');
		expect(posts.map((request) => (Array.isArray(request.body) ? request.body.length : request.path)).sort()).toEqual([100, 2, 50]);
		expect(sandbox.counters.created.kobject).toBe(152);
	});

	it('names the parameter or input field when the objects cannot be read, before any write', async () => {
		const parameters = fromInputField();
		const missing = await runKustomer(sandbox, parameters, { items: [{ other: [] }] });
		expect(missing.error?.message).toBe('Input field "objects" is not in the input item [item 0]');
		const bad = seedObject('Bad', '');
		bad.data[1].value = 'eight and a half';
		const typed = await runKustomer(sandbox, parameters, { items: [{ objects: [seedObject('Fine', ''), bad] }] });
		expect(typed.error?.message).toBe('Input field "objects" [1] data "product_interest_score" (attribute "productInterestScoreNum", Number): "eight and a half" is not a number [item 0]');
		const notJson = await runKustomer(sandbox, parameters, { items: [{ objects: '[{"title": ' }] });
		expect(notJson.error?.message).toMatch(/^Input field "objects" is not valid JSON: .+ \[item 0\]$/);
		const notArray = await runKustomer(sandbox, parameters, { items: [{ objects: { title: 'x' } }] });
		expect(notArray.error?.message).toBe('Input field "objects" must be a non-empty JSON array of objects [item 0]');
		const unnamed = await runKustomer(sandbox, { ...parameters, objectsField: ' ' }, { items: [{ objects: [] }] });
		expect(unnamed.error?.message).toBe('Input Field Name is empty [item 0]');
		const unknownSource = await runKustomer(sandbox, { ...parameters, objectsFrom: 'binary' }, { items: [{ objects: [] }] });
		expect(unknownSource.error?.message).toBe('Objects From is "binary"; choose Input Field or JSON [item 0]');
		expect(apiRequests(sandbox).filter((request) => request.method !== 'GET')).toHaveLength(0);
	});

	it('lands keys on the Klass\'s own attributes, read once for all objects, and says where each went', async () => {
		const defined = await fetch(`${sandbox.url}/v1/metadata/kobject.Customer_Preferences`, {
			method: 'PUT',
			headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ properties: { loyaltyScoreNum: { type: 'number' }, contact_methodStr: { type: 'string' } } }),
		});
		expect(defined.status).toBe(200);
		sandbox.clearRequests();
		const objects = Array.from({ length: 3 }, (_, i) => ({
			title: `Scored ${i}`,
			customerId: '',
			data: [
				{ key: 'loyalty_score', value: String(i + 0.5) },
				{ key: 'Contact Method', value: 'email' },
				{ key: 'favourite_colour', value: 'green' },
			],
		}));
		const result = await runKustomer(sandbox, { ...createMany(objects), fieldTypes: {} });
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).filter((request) => request.path.startsWith('/v1/metadata/'))).toHaveLength(1);
		const [post] = apiRequests(sandbox).filter((request) => request.method === 'POST');
		expect((post.body as IDataObject[]).map((object) => object.custom)).toEqual(
			[0.5, 1.5, 2.5].map((score) => ({ loyaltyScoreNum: score, contact_methodStr: 'email', favouriteColourStr: 'green' })),
		);
		const results = result.items[0].json.results as IDataObject[];
		expect(results.map((entry) => entry.attributeNames)).toEqual(
			objects.map(() => ({ loyalty_score: 'loyaltyScoreNum', 'Contact Method': 'contact_methodStr', favourite_colour: 'favouriteColourStr' })),
		);
	});

	it('refuses two keys of one object that land on one attribute, and a type the Klass\'s attribute does not have', async () => {
		await fetch(`${sandbox.url}/v1/metadata/kobject.Customer_Preferences`, {
			method: 'PUT',
			headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ properties: { loyaltyScoreNum: { type: 'number' } } }),
		});
		sandbox.clearRequests();
		const twice = await runKustomer(sandbox, { ...createMany([{ title: 'Twice', data: { loyalty_score: '1', 'Loyalty Score': '2' } }]), fieldTypes: {} });
		expect(twice.error?.message).toBe('Objects [0] data "Loyalty Score" and "loyalty_score" both land on attribute "loyaltyScoreNum": give its value once [item 0]');
		const typed = await runKustomer(sandbox, {
			...createMany([{ title: 'Typed', data: { loyalty_score: 'high' } }]),
			fieldTypes: { values: [{ key: 'loyalty_score', value: 'str' }] },
		});
		expect(typed.error?.message).toBe(
			'Objects [0] data "loyalty_score" has type String, but the account\'s attribute "loyaltyScoreNum" (Number, suffix Num) has another type: choose its type or another name [item 0]',
		);
		expect(apiRequests(sandbox).filter((request) => request.method !== 'GET')).toHaveLength(0);
	});

	it('refuses a key no attribute could have before any request', async () => {
		const result = await runKustomer(sandbox, { ...createMany([{ title: 'Bad key', data: { 'score%': '1' } }]), fieldTypes: {} });
		expect(result.error?.message).toMatch(/^Objects \[0\] data "score%" is not a valid attribute name/);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('refuses objects that are not a JSON array', async () => {
		const result = await runKustomer(sandbox, { ...createMany([]), objects: '{"title": "x"}' });
		expect(result.error?.message).toMatch(/^Objects must be a non-empty JSON array/);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('Custom Object › single-object operations', () => {
	it('creates for a customer, gets by ID and external ID, lists per customer, updates and deletes', async () => {
		const created = await runKustomer(sandbox, {
			resource: 'customObject',
			operation: 'create',
			klassName: 'Customer_Preferences',
			title: 'Order 1042',
			objectCustomerId: String(customer.id),
			objectAdditionalFields: { externalId: 'order-1042', data: '{"sku": "A-1"}', tags: 'vip' },
			objectCustomAttributes: { values: [{ key: 'total', type: 'number', value: '99.5' }] },
		});
		expect(created.error).toBeUndefined();
		const id = String(created.items[0].json.id);
		await runKustomer(sandbox, { resource: 'customObject', operation: 'create', klassName: 'Customer_Preferences', title: 'Unlinked' });

		const byId = await runKustomer(sandbox, { resource: 'customObject', operation: 'get', klassName: 'Customer_Preferences', objectId: { __rl: true, mode: 'id', value: id } });
		expect(byId.items[0].json).toMatchObject({ id, title: 'Order 1042', custom: { totalNum: 99.5 } });
		const byExternalId = await runKustomer(sandbox, { resource: 'customObject', operation: 'get', klassName: 'Customer_Preferences', objectId: { __rl: true, mode: 'externalId', value: 'order-1042' } });
		expect(byExternalId.items[0].json.id).toBe(id);
		const ofCustomer = await runKustomer(sandbox, { resource: 'customObject', operation: 'getAll', klassName: 'Customer_Preferences', returnAll: true, objectListFilters: { customerId: String(customer.id) } });
		expect(ofCustomer.items.map((item) => item.json.title)).toEqual(['Order 1042']);
		const all = await runKustomer(sandbox, { resource: 'customObject', operation: 'getAll', klassName: 'Customer_Preferences', returnAll: true });
		expect(all.items).toHaveLength(2);
		const updated = await runKustomer(sandbox, {
			resource: 'customObject',
			operation: 'update',
			klassName: 'Customer_Preferences',
			objectId: { __rl: true, mode: 'externalId', value: 'order-1042' },
			objectUpdateFields: { title: 'Order 1042 (paid)' },
		});
		expect(updated.items[0].json).toMatchObject({ id, title: 'Order 1042 (paid)', custom: { totalNum: 99.5 } });
		const deleted = await runKustomer(sandbox, { resource: 'customObject', operation: 'delete', klassName: 'Customer_Preferences', objectId: { __rl: true, mode: 'id', value: id } });
		expect(deleted.items.map((item) => item.json)).toEqual([{ deleted: true }]);

		const requests = apiRequests(sandbox).map((request) => `${request.method} ${request.path}`);
		expect(requests).toEqual([
			'GET /v1/metadata/kobject.Customer_Preferences',
			`POST /v1/customers/${String(customer.id)}/klasses/Customer_Preferences`,
			'POST /v1/klasses/Customer_Preferences',
			`GET /v1/klasses/Customer_Preferences/${id}`,
			'GET /v1/klasses/Customer_Preferences/externalId=order-1042',
			`GET /v1/customers/${String(customer.id)}/klasses/Customer_Preferences`,
			'GET /v1/klasses/Customer_Preferences',
			'GET /v1/klasses/Customer_Preferences/externalId=order-1042',
			`PUT /v1/klasses/Customer_Preferences/${id}`,
			`DELETE /v1/klasses/Customer_Preferences/${id}`,
		]);
		expect(created.items[0].json.attributeNames).toEqual({ total: 'totalNum' });
		expect(apiRequests(sandbox)[1].body).toEqual({
			title: 'Order 1042',
			externalId: 'order-1042',
			data: { sku: 'A-1' },
			tags: ['vip'],
			custom: { totalNum: 99.5 },
		});
	});
});
