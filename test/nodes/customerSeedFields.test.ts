import { apiRequests, runKustomer, seedCustomer, useSandbox } from './setup';

/**
 * Seed 000's customer body: the identifier lists (externalIds and the shared* variants, Facebook and
 * Instagram IDs), `verified` on emails, phones, socials and WhatsApp numbers, WhatsApp types,
 * address3 / areaCode on locations, and `rev` on updates.
 */

const sandbox = useSandbox();
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

describe('Customer › Create with seed 000 identifier lists', () => {
	it('sends every identifier list, verified flags and location lines as the schema has them', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'create',
			customerName: 'Grace Hopper',
			additionalFields: {
				emails: { values: [{ email: 'grace@example.com', type: 'work', verified: true }] },
				sharedEmails: { values: [{ email: 'team@example.com', type: 'other', verified: false }] },
				phones: { values: [{ phone: '+18005551212', type: 'mobile', verified: true }] },
				sharedPhones: { values: [{ phone: '+18005550000', type: 'work' }] },
				whatsapps: { values: [{ phone: '+447700900123', type: 'mobile', verified: true }] },
				externalIds: { values: [{ externalId: 'shop-77', verified: true }, { externalId: 'crm-12' }] },
				sharedExternalIds: { values: [{ externalId: 'household-9' }] },
				socials: { values: [{ type: 'twitter', username: 'grace', verified: true }] },
				sharedSocials: { values: [{ type: 'linkedin', username: 'navy', userid: '42' }] },
				facebookIds: { values: [{ pageId: 'page-1', userId: 'psid-1', name: 'Grace H' }] },
				instagramIds: { values: [{ pageId: 'page-2', threadId: 'thread-1', username: 'gracehopper', instagramId: 'ig-1' }] },
				locations: { values: [{ type: 'work', address: '1 Navy Way', address2: 'Suite 2', address3: 'Building C', areaCode: '703', cityName: 'Arlington' }] },
			},
		});
		expect(result.error).toBeUndefined();
		const create = apiRequests(sandbox).find((request) => request.method === 'POST');
		expect(create?.body).toEqual({
			name: 'Grace Hopper',
			emails: [{ email: 'grace@example.com', type: 'work', verified: true }],
			sharedEmails: [{ email: 'team@example.com', type: 'other' }],
			phones: [{ phone: '+18005551212', type: 'mobile', verified: true }],
			sharedPhones: [{ phone: '+18005550000', type: 'work' }],
			whatsapps: [{ phone: '+447700900123', type: 'mobile', verified: true }],
			externalIds: [{ externalId: 'shop-77', verified: true }, { externalId: 'crm-12' }],
			sharedExternalIds: [{ externalId: 'household-9' }],
			socials: [{ type: 'twitter', username: 'grace', verified: true }],
			sharedSocials: [{ type: 'linkedin', username: 'navy', userid: '42' }],
			facebookIds: [{ pageId: 'page-1', userId: 'psid-1', name: 'Grace H' }],
			instagramIds: [{ pageId: 'page-2', threadId: 'thread-1', username: 'gracehopper', instagramId: 'ig-1' }],
			locations: [{ type: 'work', address: '1 Navy Way', address2: 'Suite 2', address3: 'Building C', areaCode: '703', cityName: 'Arlington' }],
		});
		expect(result.items[0].json).toMatchObject({
			externalIds: [{ externalId: 'shop-77', verified: true }, { externalId: 'crm-12' }],
			instagramIds: [{ username: 'gracehopper' }],
		});
	});

	it('refuses a Facebook ID without its user ID, by name, before sending', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'create',
			customerName: 'No PSID',
			additionalFields: { facebookIds: { values: [{ pageId: 'page-1', userId: ' ' }] } },
		});
		expect(result.error?.message).toBe('Facebook IDs [0] User ID is empty [item 0]');
		expect(apiRequests(sandbox).filter((request) => request.method === 'POST')).toEqual([]);
	});

	it('refuses an empty external ID in the External IDs list', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'create',
			customerName: 'Empty',
			additionalFields: { sharedExternalIds: { values: [{ externalId: '' }] } },
		});
		expect(result.error?.message).toBe('Shared External IDs [0] External ID is empty [item 0]');
		expect(apiRequests(sandbox).filter((request) => request.method === 'POST')).toEqual([]);
	});
});

describe('Customer › Update with a given rev', () => {
	it('sends the rev given instead of the one it read', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Before' });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: byId(String(customer.id)),
			updateFields: { name: 'After', rev: 1 },
		});
		expect(result.error).toBeUndefined();
		const patch = apiRequests(sandbox).find((request) => request.method === 'PATCH');
		expect(patch?.body).toEqual({ name: 'After', rev: 1 });
		expect(result.items[0].json).toMatchObject({ name: 'After', rev: 2 });
	});

	it('reports a stale rev by name and changes nothing (no retry with a newer rev)', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Before' });
		// Someone else changes it: rev 2.
		await fetch(`${sandbox.url}/v1/customers/${String(customer.id)}`, {
			method: 'PATCH',
			headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: 'Changed elsewhere' }),
		});
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: byId(String(customer.id)),
			updateFields: { name: 'Mine', rev: 1 },
		});
		expect(result.error?.message).toBe('Revision (Rev) is 1, but the customer is at rev 2 now: it changed since that rev was read [item 0]');
		expect(result.error?.description).toMatch(/Nothing was changed/);
		expect(apiRequests(sandbox).filter((request) => request.method === 'PATCH')).toHaveLength(1);
		expect(sandbox.store.customers.get(String(customer.id))?.attributes.name).toBe('Changed elsewhere');
	});

	it('refuses a rev that is not a whole number', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Before' });
		sandbox.clearRequests();
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: byId(String(customer.id)),
			updateFields: { name: 'After', rev: 1.5 },
		});
		expect(result.error?.message).toMatch(/^Revision \(Rev\) must be a whole number from 1/);
		expect(apiRequests(sandbox).filter((request) => request.method === 'PATCH')).toEqual([]);
	});
});
