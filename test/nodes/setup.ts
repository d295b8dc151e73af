import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { KustomerSandbox, type RecordedRequest } from '../../sandbox';
import { runNode, type RunNodeResult } from '../harness/n8n';

/** Shared set-up for node tests: one sandbox per test file, a clean state per test. */

export const READ_ONLY_KEY = 'read-only-key';

export async function startSandbox(): Promise<KustomerSandbox> {
	return await KustomerSandbox.start({
		keys: { [READ_ONLY_KEY]: ['org.user.customer.read', 'org.permission.customer.read'] },
	});
}

/**
 * One sandbox for the test file, started before its tests, reset before each and closed after
 * them. The returned object stands for that sandbox (it forwards to it), so a file can declare it
 * once at the top: `const sandbox = useSandbox();`.
 */
export function useSandbox(): KustomerSandbox {
	let current: KustomerSandbox | undefined;
	beforeAll(async () => {
		current = await startSandbox();
	});
	afterAll(async () => {
		await current?.close();
	});
	beforeEach(() => current?.reset());
	return new Proxy({} as KustomerSandbox, {
		get(_target, property) {
			if (!current) throw new Error('the sandbox is only there inside tests and their hooks');
			const value = Reflect.get(current, property, current) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
		},
	});
}

export function credentialsFor(sandbox: KustomerSandbox, apiKey = sandbox.apiKey) {
	return { kustomerApi: { apiKey, region: 'custom', baseUrl: sandbox.url } };
}

export async function runKustomer(
	sandbox: KustomerSandbox,
	parameters: INodeParameters,
	options: { items?: IDataObject[]; apiKey?: string; continueOnFail?: boolean } = {},
): Promise<RunNodeResult> {
	return await runNode({
		nodeType: 'kustomer',
		parameters,
		items: options.items,
		credentials: credentialsFor(sandbox, options.apiKey),
		continueOnFail: options.continueOnFail,
	});
}

/** The API requests the sandbox received (control endpoints excluded). */
export function apiRequests(sandbox: KustomerSandbox): RecordedRequest[] {
	return sandbox.requests.filter((request) => request.path.startsWith('/v1/'));
}

/** POSTs straight to the sandbox's API, as if the record already existed in Kustomer; returns `data`. */
export async function seedThrough(sandbox: KustomerSandbox, path: string, body: unknown): Promise<IDataObject> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (response.status >= 300) throw new Error(`seeding ${path} failed: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { data: IDataObject }).data;
}

/** Creates a customer straight through the sandbox's API, as if it already existed in Kustomer. */
export async function seedCustomer(sandbox: KustomerSandbox, attributes: IDataObject): Promise<IDataObject> {
	return await seedThrough(sandbox, '/v1/customers', attributes);
}

/** The search requests a run sent. */
export function searchRequests(sandbox: KustomerSandbox): RecordedRequest[] {
	return apiRequests(sandbox).filter((request) => request.path === '/v1/customers/search');
}

/**
 * Kustomer's search limit for an API key is 100 a minute; the sandbox enforces it. A test file that
 * searches a lot calls this at its top: a window of a second, so no test waits a minute (the node
 * learns the window from the sandbox's answers).
 */
export function searchLimitPerSecond(sandbox: KustomerSandbox): void {
	beforeEach(() => sandbox.setSearchRateLimit({ limit: 100, windowMs: 1000 }));
}

/**
 * Everything a run produced, as text: to prove the API key appears nowhere in it. The items, the
 * error (every field, its JSON form, cause and context) and the run as n8n saves it.
 */
export function everythingProduced(result: RunNodeResult): string {
	const error = result.error as (Error & Record<string, unknown>) | undefined;
	const seen = new WeakSet<object>();
	return JSON.stringify({
		run: result.run,
		items: result.items,
		error: error && {
			message: error.message,
			description: error.description,
			stack: error.stack,
			cause: error.cause,
			context: error.context,
			json: (error as unknown as { toJSON?: () => unknown }).toJSON?.(),
			all: { ...error },
		},
	}, (_key, value: unknown) => {
		// Errors keep their fields off JSON; n8n's saved copies of them are plain objects.
		if (value instanceof Error) return { ...value, message: value.message, stack: value.stack, cause: (value as { cause?: unknown }).cause };
		if (value && typeof value === 'object') {
			if (seen.has(value)) return '[seen]';
			seen.add(value);
		}
		return value;
	});
}
