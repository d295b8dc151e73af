import { NodeOperationError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { assertKustomerResponseOk, existingRecordConflict, transportError } from './errors';
import type { KustomerContext, KustomerRequest } from './request';
import { redactSecrets } from './redact';
import { DEADLINE_NOTE, DEFAULT_POLICY, DEFAULT_TIMEOUT_MS, DeadlineError, KEY_REFUSED, failureCode, organizationKey, withRetries, type Recover, type RetryPolicy } from './retry';

/**
 * The one module that knows where Kustomer lives, where the API key may go, and how a request
 * reaches Kustomer.
 *
 * Hosts (https://developer.kustomer.com/docs/get-started/regions-and-base-urls): Kustomer runs in three
 * regions, US (api.kustomerapp.com), EU (api.prod2.kustomerapp.com) and India (api.prod4.kustomerapp.com),
 * and every org also answers on its own host, {org}.api.kustomerapp.com, which routes to its region.
 * A custom base URL serves proxies and the local sandbox.
 */
export const KUSTOMER_HOSTS = {
	us: 'https://api.kustomerapp.com',
	eu: 'https://api.prod2.kustomerapp.com',
	india: 'https://api.prod4.kustomerapp.com',
} as const;

/**
 * The same rule as `kustomerBaseUrl`, as an n8n expression: the node's requestDefaults and the
 * credential test are resolved by n8n itself, before any of our code runs. A unit test keeps the
 * two in step. Whether the key may be sent to the result is decided in `keyDestinationProblem`,
 * which the credential's `authenticate` applies to every request (the credential test's included).
 */
export const KUSTOMER_BASE_URL_EXPRESSION =
	'={{ $credentials.region === "custom" ? String($credentials.baseUrl || "").trim().replace(/\\/+$/, "") : $credentials.region === "org" ? "https://" + String($credentials.orgName || "").trim().toLowerCase() + ".api.kustomerapp.com" : $credentials.region === "eu" ? "' +
	KUSTOMER_HOSTS.eu +
	'" : $credentials.region === "india" ? "' +
	KUSTOMER_HOSTS.india +
	'" : "' +
	KUSTOMER_HOSTS.us +
	'" }}';

export function kustomerBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const region = credentials.region;
	if (region === 'custom') return String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	if (region === 'org') {
		return `https://${String(credentials.orgName ?? '').trim().toLowerCase()}.api.kustomerapp.com`;
	}
	return region === 'eu' ? KUSTOMER_HOSTS.eu : region === 'india' ? KUSTOMER_HOSTS.india : KUSTOMER_HOSTS.us;
}

/**
 * An organization name is the first label of the org's host (acme for acme.kustomerapp.com): letters,
 * digits and hyphens, as in any DNS label. Anything else (a dot, a slash, a backslash, a port, an @)
 * could move the key to another host.
 */
const ORG_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * Plain http only to the loopback interface written literally: `localhost`, an IPv4 address in
 * 127.0.0.0/8 or `[::1]`. A DNS name that merely starts with "127." can point anywhere.
 */
function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

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
		return `The credential's base URL "${baseUrl.slice(0, 200)}" is not a valid URL`;
	}
	if (url.username || url.password) return 'The base URL must not contain a user name or password';
	if (url.search || url.hash) return 'The base URL must not contain a query string or fragment';
	if (url.protocol === 'https:') return undefined;
	// WHATWG URL parsing writes an IPv4 address in its dotted form (127.1 → 127.0.0.1), so the test sees the address.
	if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined;
	return `The base URL "${url.origin}" must use https (plain http is only allowed on localhost, 127.x.x.x and [::1])`;
}

/** Why the credential's settings cannot be used, or undefined: the region's host, the organization name, the base URL. */
export function credentialProblem(credentials: ICredentialDataDecryptedObject): string | undefined {
	if (credentials.region === 'org') {
		const name = String(credentials.orgName ?? '').trim();
		if (!ORG_NAME.test(name)) {
			return `The credential's Organization Name "${name.slice(0, 100)}" is not a Kustomer organization name: enter only the name, as acme for acme.kustomerapp.com (letters, digits and hyphens)`;
		}
	}
	return baseUrlProblem(kustomerBaseUrl(credentials));
}

/** The URL a request goes to, as axios (n8n's HTTP client) joins baseURL and url: an absolute url wins. */
function requestTarget(options: { baseURL?: unknown; baseUrl?: unknown; url?: unknown; uri?: unknown }): string | undefined {
	const url = typeof options.url === 'string' ? options.url : typeof options.uri === 'string' ? options.uri : undefined;
	const base = typeof options.baseURL === 'string' ? options.baseURL : typeof options.baseUrl === 'string' ? options.baseUrl : undefined;
	if (url !== undefined && (/^([a-z][a-z\d+\-.]*:)?\/\//i.test(url) || !base)) return url;
	if (base === undefined) return undefined;
	return url ? `${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}` : base;
}

/**
 * The one decision of where the API key may go: only to the credential's own Kustomer host (or
 * custom base URL), and only when that is allowed (https, or plain http on loopback). Returns why
 * not, or undefined. The credential's `authenticate` applies it to every request before adding the
 * key, so the node, its dropdowns, the trigger, the credential test and any other node using the
 * credential are held to the same rule.
 */
export function keyDestinationProblem(
	credentials: ICredentialDataDecryptedObject,
	options: { baseURL?: unknown; baseUrl?: unknown; url?: unknown; uri?: unknown },
): string | undefined {
	const problem = credentialProblem(credentials);
	if (problem) return problem;
	const allowed = new URL(kustomerBaseUrl(credentials));
	const target = requestTarget(options);
	let url: URL | undefined;
	try {
		url = target === undefined ? undefined : new URL(target);
	} catch {
		url = undefined;
	}
	const basePath = allowed.pathname.replace(/\/+$/, '');
	if (
		!url ||
		url.origin !== allowed.origin ||
		url.username ||
		url.password ||
		(basePath && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`))
	) {
		return `The Kustomer credential sends its API key only to ${allowed.origin}${basePath}, not to ${url ? url.origin : 'this address'}`;
	}
	return undefined;
}

/**
 * The credential's `authenticate`: adds `Authorization: Bearer <key>` to a request allowed by
 * `keyDestinationProblem`, and refuses any other before it is sent. The header is set on the
 * request's own headers object (as n8n does for declarative credentials), which is how the transport
 * learns which key to keep out of the answer.
 */
export async function authenticateKustomer(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const problem = keyDestinationProblem(credentials, requestOptions as unknown as Record<string, unknown>);
	if (problem) {
		// Named, not coded: n8n's credential test shows an error's code instead of its message.
		const refused = new Error(`${problem}. Nothing was sent.`);
		refused.name = KEY_REFUSED;
		throw refused;
	}
	requestOptions.headers ??= {};
	requestOptions.headers.Authorization = `Bearer ${String(credentials.apiKey ?? '')}`;
	return requestOptions;
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
 * The API key a request was sent with, as the credential's `authenticate` set it on the request's
 * headers; read from the credential when n8n worked on a copy of them.
 */
async function keyOf(context: KustomerContext, options: IHttpRequestOptions): Promise<string | undefined> {
	const header = options.headers?.Authorization;
	if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice('Bearer '.length);
	try {
		const apiKey = (await context.getCredentials('kustomerApi')).apiKey;
		return typeof apiKey === 'string' ? apiKey : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Sends one request with the credential's authentication and returns the full response; any
 * non-2xx answer becomes a NodeApiError worded by the error-mapping module. Every answer is
 * stripped of the API key (and the request's own `secrets`) before anything reads it: see redact.ts.
 */
export async function kustomerApiRequest(
	context: KustomerContext,
	request: KustomerRequest,
): Promise<IN8nHttpFullResponse> {
	const credentials = await context.getCredentials('kustomerApi');
	const baseURL = request.baseURL ?? kustomerBaseUrl(credentials);
	const policy = { ...retryPolicy(context), ...(request.deadline === undefined ? {} : { deadline: request.deadline }) };
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
		// n8n puts the Authorization header back on a redirect to another origin unless told not to:
		// a redirect must not take the key to a host the credential did not name.
		sendCredentialsOnCrossOriginRedirect: false,
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
		const answer = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			'kustomerApi',
			options,
		)) as IN8nHttpFullResponse;
		// Whatever came back, the key and the request's secrets are gone from it before anyone reads it.
		const secrets = [await keyOf(context, options), ...(request.secrets ?? [])];
		const response: IN8nHttpFullResponse = {
			...answer,
			body: redactSecrets(answer.body, secrets),
			headers: redactSecrets(answer.headers, secrets),
		};
		if (response.statusCode >= 200 && response.statusCode < 300 && typeof response.body === 'string' && response.body.trim()) {
			// A 2xx that is not JSON (a proxy's page, a cut-off body) must not become items; it is
			// a failed answer, retried like a dropped connection where that is safe.
			throw new Error('invalid JSON in the answer');
		}
		return response;
	};
	// One gate per organization (the credential's base URL and key), never per host: see retry.ts.
	const gate = organizationKey(baseURL, credentials.apiKey);
	let response: IN8nHttpFullResponse;
	try {
		response = await withRetries(gate, request, policy, send, recoveryFor(context, request, baseURL));
	} catch (error) {
		if (failureCode(error) === KEY_REFUSED) {
			// The credential refused to send its key there: nothing left n8n.
			const cause = (error as { cause?: { message?: unknown } }).cause;
			const message = typeof cause?.message === 'string' ? cause.message : (error as Error).message;
			throw new NodeOperationError(context.getNode(), message.replace(/\. Nothing was sent\.$/, ''), {
				description:
					'Nothing was sent. Open the Kustomer credential and choose a region, your organization name (as acme for acme.kustomerapp.com) or an https base URL.',
			});
		}
		if (error instanceof DeadlineError) {
			throw new NodeOperationError(context.getNode(), `${error.message} for ${request.method} ${request.url.split('?')[0]}`, {
				description: DEADLINE_NOTE,
			});
		}
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
 * is sent again, so it is never made twice. The lookup is the operation's own (`findCreated`,
 * declared with its routing: request.ts).
 */
export function lookupAfterCreate(request: KustomerRequest): KustomerRequest | undefined {
	if (!request.findCreated || request.method !== 'POST' || !request.body || Array.isArray(request.body)) return undefined;
	const externalId = request.body.externalId;
	if (typeof externalId !== 'string' || !externalId.trim()) return undefined;
	const { url, qs } = request.findCreated.lookup(externalId, request);
	return { method: 'GET', url, ...(qs ? { qs } : {}), acceptStatus: [404] };
}

/** The record a lookup found: the one record, or in a filtered list the one with the External ID. */
function foundRecord(body: unknown, externalId: unknown): IDataObject | undefined {
	const data = (body as IDataObject | undefined)?.data;
	if (!Array.isArray(data)) return (data ?? undefined) as IDataObject | undefined;
	return (data as IDataObject[]).find((record) => (record?.attributes as IDataObject | undefined)?.externalId === externalId);
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
		const record = foundRecord(found.body, (request.body as IDataObject).externalId);
		if (!record) return undefined;
		// A record created before this create was sent is not its result: the External ID already
		// belonged to it, so the create was refused (or will be). Reporting it as created would pass
		// someone else's record off as this item's.
		if (!createdByThisRequest(record, request.body as IDataObject, sentAt)) throw existingRecordConflict(context, request, record);
		// The create's answer as Kustomer would have given it: the one record (not the list it was found in).
		return { ...found, body: { ...(found.body as IDataObject), data: record } };
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
