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

/** Creates a customer straight through the sandbox's API, as if it already existed in Kustomer. */
export async function seedCustomer(sandbox: KustomerSandbox, attributes: IDataObject): Promise<IDataObject> {
	const response = await fetch(`${sandbox.url}/v1/customers`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify(attributes),
	});
	if (response.status !== 201) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { data: IDataObject }).data;
}

/** Everything a run produced, as text: to prove the API key appears nowhere in it. */
export function everythingProduced(result: RunNodeResult): string {
	const error = result.error as (Error & Record<string, unknown>) | undefined;
	return JSON.stringify({
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
	});
}
