import { assertCredentialAllowsUrl, NodeHelpers } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INode, INodeParameters } from 'n8n-workflow';

import { callListSearch, loadPackage, runNode, testCredential } from '../harness/n8n';
import { apiRequests, credentialsFor, seedCustomer, seedThrough, useSandbox } from './setup';

const sandbox = useSandbox();

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
		expect(remote.error?.message).toBe('The base URL "http://kustomer.example.com" must use https (plain http is only allowed on localhost, 127.x.x.x and [::1])');
	});

	it('offers the regions Kustomer documents: US, EU, India, the organization\'s own host, and a custom base URL', async () => {
		const { credentialTypes } = await loadPackage();
		const region = credentialTypes.getByName('kustomerApi').properties.find((property) => property.name === 'region');
		expect(region?.options?.map((option) => (option as { value: string }).value)).toEqual(['custom', 'eu', 'india', 'org', 'us']);
	});
});

describe('KustomerApi credential in other nodes (allowedHttpRequestDomains)', () => {
	const httpNode = { name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest' } as INode;
	async function savedCredential(data: INodeParameters): Promise<ICredentialDataDecryptedObject> {
		const { credentialTypes } = await loadPackage();
		const { properties } = credentialTypes.getByName('kustomerApi');
		// A credential saved in the editor holds every field's default unless the user changed it.
		return NodeHelpers.getNodeParameters(properties, data, true, false, null, null) as ICredentialDataDecryptedObject;
	}
	const allows = (credentialData: ICredentialDataDecryptedObject, url: string) => {
		try {
			assertCredentialAllowsUrl({ node: httpNode, credentialData, url });
			return true;
		} catch (error) {
			return (error as Error).message;
		}
	};

	it('by default, lets the HTTP Request node send the key to Kustomer hosts only', async () => {
		const credential = await savedCredential({ apiKey: 'k', region: 'us' });
		expect(credential).toMatchObject({ allowedHttpRequestDomains: 'domains', allowedDomains: '*.kustomerapp.com' });
		expect(allows(credential, 'https://api.kustomerapp.com/v1/customers')).toBe(true);
		expect(allows(credential, 'https://api.prod2.kustomerapp.com/v1/customers')).toBe(true);
		expect(allows(credential, 'https://acme.api.kustomerapp.com/v1/users/current')).toBe(true);
		for (const elsewhere of ['https://attacker.example/collect', 'https://kustomerapp.com.attacker.example/', 'https://kustomerapp.com/']) {
			expect(allows(credential, elsewhere)).toMatch(/^Domain not allowed/);
		}
	});

	it('allows other domains only when the user says so', async () => {
		const opened = await savedCredential({ apiKey: 'k', region: 'us', allowedHttpRequestDomains: 'all' });
		expect(allows(opened, 'https://attacker.example/collect')).toBe(true);
		const closed = await savedCredential({ apiKey: 'k', region: 'us', allowedHttpRequestDomains: 'none' });
		expect(allows(closed, 'https://api.kustomerapp.com/v1/customers')).toMatch(/prevent use within an HTTP Request node/);
	});

	it('keeps working in the Kustomer node against a custom host that is not on the list', async () => {
		// The sandbox runs on localhost, which is not in "*.kustomerapp.com".
		const result = await runNode({
			nodeType: 'kustomer',
			parameters: { resource: 'customer', operation: 'getAll', returnAll: true },
			credentials: credentialsFor(sandbox),
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(sandbox).map((request) => request.path)).toEqual(['/v1/customers']);
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

	it('lists conversations newest first with their status, and searches them by name', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Owner' });
		const first = await seedThrough(sandbox, `/v1/customers/${String(customer.id)}/conversations`, { name: 'Damaged order' });
		const second = await seedThrough(sandbox, `/v1/customers/${String(customer.id)}/conversations`, { name: 'Refund' });
		sandbox.clearRequests();
		const all = await callListSearch({ nodeType: 'kustomer', method: 'searchConversations', credentials: credentialsFor(sandbox) });
		expect(all.results.map((entry) => entry.value)).toEqual(expect.arrayContaining([first.id, second.id]));
		expect(all.results.find((entry) => entry.value === first.id)?.name).toBe('Damaged order (open)');
		expect(apiRequests(sandbox)[0]).toMatchObject({ method: 'GET', path: '/v1/conversations', valid: true });
		sandbox.clearRequests();
		const found = await callListSearch({ nodeType: 'kustomer', method: 'searchConversations', filter: 'refund', credentials: credentialsFor(sandbox) });
		expect(found.results.map((entry) => entry.value)).toEqual([second.id]);
		expect(apiRequests(sandbox)[0]).toMatchObject({ method: 'POST', path: '/v1/customers/search', valid: true });
	});

	it('lists Klasses by display name, a filter matching name or display name', async () => {
		await seedThrough(sandbox, '/v1/klasses', { name: 'ecomm-order', displayName: 'Order' });
		await seedThrough(sandbox, '/v1/klasses', { name: 'ticket', displayName: 'Ticket' });
		const all = await callListSearch({ nodeType: 'kustomer', method: 'searchKlasses', credentials: credentialsFor(sandbox) });
		expect(all.results.map((entry) => entry.name)).toEqual(expect.arrayContaining(['Order (ecomm-order)', 'Ticket (ticket)']));
		const found = await callListSearch({ nodeType: 'kustomer', method: 'searchKlasses', filter: 'ECOMM', credentials: credentialsFor(sandbox) });
		expect(found.results.map((entry) => entry.name)).toEqual(['Order (ecomm-order)']);
		expect(found.paginationToken).toBeUndefined();
	});
});
