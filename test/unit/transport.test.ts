import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	KUSTOMER_BASE_URL_EXPRESSION,
	authenticateKustomer,
	baseUrlProblem,
	credentialProblem,
	keyDestinationProblem,
	kustomerApiRequest,
	kustomerBaseUrl,
	kustomerPath,
	lookupAfterCreate,
} from '../../nodes/Kustomer/shared/transport';
import { kustomerProperties } from '../../nodes/Kustomer/properties';
import { describeSubject, pointerToField, transportError } from '../../nodes/Kustomer/shared/errors';
import type { KustomerContext } from '../../nodes/Kustomer/shared/request';
import { FIND_COMPANY } from '../../nodes/Kustomer/resources/company/create';
import { FIND_CONVERSATION } from '../../nodes/Kustomer/resources/conversation/create';
import { FIND_OBJECT } from '../../nodes/Kustomer/resources/customObject/create';
import { FIND_CUSTOMER } from '../../nodes/Kustomer/resources/customer/create';

/** Evaluates the `={{ … }}` expression the way n8n does for plain JavaScript expressions. */
function evaluate(credentials: Record<string, unknown>): string {
	const body = KUSTOMER_BASE_URL_EXPRESSION.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	return new Function('$credentials', `return (${body});`)(credentials) as string;
}

describe('base URL', () => {
	it.each([
		[{ region: 'us' }, 'https://api.kustomerapp.com'],
		[{ region: 'eu' }, 'https://api.prod2.kustomerapp.com'],
		[{ region: 'india' }, 'https://api.prod4.kustomerapp.com'],
		[{ region: 'org', orgName: ' Acme ' }, 'https://acme.api.kustomerapp.com'],
		[{ region: 'custom', baseUrl: 'http://127.0.0.1:8765/' }, 'http://127.0.0.1:8765'],
		[{}, 'https://api.kustomerapp.com'],
	])('the expression and the function agree for %j', (credentials, expected) => {
		expect(kustomerBaseUrl(credentials as never)).toBe(expected);
		expect(evaluate(credentials)).toBe(expected);
	});

	it('refuses plain http except on loopback, and URLs carrying secrets', () => {
		expect(baseUrlProblem('https://proxy.example.com')).toBeUndefined();
		expect(baseUrlProblem('http://127.0.0.1:1234')).toBeUndefined();
		expect(baseUrlProblem('http://localhost:1234')).toBeUndefined();
		expect(baseUrlProblem('http://127.1:1234')).toBeUndefined();
		expect(baseUrlProblem('http://127.255.0.9')).toBeUndefined();
		expect(baseUrlProblem('http://[::1]:1234')).toBeUndefined();
		expect(baseUrlProblem('http://[0:0:0:0:0:0:0:1]:1234')).toBeUndefined();
		// IPv4 literals in other notations are still addresses, which the URL parser (the HTTP client's too) writes as 127.0.0.1.
		for (const loopback of ['http://0x7f.0.0.1', 'http://2130706433', 'http://0177.0.0.1', 'HTTP://127.0.0.1.']) expect([loopback, baseUrlProblem(loopback)]).toEqual([loopback, undefined]);
		expect(baseUrlProblem('http://proxy.example.com')).toMatch(/must use https/);
		// Names that only look like loopback are DNS names: they can point anywhere.
		for (const lookalike of ['http://127.evil.com', 'http://127.0.0.1.nip.io', 'http://localhost.evil.com', 'http://127.0.0.1.evil.com:8080', 'http://[::ffff:127.0.0.1]', 'http://0.0.0.0:80', 'http://localhost.', 'http://127.0.0.1%2eevil.com', 'http://127.0.0.1\u3002evil.com', 'http://foo.localhost', 'http://127.0.0.1\n.evil.com']) {
			expect([lookalike, baseUrlProblem(lookalike)]).toEqual([lookalike, expect.stringMatching(/must use https/)]);
		}
		expect(baseUrlProblem('https://user:pw@proxy.example.com')).toMatch(/user name or password/);
		expect(baseUrlProblem('https://x@evil.com')).toMatch(/user name or password/);
		expect(baseUrlProblem('http://127.0.0.1:80@evil.com')).toMatch(/user name or password/);
		expect(baseUrlProblem('http://evil.com#@127.0.0.1')).toMatch(/query string or fragment/);
		expect(baseUrlProblem('ftp://x.example.com')).toMatch(/must use https/);
		expect(baseUrlProblem('not a url')).toMatch(/not a valid URL/);
		expect(baseUrlProblem('')).toMatch(/No Kustomer host/);
	});
});

describe('where the API key may go (keyDestinationProblem, the credential\'s authenticate)', () => {
	const org = (orgName: string) => ({ apiKey: 'k', region: 'org', orgName });

	it.each(['evil.com/x', 'evil.com\\x', 'evil.com:443/', 'evil.com', 'a@evil.com', 'acme?x=', 'acme#', '-acme', 'acme-', '', ' ', 'ac me', 'a'.repeat(64), 'xn--bcher-kva.evil', 'acme.', 'acme..', 'a..b', 'acme%2eevil.com', 'acme\u3002evil.com', '\uff41\uff43\uff4d\uff45', 'acme@', 'acme%40evil.com'])(
		'refuses the organization name %j before anything is sent',
		(orgName) => {
			expect(credentialProblem(org(orgName))).toMatch(/is not a Kustomer organization name/);
		},
	);

	it.each(['acme', 'Acme', ' acme-eu ', 'a1', '9lives', 'a'.repeat(63)])('accepts the organization name %j', (orgName) => {
		expect(credentialProblem(org(orgName))).toBeUndefined();
	});

	it('lets the key go only to the credential\'s own base URL, joined as axios joins it', () => {
		const us = { apiKey: 'k', region: 'us' };
		expect(keyDestinationProblem(us, { baseURL: 'https://api.kustomerapp.com', url: '/v1/customers' })).toBeUndefined();
		expect(keyDestinationProblem(us, { url: 'https://api.kustomerapp.com/v1/customers' })).toBeUndefined();
		expect(keyDestinationProblem(us, { uri: 'https://api.kustomerapp.com/v1/users/current' })).toBeUndefined();
		for (const elsewhere of [
			{ baseURL: 'https://api.prod2.kustomerapp.com', url: '/v1/customers' },
			{ baseURL: 'https://api.kustomerapp.com', url: 'https://evil.example/v1' },
			{ baseURL: 'https://api.kustomerapp.com', url: '//evil.example/v1' },
			{ url: 'https://api.kustomerapp.com.evil.example/v1' },
			{ url: 'http://api.kustomerapp.com/v1/customers' },
			{ url: 'https://user:pw@api.kustomerapp.com/v1' },
			{},
		]) {
			expect([elsewhere, keyDestinationProblem(us, elsewhere)]).toEqual([elsewhere, expect.stringMatching(/sends its API key only to https:\/\/api\.kustomerapp\.com/)]);
		}
		const proxy = { apiKey: 'k', region: 'custom', baseUrl: 'https://proxy.example.com/kustomer/' };
		expect(keyDestinationProblem(proxy, { baseURL: 'https://proxy.example.com/kustomer', url: '/v1/customers' })).toBeUndefined();
		expect(keyDestinationProblem(proxy, { url: 'https://proxy.example.com/kustomerx/v1' })).toMatch(/only to https:\/\/proxy\.example\.com\/kustomer/);
		expect(keyDestinationProblem(proxy, { url: 'https://proxy.example.com/other' })).toMatch(/only to/);
		expect(keyDestinationProblem(proxy, { url: 'https://proxy.example.com/kustomer/../other' })).toMatch(/only to/);
		expect(keyDestinationProblem(proxy, { url: 'HTTPS://evil.example/kustomer/v1' })).toMatch(/only to/);
	});

	it('adds the Bearer header to an allowed request, and refuses any other without adding it', async () => {
		const allowed: IHttpRequestOptions = { url: '/v1/customers', baseURL: 'https://acme.api.kustomerapp.com', headers: {} };
		const sent = await authenticateKustomer(org('acme'), allowed);
		expect(sent).toBe(allowed);
		expect(sent.headers).toEqual({ Authorization: 'Bearer k' });

		const refused: IHttpRequestOptions = { url: '/v1/users/current', baseURL: 'http://127.0.0.1.nip.io' };
		await expect(authenticateKustomer({ apiKey: 'k', region: 'custom', baseUrl: 'http://127.0.0.1.nip.io' }, refused)).rejects.toMatchObject({
			name: 'KustomerKeyRefused',
			message: expect.stringMatching(/must use https.*Nothing was sent\.$/),
		});
		expect(refused.headers).toBeUndefined();
		await expect(authenticateKustomer(org('evil.com/x'), { url: '/v1/users/current', baseURL: 'https://evil.com/x.api.kustomerapp.com' })).rejects.toMatchObject({
			message: expect.stringMatching(/Organization Name "evil.com\/x" is not a Kustomer organization name/),
		});
	});
});

describe('path encoding', () => {
	it.each(['../../users/current', 'a/b', 'a?b=c', 'a#frag', '%2e%2e', 'x y', '...x'])(
		'keeps %p inside its own segment',
		(id) => {
			const path = kustomerPath('/v1/customers/{id}', { id });
			const resolved = new URL(path, 'https://api.kustomerapp.com');
			expect(resolved.pathname.startsWith('/v1/customers/')).toBe(true);
			expect(resolved.pathname.split('/')).toHaveLength(4);
			expect(resolved.search).toBe('');
			expect(resolved.hash).toBe('');
			expect(decodeURIComponent(resolved.pathname.split('/')[3])).toBe(id);
		},
	);

	it('encodes lookup values such as + and @', () => {
		expect(kustomerPath('/v1/customers/email={value}', { value: 'a+b@x.io' })).toBe(
			'/v1/customers/email=a%2Bb%40x.io',
		);
	});

	it('refuses an empty value', () => {
		expect(() => kustomerPath('/v1/customers/{id}', { id: ' ' })).toThrow(/Missing value/);
	});

	it.each(['.', '..', '....'])('refuses %p, which URL parsers read as a dot segment', (id) => {
		expect(() => kustomerPath('/v1/customers/{id}', { id })).toThrow(/not a valid value/);
	});
});

describe('error wording helpers', () => {
	it('turns JSON pointers into field paths', () => {
		expect(pointerToField('/emails/0/email')).toBe('emails[0].email');
		expect(pointerToField('/custom/scoreNum')).toBe('custom.scoreNum');
		expect(pointerToField(undefined)).toBeUndefined();
	});

	it('says a refused certificate or a failed TLS handshake never reached Kustomer, whatever its code', () => {
		const context = { getNode: () => ({ name: 'Kustomer', type: 'n8n-nodes-kustomer.kustomer', typeVersion: 1, position: [0, 0], parameters: {} }) } as unknown as KustomerContext;
		const wording = (code: string) => {
			const error = transportError(context, Object.assign(new Error('socket failure'), { code }), { method: 'POST', url: '/v1/customers' });
			return [code, error.message, error.description];
		};
		for (const code of ['CERT_HAS_EXPIRED', 'CERT_SIGNATURE_FAILURE', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'INVALID_CA', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'EPROTO', 'ENOTFOUND', 'ECONNREFUSED']) {
			expect(wording(code)).toEqual([code, expect.stringMatching(/^Could not reach Kustomer: /), expect.stringMatching(/never reached Kustomer, so nothing was changed/)]);
			expect(wording(code)[2]).not.toMatch(/may have/);
		}
		expect(wording('CERT_SIGNATURE_FAILURE')[1]).toBe('Could not reach Kustomer: the server\'s TLS certificate was not accepted (CERT_SIGNATURE_FAILURE) (POST /v1/customers)');
		// A record garbled after the connection was set up may come after the request left.
		expect(wording('ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC')[2]).toMatch(/may have carried out this change/);
		// So may a connection dropped or an alert sent while the answer was read, on a socket set up before.
		for (const code of ['ERR_SSL_UNEXPECTED_EOF_WHILE_READING', 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR', 'ERR_SSL_WRONG_VERSION_NUMBER']) {
			expect(wording(code)[2]).toMatch(/may have carried out this change/);
		}
		expect(wording('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION')[2]).toMatch(/never reached Kustomer, so nothing was changed/);
	});

	it('names the subject of a request', () => {
		expect(describeSubject('/v1/customers/abc')).toBe('customer "abc"');
		expect(describeSubject('/v1/customers/email=a%40b.io')).toBe('customer with email "a@b.io"');
		expect(describeSubject('/v1/customers/externalId=x-1')).toBe('customer with external ID "x-1"');
		expect(describeSubject('/v1/customers')).toBe('customer');
	});
});

describe('error subjects of nested paths', () => {
	it('names the parent record of a sub-collection', () => {
		expect(describeSubject('/v1/conversations/c1/notes')).toBe('conversation "c1"');
		expect(describeSubject('/v1/notes/n1')).toBe('note "n1"');
		expect(describeSubject('/v1/conversations/externalId=t-9')).toBe('conversation with external ID "t-9"');
	});

	it('names the records of every resource of the node', () => {
		const resources = ((kustomerProperties.find((property) => property.name === 'resource')?.options ?? []) as Array<{ value: string }>).map(
			({ value }) => value,
		);
		expect(resources.length).toBeGreaterThan(8);
		for (const resource of resources) {
			// Custom objects live under their Klass: /v1/klasses/{name}/{id}.
			const collection = ({ customObject: 'klasses', klass: 'klasses', company: 'companies' } as Record<string, string>)[resource] ?? `${resource}s`;
			expect([resource, describeSubject(`/v1/${collection}/x1`)]).not.toEqual([resource, 'record']);
			expect(describeSubject(`/v1/${collection}/x1`)).toMatch(/"x1"$/);
		}
	});
});

describe('finding a create again after a lost answer', () => {
	it.each([
		['/v1/customers', FIND_CUSTOMER, '/v1/customers/externalId=crm-7', undefined],
		['/v1/customers/5f3c6a1b2c3d4e5f6a7b8c9d/conversations', FIND_CONVERSATION, '/v1/conversations/externalId=crm-7', undefined],
		['/v1/klasses/order', FIND_OBJECT, '/v1/klasses/order/externalId=crm-7', undefined],
		['/v1/customers/5f3c6a1b2c3d4e5f6a7b8c9d/klasses/order', FIND_OBJECT, '/v1/klasses/order/externalId=crm-7', undefined],
		['/v1/companies', FIND_COMPANY, '/v1/companies', { externalId: 'crm-7', page: 1, pageSize: 100 }],
	] as const)('POST %s is looked up at %s (its operation\'s declaration)', (url, findCreated, lookup, qs) => {
		expect(lookupAfterCreate({ method: 'POST', url, body: { externalId: 'crm-7' }, findCreated })).toEqual({
			method: 'GET',
			url: lookup,
			...(qs ? { qs } : {}),
			acceptStatus: [404],
		});
	});

	it('encodes the External ID into its own path segment', () => {
		expect(lookupAfterCreate({ method: 'POST', url: '/v1/customers', body: { externalId: 'a/../b?c#d' }, findCreated: FIND_CUSTOMER })?.url).toBe(
			'/v1/customers/externalId=a%2F..%2Fb%3Fc%23d',
		);
	});

	it.each([
		['a create without an External ID', { method: 'POST', url: '/v1/customers', body: { name: 'x' }, findCreated: FIND_CUSTOMER }],
		['an empty External ID', { method: 'POST', url: '/v1/customers', body: { externalId: ' ' }, findCreated: FIND_CUSTOMER }],
		['an update', { method: 'PUT', url: '/v1/customers/1', body: { externalId: 'x' }, findCreated: FIND_CUSTOMER }],
		['a create whose operation declares no lookup (a note)', { method: 'POST', url: '/v1/conversations/1/notes', body: { externalId: 'x' } }],
		['a bulk create', { method: 'POST', url: '/v1/klasses/order', body: [{ externalId: 'x' }], findCreated: FIND_OBJECT }],
	] as const)('%s has none', (_name, request) => {
		expect(lookupAfterCreate(request as never)).toBeUndefined();
	});
});

describe('request options reach every request', () => {
	it('passes n8n\'s Ignore SSL Issues, Proxy and Timeout to the request helper', async () => {
		const sent: IHttpRequestOptions[] = [];
		const context = {
			getNode: () => ({ name: 'Kustomer', type: 'n8n-nodes-kustomer.kustomer', typeVersion: 1, parameters: {} }),
			getNodeParameter: (name: string) =>
				name === 'requestOptions' ? { allowUnauthorizedCerts: true, proxy: 'http://user:p%40ss@proxy.local:3128', timeout: 1234 } : undefined,
			getCredentials: async () => ({ region: 'us', apiKey: 'k' }),
			helpers: {
				httpRequestWithAuthentication: async (_credential: string, options: IHttpRequestOptions) => {
					sent.push(options);
					return { statusCode: 200, headers: {}, body: { data: {} } };
				},
			},
		};
		await kustomerApiRequest(context as never, { method: 'GET', url: '/v1/customers/1' });
		expect(sent[0]).toMatchObject({
			skipSslCertificateValidation: true,
			timeout: 1234,
			proxy: { host: 'proxy.local', port: 3128, protocol: 'http', auth: { username: 'user', password: 'p@ss' } },
		});
	});
});
