import { createServer, type Server, type Socket } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import { KustomerSandbox } from '../../sandbox';
import type { EchoShape } from '../../sandbox/faults';
import { activateTrigger, type ActiveTrigger } from '../harness/trigger';
import { runNode, testCredential, type RunNodeResult } from '../harness/n8n';
import { apiRequests, everythingProduced } from './setup';

/**
 * Issue 13, part A: where the API key may go, what must never come back out of the node, and the
 * wording of failures that never reached Kustomer. Run against the built package through n8n's
 * own loader, with the sandbox holding a key shaped like Kustomer's (a long JWT).
 */

const KEY =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJvcmciOiI2MTAwMDAwMDAwMDAwMDAwMDAwMDAwMDEiLCJ1c2VyIjoiNjEwMDAwIiwia2V5IjoiaXNzdWUtMTMifQ.Zx9Wq8Lm3Nv5Bt7Rk2Hs4Jd6Pf1Gc0Ya';

let sandbox: KustomerSandbox;
beforeAll(async () => {
	sandbox = await KustomerSandbox.start({ apiKey: KEY });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

const credentials = (data: Record<string, string> = {}) => ({ kustomerApi: { apiKey: KEY, region: 'custom', baseUrl: sandbox.url, ...data } });

async function run(parameters: INodeParameters, options: { data?: Record<string, string>; continueOnFail?: boolean } = {}): Promise<RunNodeResult> {
	return await runNode({ nodeType: 'kustomer', parameters, credentials: credentials(options.data), continueOnFail: options.continueOnFail });
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The key's forms: plainly, URL-encoded, in base64 at each alignment. */
const formsOf = (key: string) => [key, encodeURIComponent(key), ...['', 'a', 'ab'].map((prefix) => base64(prefix + key).slice(4, -4))];
/**
 * Runs every HS256 token shares (its header, the dot, the payload's `{"`), in each form: another
 * token with the key's header has them too, so they are no trace of the key (and are left in data).
 */
const SHARED_RUNS = new Set(
	formsOf(`${KEY.slice(0, KEY.indexOf('.') + 4)}${'x'.repeat(KEY.length)}`).flatMap((form) => Array.from({ length: form.length - 7 }, (_, index) => form.slice(index, index + 8))),
);

/** Every 8-character run of the key as written plainly, in base64 (any alignment) or URL-encoded: none may be in `text`. */
function keyTraces(text: string): string[] {
	const found: string[] = [];
	for (const form of formsOf(KEY)) {
		for (let index = 0; index + 8 <= form.length; index++) {
			const run = form.slice(index, index + 8);
			if (text.includes(run) && !SHARED_RUNS.has(run)) found.push(run);
		}
	}
	return found;
}

/** Asserts the key reached the sandbox (so there was something to leak) and nothing of it came out. */
function expectNoKey(result: RunNodeResult): void {
	expect(apiRequests(sandbox).some((request) => request.headers.authorization === `Bearer ${KEY}`)).toBe(true);
	const produced = everythingProduced(result);
	expect(keyTraces(produced)).toEqual([]);
	// Every string of the output joined in reading order: parts a reader could put back together.
	expect(keyTraces(allStrings(JSON.parse(produced)).join(''))).toEqual([]);
	// The same with the field names and every character a key cannot hold left out: parts with spaces,
	// commas or a repeated field name between them.
	expect(keyTraces(allStrings(JSON.parse(produced), [], false).join('').replace(/[^A-Za-z0-9._~%+/=-]/g, ''))).toEqual([]);
}

function allStrings(value: unknown, into: string[] = [], withKeys = true): string[] {
	if (typeof value === 'string') into.push(value);
	else if (Array.isArray(value)) for (const entry of value) allStrings(entry, into, withKeys);
	else if (value && typeof value === 'object') {
		for (const [key, entry] of Object.entries(value)) {
			if (withKeys) into.push(key);
			allStrings(entry, into, withKeys);
		}
	}
	return into;
}

/** A TCP listener on loopback that counts connections; each gets `answer` (or nothing) and is closed. */
async function listener(answer?: string): Promise<{ port: number; connections: () => number; received: () => string; close: () => Promise<void> }> {
	let count = 0;
	let received = '';
	const sockets = new Set<Socket>();
	const server: Server = createServer((socket) => {
		count++;
		sockets.add(socket);
		socket.on('error', () => undefined);
		socket.once('data', (data: Buffer) => {
			received += data.toString('latin1');
			if (answer === undefined) socket.destroy();
			else socket.end(answer);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	return {
		port,
		connections: () => count,
		received: () => received,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
	const probe = await listener();
	await probe.close();
	return probe.port;
}

const getCustomers = { resource: 'customer', operation: 'getAll', returnAll: false, limit: 5 };
const createCustomer = { resource: 'customer', operation: 'create', customerName: 'Ada' };

describe('where the key may go: the node and the credential test refuse the same, before any request', () => {
	let counter: Awaited<ReturnType<typeof listener>>;
	beforeEach(async () => {
		counter = await listener('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"data":[]}');
	});
	afterEach(async () => await counter.close());

	const refused = (): Array<[string, Record<string, string>, RegExp]> => [
		// The organization name becomes a host: these would all reach the counting listener on loopback.
		['an org name with a path', { region: 'org', orgName: `127.0.0.1:${counter.port}/x` }, /Organization Name ".*" is not a Kustomer organization name/],
		['an org name with a backslash', { region: 'org', orgName: `127.0.0.1:${counter.port}\\x` }, /is not a Kustomer organization name/],
		['an org name with a port', { region: 'org', orgName: `127.0.0.1:${counter.port}/` }, /is not a Kustomer organization name/],
		['an org name with a user', { region: 'org', orgName: `acme@127.0.0.1:${counter.port}` }, /is not a Kustomer organization name/],
		['evil.com/x', { region: 'org', orgName: 'evil.com/x' }, /is not a Kustomer organization name/],
		['evil.com\\x', { region: 'org', orgName: 'evil.com\\x' }, /is not a Kustomer organization name/],
		['evil.com:443/', { region: 'org', orgName: 'evil.com:443/' }, /is not a Kustomer organization name/],
		// Plain http to a DNS name, however much it looks like loopback.
		['http to 127.evil.com', { region: 'custom', baseUrl: `http://127.evil.com:${counter.port}` }, /must use https/],
		['http to 127.0.0.1.nip.io', { region: 'custom', baseUrl: `http://127.0.0.1.nip.io:${counter.port}` }, /must use https/],
		['http to a remote host', { region: 'custom', baseUrl: 'http://kustomer-proxy.example.com' }, /must use https/],
		['a base URL with credentials in it', { region: 'custom', baseUrl: `https://user:pw@127.0.0.1:${counter.port}` }, /must not contain a user name or password/],
	];

	it('refuses each unsafe destination with one message, in the credential test and in the node, sending nothing', async () => {
		for (const [name, data, message] of refused()) {
			const test = await testCredential({ credentialType: 'kustomerApi', data: { apiKey: KEY, ...data } });
			const result = await run(getCustomers, { data });
			expect([name, test.status, test.message]).toEqual([name, 'Error', expect.stringMatching(message)]);
			// The same check, the same words: the node adds what to do, the test says nothing was sent.
			expect([name, `${result.error?.message}. Nothing was sent.`]).toEqual([name, test.message]);
			expect(result.error?.description).toMatch(/^Nothing was sent\./);
			expect(keyTraces(everythingProduced(result))).toEqual([]);
		}
		expect(counter.connections()).toBe(0);
		expect(apiRequests(sandbox)).toEqual([]);
	});

	it('still sends to the credential\'s own host over plain http on literal loopback, in both', async () => {
		const test = await testCredential({ credentialType: 'kustomerApi', data: credentials().kustomerApi });
		expect(test).toEqual({ status: 'OK', message: 'Connection successful!' });
		const viaOtherLoopback = await run(getCustomers, { data: { baseUrl: `http://127.0.0.1:${counter.port}` } });
		expect(viaOtherLoopback.error).toBeUndefined();
		expect(counter.connections()).toBe(1);
		expect(apiRequests(sandbox).map((request) => [request.method, request.path])).toEqual([['GET', '/v1/users/current']]);
	});
});

describe('what leaks: nothing of the key comes back out, whatever the answer', () => {
	it.each<[string, { status: number; echo: EchoShape }]>([
		['a 2xx repeating the headers as JSON', { status: 200, echo: 'json' }],
		['a 2xx with the headers base64-encoded', { status: 200, echo: 'base64' }],
		['a 2xx with the headers URL-encoded', { status: 200, echo: 'url' }],
		['a 2xx with the key split in 4-character parts', { status: 200, echo: 'split' }],
		['a 2xx with those parts in one string, separated by spaces', { status: 200, echo: 'spaced' }],
		['a 2xx with those parts each in an object of its own', { status: 200, echo: 'fields' }],
		['a 4xx with the key in spaced parts', { status: 422, echo: 'spaced' }],
		['a 4xx repeating the headers in its error list', { status: 400, echo: 'json' }],
		['a 4xx page listing the headers', { status: 404, echo: 'text' }],
		['a 5xx page listing the headers', { status: 502, echo: 'text' }],
		['a 5xx with the headers in its error list', { status: 500, echo: 'json' }],
	])('%s: not in items, errors or the saved run', async (_name, fault) => {
		// A read (retried on 5xx: every attempt echoes) and a write (reported at once), each with and without Continue On Fail.
		for (const [parameters, continueOnFail] of [[getCustomers, false], [createCustomer, true]] as const) {
			sandbox.reset();
			sandbox.faults.add({ kind: 'echo', ...fault, times: Infinity, match: { path: '/v1/customers' } });
			const result = await run({ ...parameters, requestOptions: { maxRetries: 1 } }, { continueOnFail });
			expect(result.error ?? result.items.length).toBeTruthy();
			expectNoKey(result);
		}
	});

	it('a 2xx echo still gives its item, with the key replaced', async () => {
		sandbox.faults.add({ kind: 'echo', status: 200, echo: 'json', match: { method: 'POST', path: '/v1/customers' } });
		const result = await run(createCustomer);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ id: 'echo', headers: { authorization: 'Bearer [redacted]' } });
		expectNoKey(result);
	});

	it('a followed redirect whose target repeats the headers', async () => {
		sandbox.faults.add({ kind: 'status', status: 302, body: {}, headers: { location: '/v1/users/current' }, match: { path: '/v1/customers' } });
		sandbox.faults.add({ kind: 'echo', status: 200, echo: 'json', match: { path: '/v1/users/current' } });
		const result = await run(getCustomers);
		expect(apiRequests(sandbox).map((request) => [request.path, request.status])).toEqual([['/v1/customers', 302], ['/v1/users/current', 200]]);
		expectNoKey(result);
	});

	it('a redirect to another host does not take the key along', async () => {
		const elsewhere = await listener('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"data":[]}');
		try {
			sandbox.faults.add({ kind: 'status', status: 302, body: {}, headers: { location: `http://127.0.0.1:${elsewhere.port}/v1/customers` }, match: { path: '/v1/customers' } });
			await run(getCustomers);
			expect(apiRequests(sandbox).map((request) => [request.path, request.status])).toEqual([['/v1/customers', 302]]);
			// The redirect was followed, without the key.
			expect(elsewhere.received()).toMatch(/^GET \/v1\/customers/);
			expect(elsewhere.received().toLowerCase()).not.toContain('authorization');
			expect(keyTraces(elsewhere.received())).toEqual([]);
		} finally {
			await elsewhere.close();
		}
	});

	it('transport failures (a reset, a cut-off answer) and a 401 for a refused key', async () => {
		sandbox.faults.add({ kind: 'reset', match: { method: 'POST' } });
		expectNoKey(await run(createCustomer));
		sandbox.faults.add({ kind: 'malformed', match: { method: 'POST' } });
		expectNoKey(await run(createCustomer, { continueOnFail: true }));
		const wrongKey = `${KEY.slice(0, -6)}XXXXXX`;
		const refusedKey = await runNode({ nodeType: 'kustomer', parameters: getCustomers, credentials: { kustomerApi: { ...credentials().kustomerApi, apiKey: wrongKey } } });
		expect((refusedKey.error as { httpCode?: string } | undefined)?.httpCode).toBe('401');
		expect(keyTraces(everythingProduced(refusedKey))).toEqual([]);
	});
});

describe('errors that never reached Kustomer', () => {
	it('a refused connection says nothing was changed (the unit tests show the write is sent again)', async () => {
		const port = await closedPort();
		const result = await run({ ...createCustomer, requestOptions: { maxRetries: 1 } }, { data: { baseUrl: `http://127.0.0.1:${port}` } });
		expect(result.error?.message).toBe('Could not reach Kustomer: the connection was refused (POST /v1/customers)');
		expect(result.error?.description).toMatch(/never reached Kustomer, so nothing was changed/);
		expect(result.error?.description).not.toMatch(/may have/);
		expect(keyTraces(everythingProduced(result))).toEqual([]);
	});

	it('a TLS failure is not retried and does not say the change may have been made', async () => {
		// A plain-text server where https is expected: the TLS handshake fails.
		const plain = await listener('HTTP/1.1 400 Bad Request\r\n\r\n');
		try {
			const read = await run({ ...getCustomers, requestOptions: { maxRetries: 3 } }, { data: { baseUrl: `https://127.0.0.1:${plain.port}` } });
			expect(read.error?.message).toBe('Could not reach Kustomer: the TLS connection could not be set up (is it an https server?) (GET /v1/customers)');
			expect(read.error?.description).toMatch(/did not retry/);
			expect(plain.connections()).toBe(1);
			const write = await run(createCustomer, { data: { baseUrl: `https://127.0.0.1:${plain.port}` } });
			expect(write.error?.description).toMatch(/never reached Kustomer, so nothing was changed/);
			expect(write.error?.description).not.toMatch(/may have/);
			expect(plain.connections()).toBe(2);
		} finally {
			await plain.close();
		}
	});

	it('an unknown host is named as such, without "may have been carried out"', async () => {
		// .invalid never resolves (RFC 2606).
		const result = await run({ ...createCustomer, requestOptions: { maxRetries: 0 } }, { data: { baseUrl: 'https://kustomer-sandbox.invalid' } });
		expect(result.error?.message).toMatch(/^Could not reach Kustomer: the host name could not be resolved/);
		expect(result.error?.description).toMatch(/never reached Kustomer, so nothing was changed/);
		expect(result.error?.description).not.toMatch(/may have/);
	});
});

describe('the trigger\'s secrets', () => {
	let trigger: ActiveTrigger | undefined;
	afterEach(async () => {
		await trigger?.close();
		trigger = undefined;
	});

	it('stay out of activation errors when Kustomer\'s answer repeats the request', async () => {
		sandbox.faults.add({ kind: 'echo', status: 422, echo: 'json', match: { method: 'POST', path: '/v1/outbound-webhooks' } });
		const failure = await activateTrigger({
			nodeType: 'kustomerTrigger',
			parameters: { events: ['kustomer.customer.create'] },
			credentials: credentials(),
		}).then(
			(active) => {
				trigger = active;
				return undefined;
			},
			(error: Error & { description?: string }) => error,
		);
		const sent = apiRequests(sandbox).find((request) => request.method === 'POST')?.body as { headers: Array<{ value: string }> };
		const secret = sent.headers[0].value;
		expect(secret).toHaveLength(40);
		expect(failure?.message).toMatch(/^Kustomer/);
		const text = JSON.stringify({ message: failure?.message, description: failure?.description, all: { ...failure } });
		expect(text).not.toContain(secret);
		expect(keyTraces(text)).toEqual([]);
	});

	it('stay out of the errors of removing the webhook when the answer repeats them', async () => {
		trigger = await activateTrigger({ nodeType: 'kustomerTrigger', parameters: { events: ['kustomer.customer.create'] }, credentials: credentials() });
		const { secret, token } = trigger.staticData() as { secret: string; token: string };
		sandbox.faults.add({ kind: 'status', status: 500, body: { errors: [{ title: `token ${token} secret ${secret}` }] }, match: { method: 'DELETE' } });
		const failure = await trigger.deactivate().then(
			() => undefined,
			(error: Error & { description?: string }) => error,
		);
		const text = JSON.stringify({ message: failure?.message, description: failure?.description, all: { ...failure } });
		expect(failure?.message).toMatch(/server error \(500\)/);
		expect(text).not.toContain(secret);
		expect(text).not.toContain(token);
	});
});

describe('a record\'s own id', () => {
	it('is not overwritten by an attribute named id in the simplified output (the polling trigger\'s too)', async () => {
		const id = '5f3c6a1b2c3d4e5f6a7b8c9d';
		sandbox.faults.add({
			kind: 'status',
			status: 200,
			body: { data: { type: 'customer', id, attributes: { id: 'attribute-id', name: 'Shadow' } } },
			match: { method: 'GET', path: `/v1/customers/${id}` },
		});
		const result = await run({ resource: 'customer', operation: 'get', customerId: { __rl: true, mode: 'id', value: id } });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([{ id, name: 'Shadow' }]);
	});
});
