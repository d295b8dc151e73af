'use strict';
/**
 * What each workflow in e2e/workflows must have produced, checked by e2e/run.js after n8n ran it.
 *
 * `t.items(node)` is the json of the items a node output in the real n8n run; `t.requests` is what
 * the sandbox received with that workflow's own API key, in order. `creates` is how many customers
 * the workflow must create: their sum must equal the sandbox's creation counter, which proves that
 * no request was sent twice (retries, re-executions) or by anyone else.
 */

const line = (r) => [r.method, r.path, r.status];
const isCreate = (r) => r.method === 'POST' && r.path === '/v1/customers' && r.status === 201;
const isDelete = (r) => r.method === 'DELETE' && r.status === 204;
const range = (n, f) => Array.from({ length: n }, (_, i) => f(i));

const SEED_004_DATA = {
	communication_preferenceStr: 'email_only',
	preferred_languageStr: 'spanish',
	loyalty_tierStr: 'gold',
	last_purchase_categoryStr: 'electronics',
	support_priority_levelStr: 'high',
};

const CHECKS = {
	e2e01Crud: {
		creates: 1,
		check(t) {
			const [created] = t.items('Create');
			const id = created?.id;
			t.ok('Create outputs the new customer id', typeof id === 'string' && id.length > 0, created);
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['POST', '/v1/customers', 201],
				['GET', `/v1/customers/${id}`, 200],
				['GET', '/v1/customers/email=crud%40e2e.example.com', 200],
				['PATCH', `/v1/customers/${id}`, 200],
				['DELETE', `/v1/customers/${id}`, 204],
			]);
			t.equal('Create body', t.requests[0]?.body, {
				name: 'E2E Crud Customer',
				externalId: 'e2e-crud-1',
				emails: [{ email: 'crud@e2e.example.com', type: 'work' }],
				tags: ['e2e', 'crud'],
				custom: { tierStr: 'silver' },
			});
			t.equal('Create sends JSON', t.requests[0]?.headers['content-type']?.split(';')[0], 'application/json');
			t.equal('Authorization header', t.requests[0]?.headers.authorization, t.authorization);
			t.match('Create output', t.items('Create'), [
				{ id, name: 'E2E Crud Customer', externalId: 'e2e-crud-1', custom: { tierStr: 'silver' } },
			]);
			t.ok('Create output is simplified (no JSON:API envelope)', created && !('attributes' in created), created);
			t.match('Get By ID output (ID from an expression)', t.items('Get By ID'), [{ id, name: 'E2E Crud Customer' }]);
			t.match('Get By Email output', t.items('Get By Email'), [{ id, emails: [{ email: 'crud@e2e.example.com' }] }]);
			t.equal('Update body (name from an expression)', t.requests[3]?.body, { name: 'E2E Crud Customer (updated)', custom: { tierStr: 'gold' } });
			t.match('Update output', t.items('Update'), [
				{ id, name: 'E2E Crud Customer (updated)', externalId: 'e2e-crud-1', custom: { tierStr: 'gold' } },
			]);
			t.equal('Delete output', t.items('Delete'), [{ deleted: true }]);
			t.ok('the customer is gone from the sandbox', !t.sandbox.store.customers.has(id));
		},
	},

	e2e02Upsert: {
		creates: 1,
		check(t) {
			const [first] = t.items('Upsert Creates');
			const id = first?.id;
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['GET', '/v1/customers/externalId=e2e-upsert-1', 404],
				['POST', '/v1/customers', 201],
				['GET', '/v1/customers/externalId=e2e-upsert-1', 200],
				['PATCH', `/v1/customers/${id}`, 200],
			]);
			t.equal('create body', t.requests[1]?.body, { name: 'Upsert First', externalId: 'e2e-upsert-1', custom: { sourceStr: 'shop' } });
			t.equal('update body', t.requests[3]?.body, { name: 'Upsert Second', custom: { sourceStr: 'app' } });
			t.match('first upsert output', t.items('Upsert Creates'), [
				{ action: 'created', id, externalId: 'e2e-upsert-1', name: 'Upsert First', custom: { sourceStr: 'shop' } },
			]);
			t.match('second upsert output (same customer)', t.items('Upsert Updates'), [
				{ action: 'updated', id, externalId: 'e2e-upsert-1', name: 'Upsert Second', custom: { sourceStr: 'app' } },
			]);
		},
	},

	e2e03UpdateData: {
		creates: 1,
		check(t) {
			const [created] = t.items('Create');
			const id = created?.id;
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['POST', '/v1/customers', 201],
				['PATCH', `/v1/customers/${id}`, 200],
			]);
			t.equal('Update Customer Data body (seed 004 example)', t.requests[1]?.body, { custom: SEED_004_DATA });
			t.match('Update Customer Data output', t.items('Update Customer Data'), [
				{ success: true, customerId: id, customer: { id, name: 'Seed 004 Customer', custom: SEED_004_DATA } },
			]);
		},
	},

	e2e04GetAll: {
		creates: 120,
		check(t) {
			const created = t.items('Create');
			t.equal('Create output count', created.length, 120);
			const creates = t.requests.filter(isCreate);
			t.equal('create requests', creates.length, 120);
			const lists = t.requests.filter((r) => r.method === 'GET');
			// The list holds every customer in the sandbox at that moment, whichever workflow made it:
			// count them from the full request log up to the first page request.
			const firstList = t.allRequests.indexOf(lists[0]);
			const before = t.allRequests.slice(0, Math.max(firstList, 0));
			const expected = before.filter(isCreate).length - before.filter(isDelete).length;
			const listed = t.items('Get Many');
			t.equal('Get Many output count (customers in the sandbox)', listed.length, expected);
			t.ok('Get Many ran once (Execute Once)', t.runData['Get Many']?.length === 1);
			// Return All reads pages of 100 until links.next is null (one empty extra page allowed
			// when the count is a multiple of 100).
			const full = Math.ceil(expected / 100);
			t.ok('at least two pages were read', lists.length >= 2, lists.length);
			t.ok(`${full} pages read for ${expected} customers`, lists.length === full || (expected % 100 === 0 && lists.length === full + 1), lists.length);
			t.equal(
				'page requests: page 1 with pageSize 100, then links.next',
				lists.map((r) => [r.path, r.query.page, r.query.pageSize, r.status]),
				range(lists.length, (i) => ['/v1/customers', String(i + 1), '100', 200]),
			);
			const ids = new Set(listed.map((c) => c.id));
			t.equal('Get Many ids are unique', ids.size, listed.length);
			const missing = created.filter((c) => !ids.has(c.id)).map((c) => c.name);
			t.equal('every customer created here is listed', missing, []);
		},
	},

	e2e05Bulk: {
		creates: 1000,
		check(t) {
			const names = range(1000, (i) => `E2E Bulk ${String(i).padStart(4, '0')}`);
			const output = t.items('Create');
			t.equal('1,000 output items, in input order', output.map((c) => c.name), names);
			t.equal('1,000 distinct customer ids', new Set(output.map((c) => c.id)).size, 1000);
			t.equal('requests: 1,000 POST /v1/customers, all 201', t.requests.filter(isCreate).length, 1000);
			t.equal('no other requests', t.requests.length, 1000);
			t.equal('each name sent exactly once', t.requests.map((r) => r.body?.name).sort(), names);
			const stored = [...t.sandbox.store.customers.values()].filter((c) => String(c.attributes?.name).startsWith('E2E Bulk '));
			t.equal('1,000 bulk customers stored', stored.length, 1000);
		},
	},

	e2e06ContinueOnFail: {
		creates: 2,
		check(t) {
			t.equal('only the valid items were sent', t.requests.map((r) => [r.method, r.path, r.status, r.body]), [
				['POST', '/v1/customers', 201, { name: 'E2E Valid One', custom: { scoreNum: 7 } }],
				['POST', '/v1/customers', 201, { name: 'E2E Valid Two', custom: { scoreNum: 9.5 } }],
			]);
			const output = t.items('Create');
			t.equal('three output items', output.length, 3);
			t.match('first item created', output[0], { name: 'E2E Valid One', custom: { scoreNum: 7 } });
			t.match('second item is the error', output[1], { error: /Custom Attribute "scoreNum" \(Number\): "eight" is not a number/ });
			t.match('third item created', output[2], { name: 'E2E Valid Two', custom: { scoreNum: 9.5 } });
		},
	},

	/**
	 * The tool variant n8n generates from `usableAsTool` (n8n-nodes-kustomer.kustomerTool), run the
	 * way an agent would call it but without a model: the Tool Executor node passes
	 * { "Kustomer_Tool": { "email": ... } }, which fills the $fromAI('email') parameter.
	 */
	e2e07Tool: {
		creates: 1,
		check(t) {
			const [created] = t.items('Create');
			const id = created?.id;
			t.equal('requests (method, path, status)', t.requests.map(line), [
				['POST', '/v1/customers', 201],
				['GET', '/v1/customers/email=tool%40e2e.example.com', 200],
			]);
			t.equal('the tool got its $fromAI arguments', t.items('Kustomer Tool', { type: 'inputOverride' }), [{ email: 'tool@e2e.example.com' }]);
			const [toolOutput] = t.items('Kustomer Tool', { type: 'ai_tool' });
			t.match('the tool output (what an agent would read)', toolOutput?.response, [{ id, name: 'E2E Tool Customer' }]);
			const executor = t.items('Tool Executor');
			t.equal('the Tool Executor outputs one item', executor.length, 1);
			// The executor outputs the tool's answer as the model would get it: a JSON string.
			let answer = executor[0];
			try {
				if (typeof answer === 'string') answer = JSON.parse(answer);
			} catch {
				t.ok('the Tool Executor output is JSON', false, answer);
			}
			t.match('the Tool Executor output', answer, [{ id, name: 'E2E Tool Customer', emails: [{ email: 'tool@e2e.example.com' }] }]);
		},
	},
};

/** Across all workflows of one n8n version. */
function GLOBAL_CHECKS(sandbox, workflows, failures) {
	const keys = new Set(workflows.map((w) => `Bearer ${w.apiKey}`));
	const stray = sandbox.requests.filter((r) => !keys.has(r.headers.authorization));
	if (stray.length) failures.push(`requests without a workflow's key: ${JSON.stringify(stray.map((r) => [r.method, r.path, r.headers.authorization]))}`);
	const errors = sandbox.requests.filter((r) => r.status >= 500 || r.status === 0);
	if (errors.length) failures.push(`server errors: ${JSON.stringify(errors.map((r) => [r.method, r.path, r.status]))}`);
	const expected = workflows.reduce((sum, w) => sum + CHECKS[w.id].creates, 0);
	if (sandbox.counters.created.customer !== expected) {
		failures.push(`customers created: expected ${expected} in all (each exactly once), the sandbox counted ${sandbox.counters.created.customer}`);
	}
}

module.exports = { CHECKS, GLOBAL_CHECKS };
