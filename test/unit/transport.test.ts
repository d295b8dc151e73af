import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	KUSTOMER_BASE_URL_EXPRESSION,
	baseUrlProblem,
	kustomerApiRequest,
	kustomerBaseUrl,
	kustomerPath,
	lookupAfterCreate,
} from '../../nodes/Kustomer/shared/transport';
import { describeSubject, pointerToField } from '../../nodes/Kustomer/shared/errors';

/** Evaluates the `={{ … }}` expression the way n8n does for plain JavaScript expressions. */
function evaluate(credentials: Record<string, unknown>): string {
	const body = KUSTOMER_BASE_URL_EXPRESSION.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	return new Function('$credentials', `return (${body});`)(credentials) as string;
}

describe('base URL', () => {
	it.each([
		[{ region: 'us' }, 'https://api.kustomerapp.com'],
		[{ region: 'eu' }, 'https://api.prod2.kustomerapp.com'],
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
		expect(baseUrlProblem('http://proxy.example.com')).toMatch(/must use https/);
		expect(baseUrlProblem('https://user:pw@proxy.example.com')).toMatch(/user name or password/);
		expect(baseUrlProblem('ftp://x.example.com')).toMatch(/must use https/);
		expect(baseUrlProblem('not a url')).toMatch(/not a valid URL/);
		expect(baseUrlProblem('')).toMatch(/No Kustomer host/);
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
});

describe('finding a create again after a lost answer', () => {
	it.each([
		['/v1/customers', '/v1/customers/externalId=crm-7'],
		['/v1/conversations', '/v1/conversations/externalId=crm-7'],
		['/v1/klasses/order', '/v1/klasses/order/externalId=crm-7'],
		['/v1/customers/5f3c6a1b2c3d4e5f6a7b8c9d/klasses/order', '/v1/klasses/order/externalId=crm-7'],
	])('POST %s is looked up at %s', (url, lookup) => {
		expect(lookupAfterCreate({ method: 'POST', url, body: { externalId: 'crm-7' } })).toEqual({ method: 'GET', url: lookup, acceptStatus: [404] });
	});

	it('encodes the External ID into its own path segment', () => {
		expect(lookupAfterCreate({ method: 'POST', url: '/v1/customers', body: { externalId: 'a/../b?c#d' } })?.url).toBe(
			'/v1/customers/externalId=a%2F..%2Fb%3Fc%23d',
		);
	});

	it.each([
		['a create without an External ID', { method: 'POST', url: '/v1/customers', body: { name: 'x' } }],
		['an empty External ID', { method: 'POST', url: '/v1/customers', body: { externalId: ' ' } }],
		['an update', { method: 'PUT', url: '/v1/customers/1', body: { externalId: 'x' } }],
		['a note (Kustomer has no lookup for it)', { method: 'POST', url: '/v1/conversations/1/notes', body: { externalId: 'x' } }],
		['a bulk create', { method: 'POST', url: '/v1/klasses/order', body: [{ externalId: 'x' }] }],
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
