import type { KustomerSandbox } from '../../sandbox';
import { callListSearch, runNode, testCredential } from '../harness/n8n';
import { apiRequests, credentialsFor, seedCustomer, startSandbox } from './setup';

let sandbox: KustomerSandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

describe('KustomerApi credential', () => {
	it('tests OK with a valid key, calling GET /v1/users/current with the Bearer key', async () => {
		const result = await testCredential({
			credentialType: 'kustomerApi',
			data: credentialsFor(sandbox).kustomerApi,
		});
		expect(result.status).toBe('OK');
		expect(apiRequests(sandbox).map((request) => [request.method, request.path, request.headers.authorization])).toEqual([
			['GET', '/v1/users/current', `Bearer ${sandbox.apiKey}`],
		]);
	});

	it('explains a refused key without showing it', async () => {
		const result = await testCredential({
			credentialType: 'kustomerApi',
			data: credentialsFor(sandbox, 'not-the-key-42').kustomerApi,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Kustomer refused the API key/);
		expect(result.message).not.toContain('not-the-key-42');
	});

	it('refuses to send the key over plain http to a non-local host', async () => {
		const remote = await runNode({
			nodeType: 'kustomer',
			parameters: { resource: 'customer', operation: 'getAll', returnAll: true },
			credentials: { kustomerApi: { apiKey: 'k', region: 'custom', baseUrl: 'http://kustomer.example.com' } },
		});
		expect(remote.error?.message).toBe('The base URL "http://kustomer.example.com" must use https (plain http is only allowed on localhost)');
	});
});

describe('Customer list (resource locator search)', () => {
	beforeEach(async () => {
		await seedCustomer(sandbox, { name: 'Zoe Quinn', emails: [{ email: 'zoe@example.com' }] });
		await seedCustomer(sandbox, { name: 'Ada Byron' });
		sandbox.clearRequests();
	});

	it('lists customers with their email when there is no filter', async () => {
		const result = await callListSearch({ nodeType: 'kustomer', method: 'searchCustomers', credentials: credentialsFor(sandbox) });
		expect(result.results.map((entry) => entry.name).sort()).toEqual(['Ada Byron', 'Zoe Quinn (zoe@example.com)']);
		expect(apiRequests(sandbox)[0]).toMatchObject({ method: 'GET', path: '/v1/customers', valid: true });
	});

	it('searches by name with a filter', async () => {
		const result = await callListSearch({
			nodeType: 'kustomer',
			method: 'searchCustomers',
			filter: 'zoe',
			credentials: credentialsFor(sandbox),
		});
		expect(result.results.map((entry) => entry.name)).toEqual(['Zoe Quinn (zoe@example.com)']);
		expect(apiRequests(sandbox)[0]).toMatchObject({ method: 'POST', path: '/v1/customers/search', valid: true });
	});
});
