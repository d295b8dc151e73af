import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { apiRequests, runKustomer, useSandbox } from './setup';

/**
 * Customer › Create or Update with several items of one run that share an email or External ID:
 * n8n starts all items at once, so without a turn per key each item would look up, find nothing
 * and create its own customer. Items sharing a key run one after another, in item order.
 */

const sandbox = useSandbox();

afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path, request.validationErrors])).toEqual([]);
});

/** The node's parameters, each item's values read by expression: the one place a rename touches. */
const upsertFromItems = (withEmailField: boolean): INodeParameters => ({
	resource: 'customer',
	operation: 'upsert',
	matchOn: '={{ $json.matchOn }}',
	matchValue: '={{ $json.matchValue }}',
	upsertFields: {
		name: '={{ $json.name }}',
		...(withEmailField ? { emails: { values: [{ email: '={{ $json.email }}' }] } } : {}),
	},
});

const writes = () => apiRequests(sandbox).filter((request) => request.method === 'POST' || request.method === 'PATCH');

describe('Customer › Create or Update, items sharing a key in one run', () => {
	it('ends as one customer per email, whatever its case or the spaces around it, updated in item order', async () => {
		const items = [
			{ matchOn: 'email', matchValue: 'Ada@Example.com', name: 'Ada 1' },
			{ matchOn: 'email', matchValue: 'ada@example.com', name: 'Ada 2' },
			{ matchOn: 'email', matchValue: 'bob@example.com', name: 'Bob' },
			{ matchOn: 'email', matchValue: 'ADA@EXAMPLE.COM', name: 'Ada 3' },
			{ matchOn: 'email', matchValue: ' ada@example.com\t', name: 'Ada 4' },
		];
		const result = await runKustomer(sandbox, upsertFromItems(false), { items });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.action, item.json.name])).toEqual([
			['created', 'Ada 1'],
			['updated', 'Ada 2'],
			['created', 'Bob'],
			['updated', 'Ada 3'],
			['updated', 'Ada 4'],
		]);
		expect(sandbox.counters.created.customer).toBe(2);
		const ada = result.items[0].json.id;
		expect([1, 3, 4].map((index) => result.items[index].json.id)).toEqual([ada, ada, ada]);
		// Ada's writes were sent in item order, so the last item's name is the one kept.
		const adaWrites = writes().filter((request) => (request.method === 'POST' ? String((request.body as IDataObject).name).startsWith('Ada') : request.path === `/v1/customers/${String(ada)}`));
		expect(adaWrites.map((request) => [request.method, (request.body as IDataObject).name])).toEqual([
			['POST', 'Ada 1'],
			['PATCH', 'Ada 2'],
			['PATCH', 'Ada 3'],
			['PATCH', 'Ada 4'],
		]);
		expect(sandbox.store.customers.get(String(ada))?.attributes.name).toBe('Ada 4');
	});

	it('makes an item whose email and External ID two earlier items hold wait for both, and an item sharing the email a create sets wait for it', async () => {
		const items = [
			// creates the customer with External ID crm-1 and ada@example.com
			{ matchOn: 'externalId', matchValue: 'crm-1', email: 'ada@example.com', name: 'By ID' },
			// creates another customer for bob@example.com
			{ matchOn: 'email', matchValue: 'bob@example.com', email: 'bob@example.com', name: 'Bob' },
			// matches ada@example.com (set by item 0's create) and adds bob@example.com (item 1's key)
			{ matchOn: 'email', matchValue: 'ADA@example.com', email: 'bob@example.com', name: 'By Email' },
			// matches crm-1 again
			{ matchOn: 'externalId', matchValue: 'crm-1', email: 'ada@example.com', name: 'By ID Again' },
		];
		const result = await runKustomer(sandbox, upsertFromItems(true), { items });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.action, item.json.name])).toEqual([
			['created', 'By ID'],
			['created', 'Bob'],
			['updated', 'By Email'],
			['updated', 'By ID Again'],
		]);
		expect(sandbox.counters.created.customer).toBe(2);
		const first = String(result.items[0].json.id);
		expect([result.items[2].json.id, result.items[3].json.id]).toEqual([first, first]);
		// Item 2 looked up only after both creates it waits for were answered.
		const requests = apiRequests(sandbox).map((request) => `${request.method} ${request.path}`);
		const lookup = requests.indexOf('GET /v1/customers/email=ADA%40example.com');
		const creates = requests.flatMap((request, index) => (request === 'POST /v1/customers' ? [index] : []));
		expect(creates).toHaveLength(2);
		expect(lookup).toBeGreaterThan(Math.max(...creates));
		expect(sandbox.store.customers.get(first)?.attributes.name).toBe('By ID Again');
	});

	it('lets the next item go when an item sharing its key fails before its lookup', async () => {
		const items = [
			{ matchOn: 'externalId', matchValue: 'crm-2', email: 'not-an-email', name: 'Refused' },
			{ matchOn: 'externalId', matchValue: 'crm-2', email: 'cy@example.com', name: 'Cy' },
		];
		const result = await runKustomer(sandbox, upsertFromItems(true), { items, continueOnFail: true });
		expect(result.items.map((item) => item.json.error ?? item.json.action)).toEqual([
			'Emails [0] Email "not-an-email" is not a valid email address [item 0]',
			'created',
		]);
		expect(sandbox.counters.created.customer).toBe(1);
	});
});
