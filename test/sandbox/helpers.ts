/** Small HTTP client for sandbox tests: real requests through Node's fetch. */
import { KustomerSandbox } from '../../sandbox';

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed JSON body, undefined when empty or not JSON. */
	json: any;
}

export interface CallOptions {
	/** API key to send; null sends no Authorization header. Default: the sandbox's main key. */
	key?: string | null;
	headers?: Record<string, string>;
	/** Sent verbatim when a string, JSON-encoded otherwise. */
	body?: unknown;
}

export async function call(sb: KustomerSandbox, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
	const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
	const key = opts.key === undefined ? sb.apiKey : opts.key;
	if (key !== null) headers.authorization = `Bearer ${key}`;
	let body: string | undefined;
	if (opts.body !== undefined) {
		body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
		headers['content-type'] ??= 'application/json';
	}
	const res = await fetch(`${sb.url}${path}`, { method, headers, body });
	const text = await res.text();
	let json: any;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

/** Creates a customer and returns its id (fails the test when not 201). */
export async function createCustomer(sb: KustomerSandbox, body: Record<string, unknown>): Promise<string> {
	const r = await call(sb, 'POST', '/v1/customers', { body });
	if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.text}`);
	return r.json.data.id;
}

/** Creates a conversation for a customer and returns its id (fails the test when not 201). */
export async function createConversation(sb: KustomerSandbox, customerId: string, body: Record<string, unknown> = {}): Promise<string> {
	const r = await call(sb, 'POST', `/v1/customers/${customerId}/conversations`, { body });
	if (r.status !== 201) throw new Error(`conversation create failed: ${r.status} ${r.text}`);
	return r.json.data.id;
}

/** An id that no record of a fresh sandbox has. */
export const MISSING_ID = '0123456789abcdef01234567';

/** Creates a klass and returns its id (fails the test when not 200, Kustomer's documented answer). */
export async function createKlass(sb: KustomerSandbox, body: Record<string, unknown>): Promise<string> {
	const r = await call(sb, 'POST', '/v1/klasses', { body });
	if (r.status !== 200) throw new Error(`klass create failed: ${r.status} ${r.text}`);
	return r.json.data.id;
}

/** Creates a KObject of klass `name` and returns its id (fails the test when not 201). */
export async function createKObject(sb: KustomerSandbox, name: string, body: Record<string, unknown>): Promise<string> {
	const r = await call(sb, 'POST', `/v1/klasses/${name}`, { body });
	if (r.status !== 201) throw new Error(`kobject create failed: ${r.status} ${r.text}`);
	return r.json.data.id;
}
