// The harness must be imported before n8n-workflow/n8n-core (it prepares the environment).
import { callListSearch, callLoadOptions, loadPackage, runNode, testCredential } from './n8n';

import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { NodeApiError, NodeOperationError } from 'n8n-workflow';

const packageDir = join(__dirname, 'fixture');
const GOOD_KEY = 'secret-123';
const NARROW_KEY = 'narrow-key';
const SUSPENDED_KEY = 'suspended-key';

interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: unknown;
}

/** A fake of the fixture API: records every request and answers like a small REST service. */
class FakeApi {
	readonly requests: ReceivedRequest[] = [];
	private server!: Server;
	baseUrl = '';

	async start(): Promise<void> {
		this.server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				const received: ReceivedRequest = {
					method: request.method ?? '',
					path: request.url ?? '',
					headers: request.headers,
					body: raw ? JSON.parse(raw) : undefined,
				};
				this.requests.push(received);
				const [status, body] = this.answer(received);
				response.writeHead(status, { 'content-type': 'application/json' });
				response.end(JSON.stringify(body));
			});
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
	}

	private readonly sessions = new Set<string>();

	private answer({ method, path, headers, body }: ReceivedRequest): [number, unknown] {
		const url = new URL(path, 'http://fake');
		if (method === 'POST' && url.pathname === '/v1/session') {
			const { username, password } = body as { username?: string; password?: string };
			if (username !== 'ada' || password !== 'pw') return [401, { message: 'Bad login' }];
			const token = `tok-${this.sessions.size + 1}`;
			this.sessions.add(token);
			return [200, { token }];
		}
		const key = headers.authorization?.replace(/^Bearer /, '');
		const session = headers['x-session'];
		const validSession = typeof session === 'string' && this.sessions.has(session);
		if (!validSession && ![GOOD_KEY, NARROW_KEY, SUSPENDED_KEY].includes(key ?? '')) {
			return [401, { message: 'Invalid API key' }];
		}
		if (method === 'GET' && url.pathname === '/v1/me') {
			if (key === NARROW_KEY) return [403, { message: 'Missing scope' }];
			return [200, { id: 'acct_1', status: key === SUSPENDED_KEY ? 'suspended' : 'active' }];
		}
		if (method === 'POST' && url.pathname === '/v1/widgets') {
			const { name, color } = body as { name: string; color?: string };
			return [201, { id: `w_${this.requests.length}`, name, ...(color && { color }) }];
		}
		if (method === 'GET' && url.pathname === '/v1/widgets') {
			const all = ['Alpha', 'Beta', 'Gamma'].map((name, index) => ({ id: `w_${index + 1}`, name }));
			const filter = url.searchParams.get('q')?.toLowerCase() ?? '';
			const page = url.searchParams.get('page');
			const widgets = all.filter((widget) => widget.name.toLowerCase().includes(filter));
			return [200, page ? { widgets: [] } : { widgets, next: widgets.length ? 'page-2' : undefined }];
		}
		const widget = /^\/v1\/widgets\/([\w-]+)$/.exec(url.pathname);
		if (method === 'GET' && widget) return [200, { id: widget[1], name: 'Alpha' }];
		if (method === 'GET' && url.pathname === '/v1/colors') {
			return [200, [{ code: 'red', label: 'Red' }, { code: 'blue', label: 'Blue' }]];
		}
		return [404, { message: `No route for ${method} ${url.pathname}` }];
	}
}

const api = new FakeApi();
const credentials = (apiKey = GOOD_KEY) => ({ fixtureApi: { apiKey, baseUrl: api.baseUrl } });

beforeAll(async () => {
	await api.start();
});

afterAll(async () => {
	await api.stop();
});

beforeEach(() => {
	api.requests.length = 0;
});

describe('loadPackage', () => {
	it('loads the fixture through PackageDirectoryLoader, with n8n post-processing', async () => {
		const pkg = await loadPackage(packageDir);
		expect(pkg.packageName).toBe('n8n-nodes-harness-fixture');
		const node = pkg.nodeTypes.getByNameAndVersion('n8n-nodes-harness-fixture.fixture', 1);
		// Added by DirectoryLoader.applyDeclarativeNodeOptionParameters for declarative nodes.
		expect(node.description.properties.map((property) => property.name)).toContain('requestOptions');
		expect(node.description.__loadOptionsMethods).toEqual(['getColors']);
		expect(pkg.credentialTypes.getSupportedNodes('fixtureApi')).toEqual(['n8n-nodes-harness-fixture.fixture']);
		expect(await loadPackage(packageDir)).toBe(pkg);
	});
});

describe('runNode', () => {
	it('sends the declarative request with generic Bearer auth and returns the response as items', async () => {
		const result = await runNode({
			packageDir,
			nodeType: 'fixture',
			parameters: { operation: 'create', name: 'Ada Lovelace' },
			credentials: credentials(),
		});

		expect(result.error).toBeUndefined();
		expect(api.requests).toHaveLength(1);
		const [request] = api.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v1/widgets');
		expect(request.body).toEqual({ name: 'Ada Lovelace' });
		expect(request.headers.authorization).toBe(`Bearer ${GOOD_KEY}`);
		expect(request.headers.accept).toBe('application/json');
		expect(result.items).toEqual([{ json: { id: 'w_1', name: 'Ada Lovelace' }, pairedItem: { item: 0 } }]);
	});

	it('resolves expressions per input item and extracts resource locator values', async () => {
		const created = await runNode({
			packageDir,
			nodeType: 'n8n-nodes-harness-fixture.fixture',
			parameters: { operation: 'create', name: '={{ $json.customer }}', color: 'red' },
			items: [{ customer: 'Grace' }],
			credentials: credentials(),
		});
		expect(created.items[0].json).toEqual({ id: 'w_1', name: 'Grace', color: 'red' });

		const fetched = await runNode({
			packageDir,
			nodeType: 'fixture',
			parameters: { operation: 'get', widgetId: { __rl: true, mode: 'list', value: 'w_42' } },
			credentials: credentials(),
		});
		expect(fetched.error).toBeUndefined();
		expect(api.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/widgets/w_42' });
		expect(fetched.items.map((item) => item.json)).toEqual([{ id: 'w_42', name: 'Alpha' }]);
	});

	it('sends one request per item for 1000 items', async () => {
		const items = Array.from({ length: 1000 }, (_, index) => ({ customer: `Customer ${index}` }));
		const result = await runNode({
			packageDir,
			nodeType: 'fixture',
			parameters: { operation: 'create', name: '={{ $json.customer }}' },
			items,
			credentials: credentials(),
		});

		console.log(`harness: 1000 items through RoutingNode in ${result.durationMs.toFixed(0)} ms`);
		expect(result.error).toBeUndefined();
		expect(api.requests).toHaveLength(1000);
		expect(result.items).toHaveLength(1000);
		const names = new Set(api.requests.map((request) => (request.body as { name: string }).name));
		expect(names.size).toBe(1000);
		expect(result.items[999].json.name).toBe('Customer 999');
		expect(result.items[999].pairedItem).toEqual({ item: 999 });
	});

	it('returns a 401 as the NodeApiError the node threw, with n8n message and API description', async () => {
		const result = await runNode({
			packageDir,
			nodeType: 'fixture',
			parameters: { operation: 'create', name: 'Ada' },
			credentials: credentials('wrong-key'),
		});

		expect(result.items).toEqual([]);
		expect(result.error).toBeInstanceOf(NodeApiError);
		const error = result.error as NodeApiError;
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe('Authorization failed - please check your credentials');
		expect(error.description).toBe('Invalid API key');
		// n8n-core's httpRequestWithAuthentication re-sends every 401 once after calling
		// preAuthentication, even for credentials without one: n8n really makes two calls.
		expect(api.requests.map((request) => request.headers.authorization)).toEqual([
			'Bearer wrong-key',
			'Bearer wrong-key',
		]);
	});

	it('turns a 401 into an error item when the node continues on fail', async () => {
		const result = await runNode({
			packageDir,
			nodeType: 'fixture',
			parameters: { operation: 'create', name: 'Ada' },
			credentials: credentials('wrong-key'),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual({ error: 'Authorization failed - please check your credentials' });
		expect(result.items[0].error).toBeInstanceOf(NodeApiError);
	});

	it('fails without sending anything when the node has no credential attached', async () => {
		const result = await runNode({
			packageDir,
			nodeType: 'fixture',
			parameters: { operation: 'create', name: 'Ada' },
		});

		expect(api.requests).toHaveLength(0);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('Node does not have any credentials set');
	});

	it('reports parameter issues as an error instead of throwing', async () => {
		const result = await runNode({
			packageDir,
			nodeType: 'fixture',
			parameters: { operation: 'create' },
			credentials: credentials(),
		});

		expect(api.requests).toHaveLength(0);
		expect(result.error?.name).toBe('WorkflowHasIssuesError');
		expect(result.error?.message).toContain('Name');
	});
});

describe('preAuthentication', () => {
	const sessionCredentials = (sessionToken?: string) => ({
		fixtureSessionApi: { username: 'ada', password: 'pw', baseUrl: api.baseUrl, ...(sessionToken && { sessionToken }) },
	});

	it('fetches the expirable token before the first request and authenticates with it', async () => {
		const result = await runNode({
			packageDir,
			nodeType: 'fixture',
			parameters: { authentication: 'session', operation: 'create', name: 'Ada' },
			credentials: sessionCredentials(),
		});

		expect(result.error).toBeUndefined();
		expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			'POST /v1/session',
			'POST /v1/widgets',
		]);
		expect(api.requests[0].body).toEqual({ username: 'ada', password: 'pw' });
		expect(api.requests[1].headers['x-session']).toMatch(/^tok-\d+$/);
		expect(api.requests[1].headers.authorization).toBeUndefined();
	});

	it('refreshes a token the API rejects with 401 and retries the request once', async () => {
		const result = await runNode({
			packageDir,
			nodeType: 'fixture',
			parameters: { authentication: 'session', operation: 'create', name: 'Ada' },
			credentials: sessionCredentials('stale-token'),
		});

		expect(result.error).toBeUndefined();
		expect(api.requests.map((request) => `${request.method} ${request.path} ${request.headers['x-session'] ?? ''}`)).toEqual([
			'POST /v1/widgets stale-token',
			'POST /v1/session ',
			expect.stringMatching(/^POST \/v1\/widgets tok-\d+$/),
		]);
		expect(result.items[0].json.name).toBe('Ada');
	});

	it('always re-authenticates when the credential is tested', async () => {
		const result = await testCredential({
			packageDir,
			credentialType: 'fixtureSessionApi',
			data: sessionCredentials('stale-token').fixtureSessionApi,
		});

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/session', 'GET /v1/me']);
	});
});

describe('testCredential', () => {
	it('returns OK when the test request succeeds with the key applied', async () => {
		const result = await testCredential({ packageDir, credentialType: 'fixtureApi', data: credentials().fixtureApi });

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(api.requests).toHaveLength(1);
		expect(api.requests[0]).toMatchObject({ method: 'GET', path: '/v1/me' });
		expect(api.requests[0].headers.authorization).toBe(`Bearer ${GOOD_KEY}`);
	});

	it('returns the status text n8n shows for a 401', async () => {
		const result = await testCredential({
			packageDir,
			credentialType: 'fixtureApi',
			data: credentials('wrong-key').fixtureApi,
		});
		expect(result).toEqual({ status: 'Error', message: 'Unauthorized' });
		expect(api.requests).toHaveLength(2);
	});

	it('applies responseCode and responseSuccessBody rules', async () => {
		const narrow = await testCredential({ packageDir, credentialType: 'fixtureApi', data: credentials(NARROW_KEY).fixtureApi });
		expect(narrow).toEqual({ status: 'Error', message: 'The API key lacks the "read" scope' });

		const suspended = await testCredential({
			packageDir,
			credentialType: 'fixtureApi',
			data: credentials(SUSPENDED_KEY).fixtureApi,
		});
		expect(suspended).toEqual({ status: 'Error', message: 'The account is suspended' });
	});

	it('reports a connection failure by its error code', async () => {
		const result = await testCredential({
			packageDir,
			credentialType: 'fixtureApi',
			data: { apiKey: GOOD_KEY, baseUrl: 'http://127.0.0.1:1' },
		});
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});

describe('listSearch and loadOptions', () => {
	it('runs a listSearch method with a real LoadOptionsContext and authenticated requests', async () => {
		const result = await callListSearch({
			packageDir,
			nodeType: 'fixture',
			method: 'searchWidgets',
			filter: 'a',
			credentials: credentials(),
		});

		expect(result).toEqual({
			results: [
				{ name: 'Alpha', value: 'w_1' },
				{ name: 'Beta', value: 'w_2' },
				{ name: 'Gamma', value: 'w_3' },
			],
			paginationToken: 'page-2',
		});
		expect(api.requests[0]).toMatchObject({ method: 'GET', path: '/v1/widgets?q=a' });
		expect(api.requests[0].headers.authorization).toBe(`Bearer ${GOOD_KEY}`);

		const next = await callListSearch({
			packageDir,
			nodeType: 'fixture',
			method: 'searchWidgets',
			paginationToken: 'page-2',
			credentials: credentials(),
		});
		expect(next.results).toEqual([]);
	});

	it('runs a loadOptions method', async () => {
		const options = await callLoadOptions({
			packageDir,
			nodeType: 'fixture',
			method: 'getColors',
			parameters: { operation: 'create' },
			credentials: credentials(),
		});
		expect(options).toEqual([
			{ name: 'Red', value: 'red' },
			{ name: 'Blue', value: 'blue' },
		]);
	});

	it('rejects a method the node does not define', async () => {
		await expect(
			callLoadOptions({ packageDir, nodeType: 'fixture', method: 'nope', credentials: credentials() }),
		).rejects.toThrow('Node type does not have method defined');
	});
});
