import { Expression } from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { apiRequests, runKustomer, seedCustomer, seedThrough, useSandbox } from './setup';

/**
 * How often n8n evaluates each of the node's expressions per item. n8n's RoutingNode evaluates every
 * top-level parameter under its name once per item, and from n8n 2.40 once more to find the base URL;
 * a fixedCollection's values are evaluated once more in each of those passes. The node adds one
 * reading per item (shared/parameters.ts). A parameter name shared by several top-level properties
 * multiplies all of it: Update Customer Data's customer ID was evaluated 23 times per item before
 * each name became one property.
 */
const sandbox = useSandbox();

/** Evaluations of each expression while `run` runs. */
async function countEvaluations(run: () => Promise<void>): Promise<Map<string, number>> {
	const counts = new Map<string, number>();
	const original = Expression.prototype.resolveSimpleParameterValue;
	const spy = jest.spyOn(Expression.prototype, 'resolveSimpleParameterValue').mockImplementation(function (this: Expression, value, ...rest) {
		if (typeof value === 'string' && value.includes('$json')) counts.set(value, (counts.get(value) ?? 0) + 1);
		return original.call(this, value, ...rest);
	});
	try {
		await run();
	} finally {
		spy.mockRestore();
	}
	return counts;
}

const ITEMS = 3;
/** n8n 2.40 (the version the tests run): its two passes, and one reading by the node. */
const TOP_LEVEL_LIMIT = 3;
/** Inside a fixedCollection: n8n evaluates those twice in each pass. */
const FIXED_COLLECTION_LIMIT = 5;

const byExpression = (field: string) => ({ __rl: true, mode: 'id', value: `={{ $json.${field} }}` });

interface Case {
	name: string;
	parameters: (ids: IDataObject) => INodeParameters;
	items: (ids: IDataObject, index: number) => IDataObject;
	/** Expressions inside fixedCollections. */
	fixed?: string[];
	/** What the sandbox must have received for item `index`. */
	check: (ids: IDataObject) => void;
}

const CASES: Case[] = [
	{
		name: 'Customer › Update Customer Data',
		parameters: () => ({
			resource: 'customer',
			operation: 'updateData',
			customerId: byExpression('id'),
			personalizationData: { values: [{ key: '={{ $json.key }}', value: '={{ $json.tier }}' }] },
		}),
		items: (ids, index) => ({ id: ids.customer, key: 'loyalty_tier', tier: `tier ${index}` }),
		fixed: ['={{ $json.key }}', '={{ $json.tier }}'],
		check: () => {
			const patches = apiRequests(sandbox).filter((request) => request.method === 'PATCH');
			expect(patches.map((request) => (request.body as IDataObject).custom)).toEqual([0, 1, 2].map((index) => ({ loyaltyTierStr: `tier ${index}` })));
		},
	},
	{
		name: 'Customer › Update',
		parameters: () => ({
			resource: 'customer',
			operation: 'update',
			customerId: byExpression('id'),
			updateFields: { name: '={{ $json.name }}', locale: '={{ $json.locale }}' },
		}),
		items: (ids, index) => ({ id: ids.customer, name: `Name ${index}`, locale: 'en_US' }),
		check: () => {
			const patches = apiRequests(sandbox).filter((request) => request.method === 'PATCH');
			expect(patches.map((request) => (request.body as IDataObject).name)).toEqual(['Name 0', 'Name 1', 'Name 2']);
		},
	},
	{
		name: 'Customer › Create',
		parameters: () => ({ resource: 'customer', operation: 'create', customerName: '={{ $json.name }}', additionalFields: { externalId: '={{ $json.ref }}' } }),
		items: (_ids, index) => ({ name: `New ${index}`, ref: `ref-${index}` }),
		check: () => {
			const posts = apiRequests(sandbox).filter((request) => request.method === 'POST');
			expect(posts.map((request) => (request.body as IDataObject).externalId)).toEqual(['ref-0', 'ref-1', 'ref-2']);
		},
	},
	{
		name: 'Note › Create (Add Note)',
		parameters: () => ({
			resource: 'note',
			operation: 'create',
			conversationId: byExpression('conversation'),
			noteBody: '={{ $json.text }}',
			isInternal: '={{ $json.internal }}',
		}),
		items: (ids, index) => ({ conversation: ids.conversation, text: `Note ${index}`, internal: true }),
		check: () => {
			const posts = apiRequests(sandbox).filter((request) => request.method === 'POST');
			expect(posts.map((request) => (request.body as IDataObject).body)).toEqual(['Note 0', 'Note 1', 'Note 2']);
		},
	},
	{
		name: 'Conversation › Update',
		parameters: () => ({
			resource: 'conversation',
			operation: 'update',
			conversation: byExpression('conversation'),
			conversationUpdateFields: { priority: '={{ $json.priority }}' },
		}),
		items: (ids, index) => ({ conversation: ids.conversation, priority: index + 1 }),
		check: () => {
			const patches = apiRequests(sandbox).filter((request) => request.method === 'PATCH');
			expect(patches.map((request) => (request.body as IDataObject).priority)).toEqual([1, 2, 3]);
		},
	},
	{
		name: 'Message › Log Message',
		parameters: () => ({
			resource: 'message',
			operation: 'log',
			logOn: 'conversation',
			logOnConversation: byExpression('conversation'),
			channel: '={{ $json.channel }}',
			app: '={{ $json.app }}',
			direction: '={{ $json.direction }}',
			body: '={{ $json.text }}',
		}),
		items: (ids, index) => ({ conversation: ids.conversation, channel: 'email', app: 'postmark', direction: 'in', text: `Hello ${index}` }),
		check: () => {
			const posts = apiRequests(sandbox).filter((request) => request.method === 'POST');
			expect(posts.map((request) => (request.body as IDataObject).preview)).toEqual(['Hello 0', 'Hello 1', 'Hello 2']);
		},
	},
	{
		name: 'Draft › Send Message',
		parameters: () => ({
			resource: 'draft',
			operation: 'send',
			draftCustomer: byExpression('customer'),
			draftChannel: 'email',
			draftTo: '={{ $json.to }}',
			draftFrom: 'support@sandbox.example.com',
			draftSubject: '={{ $json.subject }}',
			draftBody: '={{ $json.text }}',
			draftAdditionalFields: { conversation: '={{ $json.conversation }}' },
		}),
		items: (ids, index) => ({ customer: ids.customer, conversation: ids.conversation, to: 'counted@example.com', subject: `Re ${index}`, text: `Reply ${index}` }),
		check: () => {
			const posts = apiRequests(sandbox).filter((request) => request.method === 'POST');
			expect(posts.map((request) => (request.body as IDataObject).body)).toEqual(['Reply 0', 'Reply 1', 'Reply 2']);
		},
	},
	{
		name: 'Customer › Search',
		parameters: () => ({
			resource: 'customer',
			operation: 'search',
			filters: { values: [{ attribute: 'name', operator: 'contains', value: '={{ $json.name }}' }] },
			returnAll: false,
			limit: '={{ $json.limit }}',
		}),
		items: (_ids, index) => ({ name: `Counted ${index}`, limit: 5 }),
		fixed: ['={{ $json.name }}'],
		check: () => {
			const searches = apiRequests(sandbox).filter((request) => request.path === '/v1/customers/search');
			expect(searches.map((request) => JSON.stringify(request.body))).toEqual([0, 1, 2].map((index) => expect.stringContaining(`Counted ${index}`)));
		},
	},
];

describe('expressions are evaluated a bounded number of times per item', () => {
	it.each(CASES.map((testCase) => [testCase.name, testCase]))('%s', async (_name, testCase) => {
		const customer = await seedCustomer(sandbox, { name: 'Counted' });
		const conversation = await seedThrough(sandbox, `/v1/customers/${String(customer.id)}/conversations`, { name: 'Counted conversation' });
		const ids = { customer: customer.id, conversation: conversation.id };
		sandbox.clearRequests();
		let error: unknown;
		const counts = await countEvaluations(async () => {
			const result = await runKustomer(sandbox, testCase.parameters(ids), { items: Array.from({ length: ITEMS }, (_, index) => testCase.items(ids, index)) });
			error = result.error;
		});
		expect(error).toBeUndefined();
		testCase.check(ids);
		expect(counts.size).toBeGreaterThan(0);
		const limitOf = (expression: string) => (testCase.fixed?.includes(expression) ? FIXED_COLLECTION_LIMIT : TOP_LEVEL_LIMIT);
		const over = [...counts].filter(([expression, count]) => count / ITEMS > limitOf(expression));
		expect(over.map(([expression, count]) => `${expression}: ${count / ITEMS} per item, limit ${limitOf(expression)}`)).toEqual([]);
	});
});
