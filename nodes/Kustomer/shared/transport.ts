import { NodeOperationError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { assertKustomerResponseOk, existingRecordConflict, transportError } from './errors';
import type { KustomerContext, KustomerRequest } from './request';
import { DEFAULT_POLICY, DEFAULT_TIMEOUT_MS, organizationKey, withRetries, type Recover, type RetryPolicy } from './retry';

/**
 * The one module that knows where Kustomer lives and how a request reaches it.
 *
 * Hosts (https://developer.kustomer.com/docs/get-started/regions-and-base-urls): US orgs are served by api.kustomerapp.com, EU orgs by
 * api.prod2.kustomerapp.com, and every org also answers on its own subdomain. A custom base URL
 * serves proxies and the local sandbox.
 */
export const KUSTOMER_HOSTS = {
	us: 'https://api.kustomerapp.com',
	eu: 'https://api.prod2.kustomerapp.com',
} as const;

/**
 * The same rule as `kustomerBaseUrl`, as an n8n expression: the node's requestDefaults and the
 * credential test are resolved by n8n itself, before any of our code runs. A unit test keeps the
 * two in step.
 */
export const KUSTOMER_BASE_URL_EXPRESSION =
	'={{ $credentials.region === "custom" ? String($credentials.baseUrl || "").trim().replace(/\\/+$/, "") : $credentials.region === "org" ? "https://" + String($credentials.orgName || "").trim().toLowerCase() + ".api.kustomerapp.com" : $credentials.region === "eu" ? "' +
	KUSTOMER_HOSTS.eu +
	'" : "' +
	KUSTOMER_HOSTS.us +
	'" }}';

export function kustomerBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const region = credentials.region;
	if (region === 'custom') return String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	if (region === 'org') {
		return `https://${String(credentials.orgName ?? '').trim().toLowerCase()}.api.kustomerapp.com`;
	}
	return region === 'eu' ? KUSTOMER_HOSTS.eu : KUSTOMER_HOSTS.us;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Returns why a base URL must not receive the API key, or undefined when it may. Plain http is
 * refused except on loopback, so a key never crosses a network unencrypted.
 */
export function baseUrlProblem(baseUrl: string | undefined): string | undefined {
	if (!baseUrl) return 'No Kustomer host is set in the credential';
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return `The credential's base URL "${baseUrl}" is not a valid URL`;
	}
	if (url.username || url.password) return 'The base URL must not contain a user name or password';
	if (url.search || url.hash) return 'The base URL must not contain a query string or fragment';
	if (url.protocol === 'https:') return undefined;
	if (url.protocol === 'http:' && (LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith('127.'))) {
		return undefined;
	}
	return `The base URL "${url.origin}" must use https (plain http is only allowed on localhost)`;
}

/**
 * Builds a Kustomer path from a template such as `/v1/customers/{id}` or
 * `/v1/customers/email={email}`. Every value is percent-encoded into its own path segment, so
 * `../`, `?`, `#` or `/` inside an id can never change the endpoint.
 */
export function kustomerPath(template: string, values: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
		const value = values[name];
		if (value === undefined || value === null || String(value).trim() === '') {
			throw new Error(`Missing value for path parameter "${name}"`);
		}
		const text = String(value).trim();
		// URL parsers treat "." and ".." (even percent-encoded) as dot segments that walk the path.
		if (/^\.+$/.test(text)) throw new Error(`"${text}" is not a valid value for "${name}"`);
		return encodeURIComponent(text);
	});
}

/**
 * Kustomer refuses request bodies over 100 kB with 413 on most endpoints
 * (https://developer.kustomer.com/kustomer-api-docs/reference/errors): the node checks before sending,
 * reading 100 kB as 100,000 bytes (the smaller of the two readings).
 */
export const MAX_BODY_BYTES = 100_000;

/** The size of a body as sent (UTF-8 JSON). */
export function bodyBytes(body: unknown): number {
	const text = JSON.stringify(body) ?? '';
	// Every UTF-16 unit takes at most 3 bytes: short bodies need no encoding to be known small enough.
	return text.length * 3 <= MAX_BODY_BYTES ? text.length : new TextEncoder().encode(text).length;
}

function kilobytes(bytes: number): string {
	return `${Math.ceil(bytes / 1000)} kB`;
}

/** The error for a body over the limit, naming its largest field so the user knows what to shorten. */
function bodyTooLarge(context: KustomerContext, body: IDataObject | IDataObject[], size: number): NodeOperationError {
	const entries: Array<[string, unknown]> = Array.isArray(body)
		? body.map((entry, index) => [`[${index}]`, entry])
		: Object.entries(body).flatMap(([key, value]): Array<[string, unknown]> =>
				key === 'custom' && value && typeof value === 'object'
					? Object.entries(value).map(([name, attribute]) => [`custom.${name}`, attribute])
					: [[key, value]],
			);
	const [largest, largestSize] = entries
		.map(([name, value]): [string, number] => [name, bodyBytes(value)])
		.reduce((best, entry) => (entry[1] > best[1] ? entry : best), ['', 0]);
	const itemIndex = 'getItemIndex' in context ? context.getItemIndex() : undefined;
	return new NodeOperationError(
		context.getNode(),
		`The request is ${kilobytes(size)}; Kustomer accepts at most 100 kB per request${itemIndex === undefined ? '' : ` [item ${itemIndex}]`}`,
		{
			itemIndex,
			description: `${largest ? `Its largest field is ${largest} (${kilobytes(largestSize)}). ` : ''}Shorten long texts or lists, or split the data over several records. Nothing was sent.`,
		},
	);
}

export type { KustomerContext, KustomerRequest } from './request';

/**
 * Sends one request with the credential's authentication and returns the full response; any
 * non-2xx answer becomes a NodeApiError worded by the error-mapping module.
 */
export async function kustomerApiRequest(
	context: KustomerContext,
	request: KustomerRequest,
): Promise<IN8nHttpFullResponse> {
	const credentials = await context.getCredentials('kustomerApi');
	const baseURL = request.baseURL ?? kustomerBaseUrl(credentials);
	const problem = baseUrlProblem(baseURL);
	if (problem) {
		throw new NodeOperationError(context.getNode(), problem, {
			description: 'Open the Kustomer credential and choose a region, organization name or https base URL.',
		});
	}
	const policy = retryPolicy(context);
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL,
		url: request.url,
		qs: request.qs,
		headers: { Accept: 'application/json' },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: policy.timeout,
	};
	if (policy.proxy) options.proxy = policy.proxy;
	if (policy.skipSslCertificateValidation) options.skipSslCertificateValidation = true;
	if (request.body !== undefined) {
		const size = bodyBytes(request.body);
		if (size > MAX_BODY_BYTES) throw bodyTooLarge(context, request.body, size);
		options.body = request.body;
		options.headers!['Content-Type'] = 'application/json';
	}
	const send = async () => {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			'kustomerApi',
			options,
		)) as IN8nHttpFullResponse;
		if (response.statusCode >= 200 && response.statusCode < 300 && typeof response.body === 'string' && response.body.trim()) {
			// A 2xx that is not JSON (a proxy's page, a cut-off body) must not become items; it is
			// a failed answer, retried like a dropped connection where that is safe.
			throw new Error('invalid JSON in the answer');
		}
		return response;
	};
	// One gate per organization (the credential's base URL and key), never per host: see retry.ts.
	const gate = await organizationKey(baseURL, credentials.apiKey);
	let response: IN8nHttpFullResponse;
	try {
		response = await withRetries(gate, request, policy, send, recoveryFor(context, request, baseURL));
	} catch (error) {
		throw transportError(context, error, request);
	}
	if (!request.acceptStatus?.includes(response.statusCode)) {
		assertKustomerResponseOk(context, response, request);
	}
	return response;
}

/**
 * Creates that carry an externalId can be found again: when such a create fails without a clear
 * answer (a 5xx, a reset, a timeout), the record is looked up by its externalId before the create
 * is sent again, so it is never made twice. Kustomer's lookup paths (OpenAPI): customers,
 * conversations and custom objects (also when created through a customer).
 */
export function lookupAfterCreate(request: KustomerRequest): KustomerRequest | undefined {
	if (request.method !== 'POST' || !request.body || Array.isArray(request.body)) return undefined;
	const externalId = request.body.externalId;
	if (typeof externalId !== 'string' || !externalId.trim()) return undefined;
	const path = request.url.split('?')[0];
	let template: string | undefined;
	const values: Record<string, string> = { externalId };
	if (path === '/v1/customers') template = '/v1/customers/externalId={externalId}';
	// Conversation › Create posts under its customer: /v1/customers/{id}/conversations.
	else if (path === '/v1/conversations' || /^\/v1\/customers\/[^/]+\/conversations$/.test(path)) {
		template = '/v1/conversations/externalId={externalId}';
	}
	else {
		const klass = /^\/v1\/(?:customers\/[^/]+\/)?klasses\/([^/]+)$/.exec(path);
		if (klass) {
			template = '/v1/klasses/{name}/externalId={externalId}';
			values.name = decodeURIComponent(klass[1]);
		}
	}
	return template ? { method: 'GET', url: kustomerPath(template, values), acceptStatus: [404] } : undefined;
}

/**
 * How far Kustomer's clock may be behind n8n's before a record found after a lost answer is taken
 * for an older one. A wrong guess fails the item with a conflict (never a duplicate).
 */
const CLOCK_SKEW_MS = 10_000;

/**
 * Whether a record found by its External ID after a lost answer is the one this create made. Its
 * creation time says so: a record created before the create was sent belonged to the External ID
 * already (later updates, such as new messages, do not make it younger). A create that sets
 * `createdAt` itself (an import) is matched on that and on the scalar fields it sent.
 */
function createdByThisRequest(record: IDataObject | undefined, body: IDataObject, sentAt: number): boolean {
	const attributes = (record?.attributes ?? {}) as IDataObject;
	if (typeof body.createdAt === 'string') {
		const same = (a: unknown, b: unknown) => Date.parse(String(a)) === Date.parse(String(b));
		return (
			same(attributes.createdAt, body.createdAt) &&
			Object.entries(body).every(([key, value]) => typeof value === 'object' || key === 'createdAt' || key === 'importedAt' || attributes[key] === value)
		);
	}
	const created = typeof attributes.createdAt === 'string' ? Date.parse(attributes.createdAt) : Number.NaN;
	return Number.isFinite(created) && created >= sentAt - CLOCK_SKEW_MS;
}

function recoveryFor(context: KustomerContext, request: KustomerRequest, baseURL: string): Recover | undefined {
	const lookup = lookupAfterCreate(request);
	if (!lookup) return undefined;
	const sentAt = Date.now();
	return async () => {
		const found = await kustomerApiRequest(context, { ...lookup, baseURL });
		if (found.statusCode === 404) return undefined;
		const record = (found.body as IDataObject | undefined)?.data as IDataObject | undefined;
		// A record created before this create was sent is not its result: the External ID already
		// belonged to it, so the create was refused (or will be). Reporting it as created would pass
		// someone else's record off as this item's.
		if (!createdByThisRequest(record, request.body as IDataObject, sentAt)) throw existingRecordConflict(context, request, record);
		return found;
	};
}

interface RequestSettings extends RetryPolicy {
	timeout: number;
	proxy?: IHttpRequestOptions['proxy'];
	skipSslCertificateValidation?: boolean;
}

/**
 * n8n's Proxy option (`http://user:password@host:port`) as the request helper takes it. The same
 * reading as n8n's RoutingNode, which does it only for the first request of an operation; here it
 * applies to every request the node sends (lookups, reads before writes, bulk polling).
 */
export function proxyFrom(context: KustomerContext, value: unknown): IHttpRequestOptions['proxy'] {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) return undefined;
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url?.hostname || !['http:', 'https:'].includes(url.protocol)) {
		throw new NodeOperationError(context.getNode(), 'Request Options › Proxy is not a valid proxy URL', {
			description: 'Write it as http://host:port, or http://user:password@host:port.',
		});
	}
	return {
		host: url.hostname,
		port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
		protocol: url.protocol.replace(/:$/, ''),
		...(url.username ? { auth: { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } } : {}),
	};
}

/** The node's Request Options, or the defaults where it has none (e.g. in dropdowns). */
function retryPolicy(context: KustomerContext): RequestSettings {
	let options: { maxRetries?: number; maxInFlight?: number; timeout?: number; proxy?: string; allowUnauthorizedCerts?: boolean } = {};
	try {
		options = (context.getNodeParameter('requestOptions', {}) as typeof options) ?? {};
	} catch {
		options = {};
	}
	const whole = (value: unknown, fallback: number, min: number) =>
		Number.isInteger(Number(value)) && Number(value) >= min ? Number(value) : fallback;
	return {
		maxRetries: whole(options.maxRetries, DEFAULT_POLICY.maxRetries, 0),
		maxInFlight: whole(options.maxInFlight, DEFAULT_POLICY.maxInFlight, 1),
		maxWaitMs: DEFAULT_POLICY.maxWaitMs,
		timeout: whole(options.timeout, DEFAULT_TIMEOUT_MS, 1),
		proxy: proxyFrom(context, options.proxy),
		skipSslCertificateValidation: options.allowUnauthorizedCerts === true,
	};
}
