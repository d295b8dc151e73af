import { KustomerSandbox } from '../../sandbox';
import { apiRequests, runKustomer } from './setup';

/**
 * Kustomer's rate limit is one budget per organization. Two organizations reached through the same
 * host (api.kustomerapp.com serves every US organization) each have their own: the node keeps a gate
 * per credential (base URL and key), so one organization's 429 never holds the other's requests.
 * The sandbox plays both: `setRateLimit(limit, windowMs, key)` gives a key a budget of its own.
 */

const OTHER_ORG_KEY = 'other-organization-key';
let sandbox: KustomerSandbox;

beforeAll(async () => {
	sandbox = await KustomerSandbox.start({ keys: { [OTHER_ORG_KEY]: ['org.user.customer.read', 'org.user.customer.write'] } });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

const create = { resource: 'customer', operation: 'create', customerName: '={{ $json.name }}' };
const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ name: `${prefix} ${i}` }));
const bearer = (key: string) => `Bearer ${key}`;

/** Waits (bounded) until the sandbox has answered a request that `test` accepts. */
async function answered(test: (status: number, authorization: unknown) => boolean, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!apiRequests(sandbox).some((request) => test(request.status, request.headers.authorization))) {
		if (Date.now() > deadline) throw new Error('the awaited answer never came');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('a rate gate per organization', () => {
	it('two credentials on the same host: one organization rate-limited, the other unaffected', async () => {
		// Organization A (the main key): 4 requests per 8 s. Organization B (another key): no limit.
		// The window is real time and starts with A's first request: it is long enough that B's ten
		// creates are answered before it ends even on a loaded machine (2 s was not, under load 10).
		sandbox.setRateLimit(4, 8_000, sandbox.apiKey);
		const runA = runKustomer(sandbox, create, { items: names('Org A', 8) });
		// B starts once A met its limit: A's gate is then paused until A's window resets.
		await answered((status) => status === 429);
		const runB = runKustomer(sandbox, create, { items: names('Org B', 10), apiKey: OTHER_ORG_KEY });
		const [a, b] = await Promise.all([runA, runB]);

		expect(a.error).toBeUndefined();
		expect(b.error).toBeUndefined();
		expect(a.items.map((item) => item.json.name)).toEqual(names('Org A', 8).map((item) => item.name));
		expect(b.items.map((item) => item.json.name)).toEqual(names('Org B', 10).map((item) => item.name));

		const requests = apiRequests(sandbox);
		const ofA = requests.filter((request) => request.headers.authorization === bearer(sandbox.apiKey));
		const ofB = requests.filter((request) => request.headers.authorization === bearer(OTHER_ORG_KEY));
		expect(ofB.map((request) => request.status)).toEqual(Array(10).fill(201));
		// A met its limit and waited for its next window...
		const firstRefusal = requests.findIndex((request) => request.headers.authorization === bearer(sandbox.apiKey) && request.status === 429);
		const aAfterItsWait = requests.findIndex((request, index) => index > firstRefusal && request.headers.authorization === bearer(sandbox.apiKey) && request.status === 201);
		expect(firstRefusal).toBeGreaterThanOrEqual(0);
		expect(ofA.filter((request) => request.status === 201)).toHaveLength(8);
		// ...while every one of B's requests was answered before A's next window began.
		const lastOfB = requests.lastIndexOf(ofB[ofB.length - 1]);
		expect(lastOfB).toBeLessThan(aAfterItsWait);
		expect(sandbox.counters.created.customer).toBe(18);
	});
});
