import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeProperties } from 'n8n-workflow';

import { loadPackage } from '../harness/n8n';
import { apiRequests, runKustomer, seedCustomer, useSandbox } from './setup';

/**
 * n8n merges its own Request Options (Batching, Ignore SSL Issues, Proxy, Timeout) into a declarative
 * node's `requestOptions` when it loads the package. Loaded the same way here: one option per name,
 * and the node's transport honours n8n's options for every request it sends.
 */

const sandbox = useSandbox();
const byId = (value: unknown) => ({ __rl: true, mode: 'id', value: String(value) });

describe('Request Options as n8n loads them', () => {
	it('has each option once: n8n\'s Batching, Ignore SSL Issues, Proxy and Timeout, and the node\'s own', async () => {
		const loaded = await loadPackage();
		const node = loaded.nodeTypes.getByNameAndVersion('n8n-nodes-kustomer.kustomer');
		const requestOptions = node.description.properties.filter((property: INodeProperties) => property.name === 'requestOptions');
		expect(requestOptions).toHaveLength(1);
		const names = (requestOptions[0].options as INodeProperties[]).map((option) => option.name);
		expect(names).toEqual([...new Set(names)]);
		expect([...names].sort()).toEqual(['allowUnauthorizedCerts', 'batching', 'maxInFlight', 'maxRetries', 'proxy', 'timeout']);
	});
});

describe('Proxy', () => {
	let proxy: http.Server;
	let proxied: string[];

	beforeAll(async () => {
		// A plain HTTP forward proxy: the client sends the absolute URL, the proxy forwards it.
		proxy = http.createServer((req, res) => {
			proxied.push(`${req.method} ${req.url}`);
			const target = new URL(req.url ?? '/');
			const forward = http.request(
				{ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			forward.on('error', () => res.destroy());
			req.pipe(forward);
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => proxy.close(() => resolve()));
	});
	beforeEach(() => {
		proxied = [];
	});

	it('sends every request of an operation through the proxy, reads before writes included', async () => {
		const customer = await seedCustomer(sandbox, { name: 'Via Proxy', company: '5f3c6a1b2c3d4e5f6a7b8c01' });
		sandbox.clearRequests();
		const port = (proxy.address() as AddressInfo).port;
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'update',
			customerId: byId(customer.id),
			updateFields: { name: 'Proxied' },
			requestOptions: { proxy: `http://127.0.0.1:${port}` },
		});
		expect(result.error).toBeUndefined();
		expect(proxied).toEqual([
			`GET ${sandbox.url}/v1/customers/${String(customer.id)}`,
			`PATCH ${sandbox.url}/v1/customers/${String(customer.id)}`,
		]);
		expect(apiRequests(sandbox).map((request) => request.method)).toEqual(['GET', 'PATCH']);
	});

	it('an invalid proxy is an error naming the option, and nothing is sent', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'customer',
			operation: 'get',
			customerId: byId('5f3c6a1b2c3d4e5f6a7b8c9d'),
			requestOptions: { proxy: 'not a proxy' },
		});
		// n8n's RoutingNode checks it first ("The proxy is not valid"); the node's own check words it alike.
		expect(result.error?.message).toMatch(/proxy is not (a )?valid/i);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});
});
