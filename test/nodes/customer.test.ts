import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { KustomerSandbox } from '../../sandbox';
import {
	READ_ONLY_KEY,
	apiRequests,
	everythingProduced,
	runKustomer,
	seedCustomer,
	startSandbox,
} from './setup';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

let sandbox: KustomerSandbox;
/** Tests that send an invalid request on purpose say so; every other request must pass the OpenAPI validation. */
let expectInvalidRequests = false;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => {
	sandbox.reset();
	expectInvalidRequests = false;
});
afterEach(() => {
	if (!expectInvalidRequests) {
		const invalid = apiRequests(sandbox).filter((request) => !request.valid);
		expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
	}
});

describe('Customer › Create', () => {
	it('sends every field of the customer schema and outputs the simplified record', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'create',
			customerName: 'Ada Lovelace',
			additionalFields: {
				company: '5f3c6a1b2c3d4e5f6a7b8c9d',
				externalId: 'crm-1042',
				username: 'ada',
				signedUpAt: '2024-01-15T10:00:00',
				lastActivityAt: '2024-02-01T08:30:00Z',
				lastCustomerActivityAt: '2024-02-01',
				lastSeenAt: '2024-02-02T00:00:00.000Z',
				avatarUrl: 'https://example.com/ada.png',
				emails: { values: [{ email: 'ada@example.com', type: 'work' }, { email: 'ada.home@example.com', type: 'home' }] },
				phones: { values: [{ phone: '+1 (800) 555-1212', type: 'mobile' }] },
				whatsapps: { values: [{ phone: '+447700900123' }] },
				socials: { values: [{ type: 'twitter', username: 'ada', url: 'https://twitter.com/ada' }] },
				urls: { values: [{ url: 'https://ada.example.com', type: 'website' }] },
				locations: {
					values: [{ type: 'home', address: '12 St James Sq', cityName: 'London', countryCode: 'GB', zipCode: 'SW1Y', latitude: '51.5', longitude: '-0.13' }],
				},
				tags: 'vip, newsletter',
				locale: 'en-GB',
				timeZone: 'Europe/London',
				birthdayAt: '1815-12-10',
				gender: 'f',
				defaultLang: 'en_gb',
				sentiment: { value: { polarity: 1, confidence: 0.8 } },
				createdAt: '2020-05-01T00:00:00Z',
				importedAt: '2024-03-01T00:00:00Z',
			},
			customAttributes: {
				values: [
					{ key: 'loyaltyTier', type: 'string', value: 'gold' },
					{ key: 'lifetimeValue', type: 'number', value: '1234.5' },
					{ key: 'isPremium', type: 'boolean', value: 'true' },
				],
			},
		});

		expect(result.error).toBeUndefined();
		const [metadata, request] = apiRequests(sandbox);
		expect([metadata.method, metadata.path]).toEqual(['GET', '/v1/metadata/customer']);
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v1/customers');
		expect(request.headers.authorization).toBe(`Bearer ${sandbox.apiKey}`);
		expect(request.body).toEqual({
			name: 'Ada Lovelace',
			company: '5f3c6a1b2c3d4e5f6a7b8c9d',
			externalId: 'crm-1042',
			username: 'ada',
			signedUpAt: '2024-01-15T10:00:00.000Z',
			lastActivityAt: '2024-02-01T08:30:00.000Z',
			lastCustomerActivityAt: '2024-02-01T00:00:00.000Z',
			lastSeenAt: '2024-02-02T00:00:00.000Z',
			avatarUrl: 'https://example.com/ada.png',
			emails: [
				{ email: 'ada@example.com', type: 'work' },
				{ email: 'ada.home@example.com', type: 'home' },
			],
			phones: [{ phone: '+18005551212', type: 'mobile' }],
			whatsapps: [{ phone: '+447700900123', type: 'mobile' }],
			socials: [{ type: 'twitter', username: 'ada', url: 'https://twitter.com/ada' }],
			urls: [{ url: 'https://ada.example.com', type: 'website' }],
			locations: [
				{ type: 'home', address: '12 St James Sq', cityName: 'London', countryCode: 'GB', zipCode: 'SW1Y', latitude: 51.5, longitude: -0.13 },
			],
			tags: ['vip', 'newsletter'],
			locale: 'en-GB',
			timeZone: 'Europe/London',
			birthdayAt: '1815-12-10T00:00:00.000Z',
			gender: 'f',
			defaultLang: 'en_gb',
			sentiment: { polarity: 1, confidence: 0.8 },
			createdAt: '2020-05-01T00:00:00.000Z',
			importedAt: '2024-03-01T00:00:00.000Z',
			custom: { loyaltyTierStr: 'gold', lifetimeValueNum: 1234.5, isPremiumBool: true },
		});

		expect(result.items).toHaveLength(1);
		const item = result.items[0].json;
		const stored = [...sandbox.store.customers.values()][0] as unknown as { id: string };
		expect(item.id).toBe(stored.id);
		expect(item).toMatchObject({
			name: 'Ada Lovelace',
			externalId: 'crm-1042',
			custom: { loyaltyTierStr: 'gold', lifetimeValueNum: 1234.5, isPremiumBool: true },
			attributeNames: { loyaltyTier: 'loyaltyTierStr', lifetimeValue: 'lifetimeValueNum', isPremium: 'isPremiumBool' },
		});
		expect(item).not.toHaveProperty('attributes');
	});

	it('outputs the JSON:API record when Simplify is off', async () => {
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'create', customerName: 'Grace', simplify: false });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ type: 'customer', attributes: { name: 'Grace' } });
		expect(result.items[0].json.links).toBeDefined();
	});

	it('creates one customer per input item, with expressions read per item', async () => {
		const names = Array.from({ length: 25 }, (_, i) => `Customer ${i}`);
		const result = await runKustomer(
			sandbox,
			{ resource: 'customer', operation: 'create', customerName: '={{ $json.fullName }}' },
			{ items: names.map((fullName) => ({ fullName })) },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.name)).toEqual(names);
		expect(apiRequests(sandbox).map((request) => (request.body as IDataObject).name).sort()).toEqual([...names].sort());
		expect(sandbox.counters.created.customer).toBe(25);
	});

	it('stops an item whose custom attribute does not fit its type, before any write', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'create',
			customerName: 'Bad Data',
			customAttributes: { values: [{ key: 'score', type: 'number', value: 'eight' }] },
		});
		expect(result.error?.message).toBe('Custom Attribute "score" (attribute "scoreNum", Number): "eight" is not a number [item 0]');
		expect(apiRequests(sandbox).map((request) => [request.method, request.path])).toEqual([['GET', '/v1/metadata/customer']]);
	});

	it('with Continue On Fail, an invalid item becomes an error item and the others are created', async () => {
		const result = await runKustomer(
			sandbox,
			{ resource: 'customer', operation: 'create', customerName: '={{ $json.name }}', additionalFields: { avatarUrl: '={{ $json.avatar }}' } },
			{
				continueOnFail: true,
				items: [
					{ name: 'One', avatar: 'https://a.example/1.png' },
					{ name: 'Two', avatar: 'not a url' },
					{ name: 'Three', avatar: 'https://a.example/3.png' },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json.name).toBe('One');
		expect(result.items[1].json.error).toMatch(/Avatar URL "not a url" is not a valid http\(s\) URL \[item 1\]/);
		expect(result.items[2].json.name).toBe('Three');
		expect(apiRequests(sandbox)).toHaveLength(2);
	});

	it('maps a 400 from Kustomer\'s validation to an error naming the field', async () => {
		expectInvalidRequests = true;
		// The account defines tierStr with the values bronze to platinum: a rule only Kustomer knows.
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'create',
			customerName: 'Wrong Tier',
			customAttributes: { values: [{ key: 'tierStr', value: 'diamond' }] },
		});
		const [, request] = apiRequests(sandbox);
		expect(request.status).toBe(400);
		expect(result.error?.message).toMatch(/^Kustomer rejected the request: custom\.tierStr: /);
		expect(result.error?.description).toMatch(/Correct the field named above/);
		expect(sandbox.counters.created.customer ?? 0).toBe(0);
	});

	it('refuses an email type Kustomer does not know before sending', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'create',
			additionalFields: { emails: { values: [{ email: 'x@example.com', type: '={{ "mobile" }}' }] } },
		});
		expect(result.error?.message).toBe('Emails [0] Type "mobile" is not allowed: use home, work, other [item 0]');
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('refuses a key that lacks the role, naming the role the operation needs', async () => {
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'create', customerName: 'X' }, { apiKey: READ_ONLY_KEY });
		expect(apiRequests(sandbox)[0].status).toBe(401);
		expect(result.error?.message).toBe(
			'Kustomer refused the API key for this operation: it needs the role org.user.customer.write or org.permission.customer.create (to create it), and org.user.customer.read or org.permission.customer.read (to find it by its External ID after a lost answer)',
		);
		expect(everythingProduced(result)).not.toContain(READ_ONLY_KEY);
	});

	it('refuses a wrong key with a clear message and never shows the key', async () => {
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'get', customerId: byId('5f3c6a1b2c3d4e5f6a7b8c9d') }, { apiKey: 'wrong-secret-key-123' });
		expect(result.error?.message).toMatch(/^Kustomer refused the API key/);
		expect(apiRequests(sandbox)[0].headers.authorization).toBe('Bearer wrong-secret-key-123');
		expect(everythingProduced(result)).not.toContain('wrong-secret-key-123');
	});
});

describe('Customer › Get', () => {
	let customer: IDataObject;
	beforeEach(async () => {
		customer = await seedCustomer(sandbox, {
			name: 'Lookup Target',
			externalId: 'ext/1?x#y',
			emails: [{ email: 'a+b@example.com' }],
			phones: [{ phone: '+18005551212' }],
		});
		sandbox.clearRequests();
	});

	it.each([
		['id', () => String(customer.id), () => `/v1/customers/${String(customer.id)}`],
		['url', () => `https://acme.kustomerapp.com/app/customers/${String(customer.id)}`, () => `/v1/customers/${String(customer.id)}`],
		['email', () => 'a+b@example.com', () => '/v1/customers/email=a%2Bb%40example.com'],
		['externalId', () => 'ext/1?x#y', () => '/v1/customers/externalId=ext%2F1%3Fx%23y'],
		['phone', () => '+1 800 555 1212', () => '/v1/customers/phone=%2B18005551212'],
	])('finds the customer by %s', async (mode, value, path) => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'get',
			customerId: { __rl: true, mode, value: value() },
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.path])).toEqual([['GET', path()]]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ id: customer.id, name: 'Lookup Target' });
	});

	it('says which customer does not exist', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'get',
			customerId: { __rl: true, mode: 'email', value: 'nobody@example.com' },
		});
		expect(apiRequests(sandbox)[0].status).toBe(404);
		expect(result.error?.message).toBe('Kustomer has no customer with email "nobody@example.com"');
	});

	it('keeps a hostile ID inside its own path segment', async () => {
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'get', customerId: byId('../users/current') });
		expect(apiRequests(sandbox).map((request) => request.path)).toEqual(['/v1/customers/..%2Fusers%2Fcurrent']);
		expect(result.error?.message).toBe('Kustomer has no customer "../users/current"');
	});

	it('refuses an ID that a URL parser would read as a parent path, without sending it', async () => {
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'get', customerId: byId('..') });
		expect(result.error?.message).toMatch(/^Customer "\.\." is not a valid value/);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('refuses an empty customer', async () => {
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'get', customerId: byId('  ') });
		expect(result.error?.message).toBe('Customer is empty [item 0]');
		expect(apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('Customer › Get Many', () => {
	beforeEach(async () => {
		for (let i = 0; i < 130; i++) await seedCustomer(sandbox, { name: `Listed ${String(i).padStart(3, '0')}` });
		sandbox.clearRequests();
	});

	it('Return All follows links.next through every page', async () => {
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(130);
		expect(new Set(result.items.map((item) => item.json.id)).size).toBe(130);
		expect(apiRequests(sandbox).map((request) => [request.path, request.query])).toEqual([
			['/v1/customers', { page: '1', pageSize: '100' }],
			['/v1/customers', { page: '2', pageSize: '100' }],
		]);
	});

	it('Limit asks for no more than it needs', async () => {
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'getAll', returnAll: false, limit: 5 });
		expect(result.items).toHaveLength(5);
		expect(apiRequests(sandbox).map((request) => request.query)).toEqual([{ page: '1', pageSize: '5' }]);
	});

	it('a Limit above one page reads just enough pages', async () => {
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'getAll', returnAll: false, limit: 120, simplify: false });
		expect(result.items).toHaveLength(120);
		expect(result.items[0].json.type).toBe('customer');
		expect(apiRequests(sandbox)).toHaveLength(2);
	});
});

describe('Customer › Update', () => {
	it('PATCHes only the given fields and merges custom attributes', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Before', locale: 'en-US', custom: { tierStr: 'silver', visitsNum: 3 } });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: byId(String(customer.id)),
			updateFields: { name: 'After', tags: 'vip' },
			customAttributes: { values: [{ key: 'tierStr', value: 'gold' }] },
		});
		expect(result.error).toBeUndefined();
		// The account's attribute names first, then the customer, so its company (none here) is kept (companyLink.ts).
		const [metadata, read, request] = apiRequests(sandbox);
		expect([metadata.method, metadata.path]).toEqual(['GET', '/v1/metadata/customer']);
		expect([read.method, read.path]).toEqual(['GET', `/v1/customers/${String(customer.id)}`]);
		expect([request.method, request.path]).toEqual(['PATCH', `/v1/customers/${String(customer.id)}`]);
		expect(request.body).toEqual({ name: 'After', tags: ['vip'], custom: { tierStr: 'gold' }, rev: 1 });
		expect(result.items[0].json).toMatchObject({
			id: customer.id,
			name: 'After',
			locale: 'en-US',
			custom: { tierStr: 'gold', visitsNum: 3 },
		});
	});

	it('finds the customer by email first when chosen by email, then PATCHes its ID', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Mail Match', emails: [{ email: 'match@example.com' }] });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: { __rl: true, mode: 'email', value: 'match@example.com' },
			updateFields: { username: 'matched' },
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.path])).toEqual([
			['GET', '/v1/customers/email=match%40example.com'],
			['GET', `/v1/customers/${String(customer.id)}`],
			['PATCH', `/v1/customers/${String(customer.id)}`],
		]);
		expect(result.items[0].json).toMatchObject({ id: customer.id, username: 'matched' });
	});

	it('does not PATCH anything when the email matches no customer', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'delete',
			customerId: { __rl: true, mode: 'externalId', value: 'missing-1' },
		});
		expect(result.error?.message).toBe('Kustomer has no customer with external ID "missing-1"');
		expect(apiRequests(sandbox).map((request) => request.method)).toEqual(['GET']);
	});

	it('refuses an update with nothing to change', async () => {
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'update', customerId: byId('5f3c6a1b2c3d4e5f6a7b8c9d') });
		expect(result.error?.message).toBe('Update Fields are empty [item 0]');
		expect(apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('Customer › Delete', () => {
	it('deletes and outputs {"deleted": true}', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Gone Soon' });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'delete', customerId: byId(String(customer.id)) });
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => [request.method, request.path, request.status])).toEqual([
			['DELETE', `/v1/customers/${String(customer.id)}`, 204],
		]);
		expect(result.items.map((item) => item.json)).toEqual([{ deleted: true }]);
		expect(sandbox.store.customers.has(String(customer.id))).toBe(false);
	});
});

describe('Customer › Create or Update', () => {
	const upsert = (matchOn: string, matchValue: string, name: string) => ({
		resource: 'customer',
		operation: 'upsert',
		matchOn,
		matchValue,
		upsertFields: { name },
		customAttributes: { values: [{ key: 'sourceStr', value: 'shop' }] },
	});

	it('creates when nothing matches the external ID, then updates the same customer', async () => {
		const first = await runKustomer(sandbox, upsert('externalId', 'shop-77', 'First Name'));
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ action: 'created', externalId: 'shop-77', name: 'First Name' });
		expect(apiRequests(sandbox).map((request) => [request.method, request.path, request.status])).toEqual([
			['GET', '/v1/metadata/customer', 200],
			['GET', '/v1/customers/externalId=shop-77', 404],
			['POST', '/v1/customers', 201],
		]);
		expect(apiRequests(sandbox)[2].body).toEqual({ name: 'First Name', externalId: 'shop-77', custom: { sourceStr: 'shop' } });
		expect(first.items[0].json.attributeNames).toEqual({ sourceStr: 'sourceStr' });

		sandbox.clearRequests();
		const second = await runKustomer(sandbox, upsert('externalId', 'shop-77', 'Second Name'));
		expect(second.items[0].json).toMatchObject({ action: 'updated', id: first.items[0].json.id, name: 'Second Name' });
		expect(apiRequests(sandbox).map((request) => [request.method, request.path])).toEqual([
			['GET', '/v1/metadata/customer'],
			['GET', '/v1/customers/externalId=shop-77'],
			['PATCH', `/v1/customers/${String(first.items[0].json.id)}`],
		]);
		expect(apiRequests(sandbox)[2].body).toEqual({ name: 'Second Name', custom: { sourceStr: 'shop' }, rev: 1 });
		expect(sandbox.store.customers.size).toBe(1);
		expect(sandbox.counters.created.customer).toBe(1);
	});

	it('matches on email and keeps that email when creating', async () => {
		const created = await runKustomer(sandbox, upsert('email', 'Kim@Example.com', 'Kim'));
		expect(created.items[0].json).toMatchObject({ action: 'created', emails: [{ email: 'Kim@Example.com' }] });
		sandbox.clearRequests();
		const updated = await runKustomer(sandbox, upsert('email', 'kim@example.com', 'Kim Lee'));
		expect(updated.items[0].json).toMatchObject({ action: 'updated', id: created.items[0].json.id, name: 'Kim Lee' });
		expect(apiRequests(sandbox).map((request) => request.path)).toEqual(['/v1/metadata/customer', '/v1/customers/email=kim%40example.com', `/v1/customers/${String(created.items[0].json.id)}`]);
	});

	it('refuses an invalid email to match on', async () => {
		const result = await runKustomer(sandbox, upsert('email', 'not-an-email', 'X'));
		expect(result.error?.message).toBe('Email "not-an-email" is not a valid email address [item 0]');
		// Only the attribute metadata was read; nothing was looked up or written.
		expect(apiRequests(sandbox).map((request) => [request.method, request.path])).toEqual([['GET', '/v1/metadata/customer']]);
	});
});

describe('Customer › Update Customer Data (seed 004)', () => {
	const SEED_DATA = [
		{ key: 'communication_preference', value: 'email_only' },
		{ key: 'preferred_language', value: 'spanish' },
		{ key: 'loyalty_tier', value: 'gold' },
		{ key: 'last_purchase_category', value: 'electronics' },
		{ key: 'support_priority_level', value: 'high' },
	];
	const updateData = (customerId: string, values: Array<Record<string, string>>): INodeParameters => ({
		resource: 'customer',
		operation: 'updateData',
		customerId: byId(customerId),
		personalizationData: { values },
	});

	it('writes the seed\'s personalization data, landing loyalty_tier on the account\'s loyaltyTierStr, and says where each key went', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Seed Customer', custom: { keepMeStr: 'kept', loyaltyTierStr: 'silver' } });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, updateData(String(customer.id), SEED_DATA));
		expect(result.error).toBeUndefined();
		const [metadata, read, request] = apiRequests(sandbox);
		expect([metadata.method, metadata.path]).toEqual(['GET', '/v1/metadata/customer']);
		expect([read.method, read.path]).toEqual(['GET', `/v1/customers/${String(customer.id)}`]);
		expect([request.method, request.path]).toEqual(['PATCH', `/v1/customers/${String(customer.id)}`]);
		// The sandbox account defines loyaltyTierStr (Loyalty Tier); the other keys are new.
		expect(request.body).toEqual({
			rev: 1,
			custom: {
				communicationPreferenceStr: 'email_only',
				preferredLanguageStr: 'spanish',
				loyaltyTierStr: 'gold',
				lastPurchaseCategoryStr: 'electronics',
				supportPriorityLevelStr: 'high',
			},
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual({
			success: true,
			customerId: customer.id,
			customer: expect.objectContaining({ id: customer.id, name: 'Seed Customer', custom: expect.objectContaining({ keepMeStr: 'kept', loyaltyTierStr: 'gold' }) }),
			attributeNames: {
				communication_preference: 'communicationPreferenceStr',
				preferred_language: 'preferredLanguageStr',
				loyalty_tier: 'loyaltyTierStr',
				last_purchase_category: 'lastPurchaseCategoryStr',
				support_priority_level: 'supportPriorityLevelStr',
			},
		});
	});

	it('matches keys in other styles and takes the account attribute\'s type', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Styles' });
		sandbox.clearRequests();
		const result = await runKustomer(
			sandbox,
			updateData(String(customer.id), [
				{ key: 'Lifetime Value', value: '1200.5' },
				{ key: 'vip', value: 'yes' },
				{ key: 'renewal', value: '2025-06-01' },
				{ key: 'tierStr', value: 'gold' },
			]),
		);
		expect(result.error).toBeUndefined();
		// The account's attributes, the customer (for its company), then the PATCH.
		expect(apiRequests(sandbox)[2].body).toEqual({
			custom: { lifetimeValueNum: 1200.5, vipBool: true, renewalAt: '2025-06-01T00:00:00.000Z', tierStr: 'gold' },
			rev: 1,
		});
		expect(result.items[0].json.attributeNames).toEqual({ 'Lifetime Value': 'lifetimeValueNum', vip: 'vipBool', renewal: 'renewalAt', tierStr: 'tierStr' });
	});

	it('reads the account\'s attributes once per run, not per item', async () => {
		const ids = [];
		for (const name of ['A', 'B', 'C', 'D']) ids.push(String((await seedCustomer(sandbox, { name })).id));
		sandbox.clearRequests();
		const parameters = { ...updateData('', []), customerId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, personalizationData: { values: [{ key: 'loyalty_tier', value: '={{ $json.tier }}' }] } };
		const items = ids.map((id, index) => ({ id, tier: `tier ${index}` }));
		const first = await runKustomer(sandbox, parameters, { items });
		expect(first.error).toBeUndefined();
		expect(first.items.map((item) => item.json.attributeNames)).toEqual(ids.map(() => ({ loyalty_tier: 'loyaltyTierStr' })));
		const metadataReads = () => apiRequests(sandbox).filter((request) => request.path.startsWith('/v1/metadata/'));
		expect(metadataReads()).toHaveLength(1);
		expect(apiRequests(sandbox).filter((request) => request.method === 'PATCH')).toHaveLength(4);
		// A new run reads the metadata again: an attribute defined in between is seen.
		sandbox.clearRequests();
		await runKustomer(sandbox, parameters, { items: items.slice(0, 2) });
		expect(metadataReads()).toHaveLength(1);
	});

	it('refuses two keys that land on one attribute, naming both, and writes nothing', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Twice' });
		sandbox.clearRequests();
		const result = await runKustomer(
			sandbox,
			updateData(String(customer.id), [
				{ key: 'loyalty_tier', value: 'gold' },
				{ key: 'Loyalty Tier', value: 'silver' },
			]),
		);
		expect(result.error?.message).toBe('Personalization Data "Loyalty Tier" and "loyalty_tier" both land on attribute "loyaltyTierStr": give its value once [item 0]');
		expect(apiRequests(sandbox).filter((request) => request.method !== 'GET')).toHaveLength(0);
	});

	it('refuses a type other than the account attribute\'s, naming the key, the attribute and its type', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Typed' });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, updateData(String(customer.id), [{ key: 'loyalty_tier', type: 'number', value: '3' }]));
		expect(result.error?.message).toBe(
			'Personalization Data "loyalty_tier" has type Number, but the account\'s attribute "loyaltyTierStr" (String, suffix Str) has another type: choose its type or another name [item 0]',
		);
		expect(apiRequests(sandbox).filter((request) => request.method !== 'GET')).toHaveLength(0);
	});

	it('refuses empty personalization data', async () => {
		const result = await runKustomer(sandbox, { resource: 'customer', operation: 'updateData', customerId: byId('5f3c6a1b2c3d4e5f6a7b8c9d') });
		expect(result.error?.message).toBe('Personalization Data is empty [item 0]');
		expect(apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('Customer › Update Customer Data with a key that may not read attribute metadata', () => {
	const WRITE_ONLY_KEY = 'customer-write-key';
	let own: KustomerSandbox;
	beforeAll(async () => {
		own = await KustomerSandbox.start({
			keys: { [WRITE_ONLY_KEY]: ['org.user.customer.read', 'org.permission.customer.read', 'org.user.customer.write', 'org.permission.customer.update'] },
		});
	});
	afterAll(async () => {
		await own.close();
	});

	it('falls back to the naming rule, says so in the output, and does not fail the item', async () => {
		const customer = await seedCustomer(own, { name: 'No Metadata Role' });
		own.clearRequests();
		const result = await runKustomer(
			own,
			{ resource: 'customer', operation: 'updateData', customerId: byId(String(customer.id)), personalizationData: { values: [{ key: 'loyalty_tier', value: 'gold' }] } },
			{ apiKey: WRITE_ONLY_KEY, items: [{}, {}] },
		);
		expect(result.error).toBeUndefined();
		expect(apiRequests(own).map((request) => [request.method, request.path, request.status])).toEqual([
			['GET', '/v1/metadata/customer', 401],
			// Two items updating one customer: each reads it (for its company and rev), one after the other.
			['GET', `/v1/customers/${String(customer.id)}`, 200],
			['PATCH', `/v1/customers/${String(customer.id)}`, 200],
			['GET', `/v1/customers/${String(customer.id)}`, 200],
			['PATCH', `/v1/customers/${String(customer.id)}`, 200],
		]);
		expect(apiRequests(own)[2].body).toEqual({ custom: { loyaltyTierStr: 'gold' }, rev: 1 });
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(item.json).toMatchObject({
				success: true,
				attributeNames: { loyalty_tier: 'loyaltyTierStr' },
				attributeNamesNote: expect.stringMatching(/may not read custom attribute metadata \(role org\.permission\.metadata\.read\)/),
			});
		}
	});
});
