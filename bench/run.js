#!/usr/bin/env node
'use strict';
/**
 * Benchmarks (issue 8): the Kustomer node against what n8n users do today (the HTTP Request node),
 * side by side in the same run, in the real n8n of the e2e setup, against the sandbox on loopback.
 *
 *   npm run bench                          (builds, installs n8n if needed, then this script)
 *   node bench/run.js [--version 2.8.4] [--quick] [--only P2|P4|P6]
 *
 * Each measurement is one `n8n execute` of a generated workflow, after the sandbox is set up for it;
 * times are the nodes' own execution times from n8n's run data (not n8n's boot). Figures:
 *   P1 1,000 custom objects: Create Many (objects from an input field, and by expression) vs HTTP Request one POST per item (requests, time ratio)
 *   P2 1,000 customer creates: Kustomer node vs HTTP Request (per-item time ratio, median of 3)
 *   P2x 1,000 Update Customer Data, customer ID and value from expressions, vs HTTP Request's PATCH alone
 *       and vs HTTP Request nodes doing the same work (GET the customer, PATCH with its company and rev)
 *   P3 2,000 creates under a rate ceiling of R per window: items lost, duplicates, throughput / R
 *   P4 Return All over 25,000 search matches, with Kustomer's search limit (100 a minute per key) enforced:
 *      returned once each, requests used, time against the least that limit allows
 *   P5 packed tarball size and runtime dependencies
 *   P6 (only with --only P6) n8n's queue mode, the stack of `npm run test:queue`: 4 executions x 500
 *      customer creates at once over 2 workers, one organization limited to R per window; the node and
 *      the HTTP Request node (Retry On Fail) in turn: throughput / R, 429 share, lost, duplicates
 * Results go to bench/results.json and a markdown table on stdout.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ROOT, Failure, seconds, freePort } = require('../e2e/lib/common');
const { availableVersions, resolveTarget, n8nEnv, n8nCli, executeWorkflow, versionFolders } = require('../e2e/lib/n8n');
const { NODE_TYPE, checkBuilt, packPackage, installPackage } = require('../e2e/lib/package');

const ENCRYPTION_KEY = 'kustomer-bench-encryption-key-0123456';
const API_KEY = 'bench-key';
const KLASS = 'Customer_Preferences';
const RATE = { limit: 100, windowMs: 2_000 };

const log = (message) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function parseArgs(argv) {
	const options = { versions: [], quick: false, only: undefined };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--version') options.versions.push(...String(argv[++i] ?? '').split(','));
		else if (arg === '--quick') options.quick = true;
		else if (arg === '--only' && ['P2', 'P4', 'P6'].includes(argv[i + 1])) options.only = argv[++i];
		else throw new Failure(`unknown argument ${arg} (usage: node bench/run.js [--version X.Y.Z] [--quick] [--only P2|P4|P6])`);
	}
	return options;
}

// ---------------------------------------------------------------------------------------------
// workflows, generated: Manual Trigger → Code (items) → the node measured

const CREDENTIALS = {
	kustomer: { id: 'kcBench', name: 'Kustomer sandbox (bench)' },
	header: { id: 'hcBench', name: 'Sandbox key header (bench)' },
};

/**
 * Start → Items (code) → the measured node(s). Several measured nodes run one after the other
 * (`Measured`, `Measured 2`, …) and their execution times are added up.
 */
function workflow(id, codeJs, ...measured) {
	const names = measured.map((_, i) => (i ? `Measured ${i + 1}` : 'Measured'));
	const nodes = [
		{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: `${id}-items`, name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: codeJs } },
		...measured.map((node, i) => ({ id: `${id}-measured-${i + 1}`, name: names[i], position: [440 + 220 * i, 0], ...node })),
	];
	const chain = ['Start', 'Items', ...names];
	return {
		id,
		name: `bench ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections: Object.fromEntries(chain.slice(0, -1).map((name, i) => [name, { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] }])),
	};
}

const kustomerNode = (parameters, extra = {}) => ({
	type: NODE_TYPE,
	typeVersion: 1,
	parameters,
	credentials: { kustomerApi: CREDENTIALS.kustomer },
	...extra,
});

const httpNode = (url, jsonBody, extra = {}) => ({
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	parameters: {
		method: 'POST',
		url,
		authentication: 'genericCredentialType',
		genericAuthType: 'httpHeaderAuth',
		sendBody: true,
		specifyBody: 'json',
		jsonBody,
		options: {},
	},
	credentials: { httpHeaderAuth: CREDENTIALS.header },
	...extra,
});

const httpPatchNode = (url, jsonBody) => {
	const node = httpNode(url, jsonBody);
	node.parameters.method = 'PATCH';
	return node;
};

const httpGetNode = (url) => {
	const node = httpNode(url, '');
	node.parameters.method = 'GET';
	node.parameters.sendBody = false;
	delete node.parameters.specifyBody;
	delete node.parameters.jsonBody;
	return node;
};

/** One item per seeded customer: its ID and a tier to write. */
const updatesCode = (ids) => `return ${JSON.stringify(ids)}.map((id, i) => ({ json: { id, key: 'loyalty_tier', tier: 'tier ' + i } }));`;

const namesCode = (count, prefix) => `return Array.from({ length: ${count} }, (_, i) => ({ json: { name: '${prefix} ' + i } }));`;

/** Seed 004's object, as many times as asked: one item holding them all for Create Many, or one per item. */
const objectsCode = (count, oneItem) => `const data = [
	{ key: 'preferred_contact_method', value: 'email' },
	{ key: 'product_interest_score', value: '8.5' },
	{ key: 'last_interaction_date', value: '2024-01-15' },
	{ key: 'is_premium_customer', value: 'true' },
];
const objects = Array.from({ length: ${count} }, (_, i) => ({ title: 'Bench Preferences ' + i, data }));
return ${oneItem ? '[{ json: { objects } }]' : 'objects.map((o) => ({ json: o }))'};`;

function buildWorkflows(sandboxUrl, sizes, updateIds) {
	const fieldTypes = {
		values: [
			{ key: 'preferred_contact_method', value: 'str' },
			{ key: 'product_interest_score', value: 'num' },
			{ key: 'last_interaction_date', value: 'date' },
			{ key: 'is_premium_customer', value: 'bool' },
		],
	};
	// The HTTP Request user writes Kustomer's body by hand: suffixed keys, converted values.
	const objectBody = '={{ JSON.stringify({ title: $json.title, custom: { preferredContactMethodStr: "email", productInterestScoreNum: 8.5, lastInteractionDateAt: "2024-01-15T00:00:00.000Z", isPremiumCustomerBool: true } }) }}';
	return [
		// Objects From: Input Field reads the array as it is; the same run by expression is measured beside it.
		workflow('benchP1Node', objectsCode(sizes.objects, true), kustomerNode({ resource: 'customObject', operation: 'createMany', klassName: KLASS, objectsFrom: 'inputField', objectsField: 'objects', fieldTypes })),
		workflow('benchP1NodeExpression', objectsCode(sizes.objects, true), kustomerNode({ resource: 'customObject', operation: 'createMany', klassName: KLASS, objects: '={{ JSON.stringify($json.objects) }}', fieldTypes })),
		workflow('benchP1Http', objectsCode(sizes.objects, false), httpNode(`${sandboxUrl}/v1/klasses/${KLASS}`, objectBody)),
		workflow('benchP2Node', namesCode(sizes.creates, 'P2 Node'), kustomerNode({ resource: 'customer', operation: 'create', customerName: '={{ $json.name }}' })),
		workflow('benchP2Http', namesCode(sizes.creates, 'P2 Http'), httpNode(`${sandboxUrl}/v1/customers`, '={{ JSON.stringify({ name: $json.name }) }}')),
		// P2x: every parameter from an expression. The node reads the customer first (its company link, see the
		// README); the HTTP Request node sends the PATCH alone.
		workflow('benchP2xNode', updatesCode(updateIds), kustomerNode({ resource: 'customer', operation: 'updateData', customerId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, personalizationData: { values: [{ key: '={{ $json.key }}', value: '={{ $json.tier }}' }] } })),
		workflow('benchP2xHttp', updatesCode(updateIds), httpPatchNode(`={{ "${sandboxUrl}/v1/customers/" + $json.id }}`, '={{ JSON.stringify({ custom: { loyaltyTierStr: $json.tier } }) }}')),
		// The same work as the node by hand: read the customer, then PATCH with its company and rev (what
		// Kustomer's docs ask for, so an update does not unlink the company), the tier from the Items node.
		workflow(
			'benchP2xHttpRead',
			updatesCode(updateIds),
			httpGetNode(`={{ "${sandboxUrl}/v1/customers/" + $json.id }}`),
			httpPatchNode(
				`={{ "${sandboxUrl}/v1/customers/" + $json.data.id }}`,
				"={{ JSON.stringify({ custom: { loyaltyTierStr: $('Items').item.json.tier }, ...($json.data.attributes.company ? { company: $json.data.attributes.company } : {}), rev: $json.data.attributes.rev }) }}",
			),
		),
		workflow('benchP3Node', namesCode(sizes.limited, 'P3 Node'), kustomerNode({ resource: 'customer', operation: 'create', customerName: '={{ $json.name }}' })),
		workflow('benchP3Http', namesCode(sizes.limited, 'P3 Http'), httpNode(`${sandboxUrl}/v1/customers`, '={{ JSON.stringify({ name: $json.name }) }}', { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 })),
		workflow('benchP4Node', 'return [{ json: {} }];', kustomerNode({ resource: 'customer', operation: 'search', filters: { values: [{ attribute: 'name', operator: 'contains', value: 'Seeded' }] }, returnAll: true, simplify: false })),
	];
}

// ---------------------------------------------------------------------------------------------
// running one workflow

/** `n8n execute --id --rawOutput`; returns the run data document (or the failure). */
async function execute(target, env, dir, id) {
	const outFile = path.join(dir, `${id}-${Date.now()}.log`);
	const { code, ms, run } = await executeWorkflow(target, env, outFile, id);
	const runData = run?.data?.resultData?.runData ?? {};
	const task = runData.Measured?.[0];
	// The measured nodes' own execution times, added up (several when the work takes a chain of nodes).
	const measuredMs = Object.entries(runData)
		.filter(([name]) => /^Measured( \d+)?$/.test(name))
		.reduce((sum, [, tasks]) => sum + (tasks?.[0]?.executionTime ?? 0), 0);
	return {
		code,
		bootMs: ms,
		ok: code === 0 && !run?.data?.resultData?.error,
		error: run?.data?.resultData?.error?.message,
		/** The measured node's own execution time (ms). */
		nodeMs: task ? measuredMs : undefined,
		items: (task?.data?.main?.[0] ?? []).map((item) => item.json),
		log: outFile,
	};
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratio = (a, b) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);

/**
 * P4: Return All over `sizes.matches` search matches, with the sandbox enforcing Kustomer's search limit
 * for API keys (100 a minute, its default). The floor is the least time that limit allows for the
 * searches used: every 100 searches after the first 100 wait for the next minute.
 */
async function measureP4(sandbox, fresh, run, sizes) {
	await fresh();
	const limit = sandbox.searchLimiter.current;
	const ids = sandbox.seedCustomers(sizes.matches);
	sandbox.clearRequests();
	const p4 = await run('benchP4Node');
	const returned = p4.items.map((item) => String(item.id));
	const distinct = new Set(returned);
	return {
		matches: sizes.matches,
		ok: p4.ok,
		returned: returned.length,
		distinct: distinct.size,
		allMatchesReturned: ids.every((id) => distinct.has(id)),
		requests: p4.requests,
		answered429: p4.answered429,
		searchLimit: `${limit.limit} / ${limit.windowMs} ms per key`,
		floorMs: Math.max(0, Math.ceil(p4.requests / limit.limit) - 1) * limit.windowMs,
		ms: p4.nodeMs,
	};
}

async function measureVersion(target, context) {
	const { pack, Sandbox, allRoles, workDir, sizes } = context;
	const { dir, home, tmp, logFile } = versionFolders(workDir, target.version);
	const env = n8nEnv({ nodeBin: target.nodeBin, home, tmp, brokerPort: await freePort(), encryptionKey: ENCRYPTION_KEY });
	await installPackage(pack, home, { ...process.env, TMPDIR: tmp }, logFile);

	const sandbox = await Sandbox.start({ port: 0, host: '127.0.0.1', apiKey: 'bench-main-key-unused', keys: { [API_KEY]: allRoles } });
	try {
		const credentials = [
			{ ...CREDENTIALS.kustomer, type: 'kustomerApi', data: { apiKey: API_KEY, region: 'custom', baseUrl: sandbox.url } },
			{ ...CREDENTIALS.header, type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${API_KEY}` } },
		];
		fs.writeFileSync(path.join(dir, 'credentials.json'), JSON.stringify(credentials));
		await n8nCli(target, ['import:credentials', `--input=${path.join(dir, 'credentials.json')}`], env, logFile);
		const importDir = path.join(dir, 'workflows');
		fs.mkdirSync(importDir, { recursive: true });
		// The P2x workflows carry the IDs of the customers they update: seeded under fixed IDs every time.
		const updateIds = Array.from({ length: sizes.creates }, (_, i) => (0x5f000000 + i).toString(16).padStart(24, '0'));
		const seedUpdated = () => {
			sandbox.seedCustomers(sizes.creates).forEach((seeded, i) => {
				const record = sandbox.store.customers.get(seeded);
				sandbox.store.customers.delete(seeded);
				sandbox.store.customers.set(updateIds[i], { ...record, id: updateIds[i] });
			});
		};
		for (const wf of buildWorkflows(sandbox.url, sizes, updateIds)) fs.writeFileSync(path.join(importDir, `${wf.id}.json`), JSON.stringify(wf));
		await n8nCli(target, ['import:workflow', '--separate', `--input=${importDir}`], env, logFile);

		const fresh = async () => {
			sandbox.reset();
			sandbox.setBulkTiming({ queuedMs: 0, runningMs: 0 });
			const klass = await fetch(`${sandbox.url}/v1/klasses`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ name: KLASS }),
			});
			if (klass.status !== 200) throw new Failure(`creating the klass answered ${klass.status}`);
			sandbox.clearRequests();
		};
		const run = async (id) => {
			const result = await execute(target, env, dir, id);
			log(`  ${target.version} ${id}: ${result.ok ? 'ok' : `failed (${result.error ?? `exit ${result.code}`})`}, node ${result.nodeMs ?? '?'} ms, ${sandbox.requests.length} requests`);
			return {
				...result,
				requests: sandbox.requests.length,
				writes: sandbox.requests.filter((r) => r.method !== 'GET').length,
				answered429: sandbox.requests.filter((r) => r.status === 429).length,
			};
		};
		const out = { version: target.version };
		if (context.only === 'P4') {
			out.P4 = await measureP4(sandbox, fresh, run, sizes);
			return out;
		}

		if (context.only !== 'P2') {
		// P1: alternating, 3 runs of each, the run with the median time reported
		const p1Runs = { benchP1Node: [], benchP1NodeExpression: [], benchP1Http: [] };
		for (let i = 0; i < 3; i++) {
			for (const id of Object.keys(p1Runs)) {
				await fresh();
				const result = await run(id);
				p1Runs[id].push({ ok: result.ok, created: sandbox.counters.created.kobject ?? 0, requests: result.requests, writes: result.writes, ms: result.nodeMs });
			}
		}
		const medianRun = (runs) => [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
		const [p1Node, p1Expression, p1Http] = Object.values(p1Runs).map(medianRun);
		out.P1 = {
			objects: sizes.objects,
			node: p1Node,
			nodeByExpression: p1Expression,
			http: p1Http,
			runsMs: Object.fromEntries(Object.entries(p1Runs).map(([id, runs]) => [id, runs.map((r) => r.ms)])),
			speedup: ratio(p1Http.ms, p1Node.ms),
			speedupByExpression: ratio(p1Http.ms, p1Expression.ms),
		};

		}

		// P2: alternating, 3 runs each, median
		const nodeTimes = [];
		const httpTimes = [];
		for (let i = 0; i < 3; i++) {
			await fresh();
			const node = await run('benchP2Node');
			if (node.ok && sandbox.counters.created.customer === sizes.creates) nodeTimes.push(node.nodeMs);
			await fresh();
			const http = await run('benchP2Http');
			if (http.ok && sandbox.counters.created.customer === sizes.creates) httpTimes.push(http.nodeMs);
		}
		out.P2 = {
			creates: sizes.creates,
			nodeMs: nodeTimes,
			httpMs: httpTimes,
			nodeMsPerItem: nodeTimes.length ? median(nodeTimes) / sizes.creates : null,
			httpMsPerItem: httpTimes.length ? median(httpTimes) / sizes.creates : null,
			ratio: nodeTimes.length && httpTimes.length ? ratio(median(nodeTimes), median(httpTimes)) : null,
		};

		// P2x: the same, every parameter from an expression, on seeded customers
		const updated = (prefix) => [...sandbox.store.customers.values()].filter((c) => String(c.attributes.custom?.loyaltyTierStr ?? '').startsWith(prefix)).length;
		const p2x = { benchP2xNode: [], benchP2xHttp: [], benchP2xHttpRead: [] };
		for (let i = 0; i < 3; i++) {
			for (const id of Object.keys(p2x)) {
				await fresh();
				seedUpdated();
				const result = await run(id);
				if (result.ok && updated('tier ') === sizes.creates) p2x[id].push(result.nodeMs);
				else log(`  ${id}: ${updated('tier ')} of ${sizes.creates} customers updated; not counted`);
			}
		}
		out.P2x = {
			updates: sizes.creates,
			nodeMs: p2x.benchP2xNode,
			httpMs: p2x.benchP2xHttp,
			nodeMsPerItem: p2x.benchP2xNode.length ? median(p2x.benchP2xNode) / sizes.creates : null,
			httpMsPerItem: p2x.benchP2xHttp.length ? median(p2x.benchP2xHttp) / sizes.creates : null,
			ratio: p2x.benchP2xNode.length && p2x.benchP2xHttp.length ? ratio(median(p2x.benchP2xNode), median(p2x.benchP2xHttp)) : null,
			// Against the HTTP Request nodes doing the same work (GET, then PATCH with company and rev).
			httpReadMs: p2x.benchP2xHttpRead,
			httpReadMsPerItem: p2x.benchP2xHttpRead.length ? median(p2x.benchP2xHttpRead) / sizes.creates : null,
			ratioSameWork: p2x.benchP2xNode.length && p2x.benchP2xHttpRead.length ? ratio(median(p2x.benchP2xNode), median(p2x.benchP2xHttpRead)) : null,
		};

		if (context.only === 'P2') return out;

		// P3: the same ceiling for both
		const limited = async (id, prefix) => {
			await fresh();
			sandbox.setRateLimit(RATE.limit, RATE.windowMs);
			const result = await run(id);
			const created = [...sandbox.store.customers.values()].filter((c) => String(c.attributes.name).startsWith(prefix));
			const names = created.map((c) => c.attributes.name);
			const unique = new Set(names);
			const ceilingPerSecond = RATE.limit / (RATE.windowMs / 1000);
			const of = (count, ms) => (ms > 0 ? Math.round(((count / ms) * 1000 * 100) / ceilingPerSecond) / 100 : 0);
			// Sustained: while creates were going out (first to last), after n8n has prepared the items.
			const times = created.map((c) => Date.parse(String(c.attributes.createdAt))).sort((a, b) => a - b);
			const sendingMs = times.length > 1 ? times[times.length - 1] - times[0] : 0;
			return {
				ok: result.ok,
				error: result.error,
				items: sizes.limited,
				created: unique.size,
				lost: sizes.limited - unique.size,
				duplicates: names.length - unique.size,
				requests: result.requests,
				answered429: result.answered429,
				seconds: result.nodeMs === undefined ? null : result.nodeMs / 1000,
				sendingSeconds: sendingMs / 1000,
				/**
				 * Sustained, as a fraction of what the ceiling allows: the ceiling lets the last of n
				 * creates go out at the soonest (ceil(n / limit) - 1) windows after the first.
				 */
				throughputOfCeiling: sendingMs > 0 ? Math.round(((Math.ceil(unique.size / RATE.limit) - 1) * RATE.windowMs * 100) / sendingMs) / 100 : 0,
				/** Created per second over the node's whole run (item preparation included). */
				overallOfCeiling: of(unique.size, result.nodeMs ?? 0),
			};
		};
		out.P3 = {
			ceiling: `${RATE.limit} requests / ${RATE.windowMs} ms`,
			node: await limited('benchP3Node', 'P3 Node'),
			http: await limited('benchP3Http', 'P3 Http'),
		};

		out.P4 = await measureP4(sandbox, fresh, run, sizes);
		return out;
	} finally {
		await sandbox.close();
	}
}

/**
 * P6: the queue-mode stack of `npm run test:queue` (e2e/queue/stack.js), scenario 1 for the node, then
 * the same for the HTTP Request node with Retry On Fail (3 tries, 1 s apart), as users set it up.
 */
async function measureP6(target, { Sandbox }) {
	const { startQueueStack, makeQueueWorkDir } = require('../e2e/queue/stack');
	const { manyExecutions } = require('../e2e/queue/run');
	const { QUEUE_RATE, CREDENTIAL, bulkWorkflow, httpBulkWorkflow } = require('../e2e/queue/workflows');
	// The folders as `npm run test:queue` prepares them (PostgreSQL runs as `postgres` and must reach them).
	const workDir = makeQueueWorkDir('kustomer-bench-p6-');
	const sandbox = await Sandbox.start({ port: await freePort(), host: '127.0.0.1' });
	let stack;
	let done = false;
	try {
		stack = await startQueueStack({
			version: target.version,
			workDir,
			log,
			onStop: (stop) => {
				stopP6 = stop;
			},
			credentials: [{ ...CREDENTIAL, type: 'kustomerApi', data: { apiKey: sandbox.apiKey, region: 'custom', baseUrl: sandbox.url, allowedHttpRequestDomains: 'all' } }],
			workflows: [
				{ workflow: bulkWorkflow(), publish: true },
				{ workflow: httpBulkWorkflow(sandbox.url), publish: true },
			],
		});
		const measure = async (workflowId, route, prefix) => {
			sandbox.setRateLimit(QUEUE_RATE.limit, QUEUE_RATE.windowMs);
			const result = await manyExecutions(stack, sandbox, { workflowId, route, prefix, timeoutMs: 600_000 });
			log(`P6 ${prefix}: ${JSON.stringify(result)}`);
			return result;
		};
		const figures = {
			ceiling: `${QUEUE_RATE.limit} requests / ${QUEUE_RATE.windowMs} ms`,
			node: await measure('queueBulk', '/webhook/queue-bulk', 'P6 Node'),
			http: await measure('queueHttpBulk', '/webhook/queue-http-bulk', 'P6 Http'),
		};
		done = true;
		return figures;
	} finally {
		await stack?.stop();
		stopP6 = undefined;
		await sandbox.close();
		if (done) fs.rmSync(workDir, { recursive: true, force: true });
		else log(`P6 logs kept in ${workDir}`);
	}
}

/** Stops P6's queue-mode stack (set while one exists): Ctrl-C leaves no Redis, PostgreSQL or n8n behind. */
let stopP6;

// ---------------------------------------------------------------------------------------------

function table(results) {
	const rows = [['Figure', 'n8n', 'Kustomer node', 'HTTP Request node', 'Ratio', 'Goal']];
	for (const r of results.versions) {
		const p1 = r.P1;
		if (!p1) continue;
		const p1Cell = (x) => `${x.created} created; ${x.writes} POSTs, ${x.requests - x.writes} status reads; ${x.ms} ms`;
		rows.push([`P1 ${p1.objects} custom objects`, r.version, p1Cell(p1.node), p1Cell(p1.http), `${p1.speedup}x faster`, '≤ 10 requests; ≥ 20x']);
		if (p1.nodeByExpression) {
			rows.push([`P1 objects by expression`, r.version, p1Cell(p1.nodeByExpression), '', `${p1.speedupByExpression}x faster`, '']);
		}
		const p2 = r.P2;
		const per = (ms) => (ms === null ? 'n/a' : `${ms.toFixed(2)} ms/item`);
		rows.push([`P2 ${p2.creates} customer creates`, r.version, per(p2.nodeMsPerItem), per(p2.httpMsPerItem), `${p2.ratio}x the time`, '≤ 1.5x']);
		const p2x = r.P2x;
		if (p2x) rows.push([`P2x ${p2x.updates} Update Customer Data, all by expression`, r.version, `${per(p2x.nodeMsPerItem)} (GET + PATCH)`, `${per(p2x.httpMsPerItem)} (PATCH alone)`, `${p2x.ratio}x the time`, '']);
		if (p2x?.ratioSameWork != null) rows.push([`P2x the same, HTTP Request doing the same work`, r.version, `${per(p2x.nodeMsPerItem)} (GET + PATCH)`, `${per(p2x.httpReadMsPerItem)} (GET + PATCH)`, `${p2x.ratioSameWork}x the time`, '≤ 1.5x']);
		const p3 = (x) =>
			`${x.created}/${x.items} created, ${x.lost} lost, ${x.duplicates} duplicates; ${x.throughputOfCeiling} of R sustained, ${x.overallOfCeiling} over the whole run${x.ok ? '' : ' (run failed)'}`;
		rows.push([`P3 ${r.P3.node.items} creates at ${r.P3.ceiling}`, r.version, p3(r.P3.node), p3(r.P3.http), '', '0 lost, 0 dup, ≥ 0.9 R']);
		const p4 = r.P4;
		rows.push([
			`P4 Return All, ${p4.matches} matches, search limit ${p4.searchLimit ?? 'off'}`,
			r.version,
			`${p4.distinct} distinct of ${p4.returned}, ${p4.requests} requests (${p4.answered429 ?? 0} refused); ${p4.ms} ms, the limit's floor ${p4.floorMs ?? 0} ms`,
			'',
			'',
			'each once; ≤ 55 requests; time vs the floor',
		]);
		if (r.P6) {
			const p6 = (x) =>
				`${x.created}/${x.items} created, ${x.lost} lost, ${x.duplicates} duplicates, ${x.failedExecutions} of 4 executions failed; ${x.throughputOfR} of R from the first create, ${x.steadyThroughputOfR} while all 4 sent; ${x.answered429} of ${x.requests} requests 429 (${Math.round(x.share429 * 1000) / 10} %)`;
			rows.push([`P6 queue mode: 4 × 500 creates on 2 workers at ${r.P6.ceiling}`, r.version, p6(r.P6.node), p6(r.P6.http), '', '0 lost, 0 dup, ≥ 0.85 R, 429s ≤ 10 %']);
		}
	}
	rows.push(['P5 package', '', `${results.P5.packedKb} kB packed, ${results.P5.runtimeDependencies} runtime dependencies`, '', '', '≤ 150 kB, 0']);
	return rows.map((row, i) => `| ${row.join(' | ')} |${i === 0 ? `\n|${row.map(() => ' --- ').join('|')}|` : ''}`).join('\n');
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			log(`${signal}: stopping`);
			Promise.resolve(stopP6?.())
				.catch(() => undefined)
				.finally(() => process.exit(130));
		});
	}
	checkBuilt('the benchmark');
	const available = availableVersions();
	const targets = (options.versions.length ? options.versions : available).map((v) => resolveTarget(v, available));
	const sizes = options.quick
		? { objects: 100, creates: 100, limited: 200, matches: 2_500 }
		: { objects: 1_000, creates: 1_000, limited: 2_000, matches: 25_000 };
	const { KustomerSandbox, getSpecEngine } = require(path.join(ROOT, '.build/sandbox/index.js'));
	const allRoles = [...(await getSpecEngine()).spec.allRoles, 'org.permission.bulk.read'];
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-bench-'));
	const pack = packPackage(workDir);
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const results = {
		date: new Date().toISOString(),
		machine: { node: process.version, cpus: os.cpus().length, platform: `${os.platform()} ${os.arch()}` },
		quick: options.quick,
		versions: [],
		P5: {
			packedKb: Math.round((fs.statSync(pack.tarball).size / 1024) * 10) / 10,
			files: pack.fileCount,
			runtimeDependencies: Object.keys(manifest.dependencies ?? {}).length,
		},
	};
	for (const target of targets) {
		const started = Date.now();
		log(`n8n ${target.version}`);
		if (options.only === 'P6') results.versions.push({ version: target.version, P6: await measureP6(target, { Sandbox: KustomerSandbox }) });
		else results.versions.push(await measureVersion(target, { pack, Sandbox: KustomerSandbox, allRoles, workDir, sizes, only: options.only }));
		log(`n8n ${target.version} measured in ${seconds(Date.now() - started)} s`);
	}
	const file = path.join(ROOT, 'bench', options.quick ? 'results.quick.json' : 'results.json');
	if (options.only) {
		// One figure measured again: it replaces that figure in the last results, the others stay.
		const last = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { ...results, versions: [] };
		for (const measured of results.versions) {
			const entry = last.versions.find((v) => v.version === measured.version);
			const figures = options.only === 'P2' ? ['P2', 'P2x'] : [options.only];
			if (entry) for (const figure of figures) entry[figure] = measured[figure];
			else last.versions.push(measured);
		}
		last[`${options.only}date`] = results.date;
		Object.assign(results, last);
	} else if (fs.existsSync(file)) {
		// P6 is measured only on its own (--only P6): a full run keeps the last one.
		const last = JSON.parse(fs.readFileSync(file, 'utf8'));
		for (const entry of last.versions ?? []) {
			const measured = results.versions.find((v) => v.version === entry.version);
			if (entry.P6 && measured) measured.P6 = entry.P6;
		}
		if (last.P6date) results.P6date = last.P6date;
	}
	fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
	process.stdout.write(`\n${table(results)}\n\nwritten to ${path.relative(ROOT, file)}\n`);
	fs.rmSync(workDir, { recursive: true, force: true });
}

main().catch((error) => {
	process.stderr.write(`\nbench: ${error instanceof Failure ? error.message : error.stack}\n`);
	process.exit(1);
});
