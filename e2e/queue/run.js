#!/usr/bin/env node
'use strict';
/**
 * `npm run test:queue`: the packed node in n8n's queue mode (Redis + PostgreSQL, main + 2 workers +
 * 1 webhook processor; e2e/queue/stack.js), against the sandbox with one organization limited to R
 * requests per window, each scenario checked in the sandbox's store:
 *   1. 4 executions at once, 500 customer creates each, spread over the 2 workers: 0 lost,
 *      0 duplicates, 0 failed items; throughput >= 0.85 R; 429s <= 10 % of requests.
 *   2. Create Many with 5,000 custom objects, run by a worker.
 *   3. The Kustomer Trigger active, deliveries through the webhook processor, with Kustomer's repeats
 *      (the same event delivered again later, and twice at once): each event runs the workflow once.
 *
 *   node e2e/queue/run.js [--version 2.8.4] [--only 1,3] [--keep]
 *
 * Expects `npm run build && npm run build:dev`, `bash e2e/install.sh` and `bash e2e/queue/install.sh`.
 */
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, Failure, seconds, freePort, sleep } = require('../lib/common');
const { availableVersions } = require('../lib/n8n');
const { NODE_TYPE, checkBuilt } = require('../lib/package');
const { startQueueStack, makeQueueWorkDir, until } = require('./stack');
const { QUEUE_RATE, KLASS, REDIS_CREDENTIAL, bulkWorkflow, createManyWorkflow, triggerOnceWorkflow, CREDENTIAL } = require('./workflows');

let KustomerSandbox, signBody, EVENT_HEADER, SIGNATURE_HEADER;
const log = (message) => process.stdout.write(`[queue ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function parseArgs(argv) {
	const options = { versions: [], only: undefined, keep: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--version') options.versions.push(...String(argv[++i] ?? '').split(','));
		else if (arg === '--only') options.only = String(argv[++i] ?? '').split(',');
		else if (arg === '--keep') options.keep = true;
		else throw new Failure(`unknown argument ${arg} (usage: node e2e/queue/run.js [--version X.Y.Z] [--only 1,2,3] [--keep])`);
	}
	return options;
}

const expect = (condition, message) => {
	if (!condition) throw new Failure(message);
};

/** Finished executions of a workflow, by status, from PostgreSQL. */
function executions(stack, workflowId) {
	return stack.sql(`SELECT id, status FROM execution_entity WHERE "workflowId" = '${workflowId}' ORDER BY id`).map(([id, status]) => ({ id, status }));
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * Scenario 1 (also the bench's P6): `runs` executions of `items` creates at once through the
 * webhook processor; returns the figures, measured in the sandbox's store.
 */
async function manyExecutions(stack, sandbox, { workflowId, route, prefix, runs = 4, items = 500, timeoutMs = 300_000 }) {
	sandbox.clearRequests();
	const before = executions(stack, workflowId).length;
	const answers = await Promise.all(Array.from({ length: runs }, (_, r) => stack.post(route, { count: items, tag: `${prefix} r${r}` })));
	expect(answers.every((answer) => answer.status === 200), `the webhook processor answered ${answers.map((a) => `${a.status} ${a.text.slice(0, 120)}`).join('; ')}`);
	const finished = await until(`${runs} executions of ${workflowId}`, () => {
		const all = executions(stack, workflowId).slice(before);
		return all.length === runs && all.every((e) => FINISHED.has(e.status)) && all;
	}, { timeoutMs, intervalMs: 500 });
	const customers = [...sandbox.store.customers.values()].filter((c) => String(c.attributes.name).startsWith(`${prefix} r`));
	const names = customers.map((c) => String(c.attributes.name));
	const unique = new Set(names);
	const expected = runs * items;
	const requests = sandbox.requests.filter((request) => request.path.startsWith('/v1/'));
	const refused = requests.filter((request) => request.status === 429).length;
	const createdAt = (c) => Date.parse(String(c.attributes.createdAt));
	const times = customers.map(createdAt).sort((a, b) => a - b);
	const sendingMs = times.length > 1 ? times[times.length - 1] - times[0] : 0;
	// While all executions were sending: from the last one's first create on. Before it, n8n is still
	// preparing that execution's items (CPU-bound on 2 shared cores, and not the node's pacing).
	const firstOfRun = Array.from({ length: runs }, (_, r) => Math.min(...customers.filter((c) => String(c.attributes.name).startsWith(`${prefix} r${r} `)).map(createdAt)));
	const allSending = Math.max(...firstOfRun);
	const steady = times.filter((t) => t >= allSending);
	const steadyMs = steady.length > 1 ? steady[steady.length - 1] - steady[0] : 0;
	const ofR = (count, ms) => (ms > 0 ? Math.round(((Math.ceil(count / QUEUE_RATE.limit) - 1) * QUEUE_RATE.windowMs * 100) / ms) / 100 : 0);
	const workers = stack.workerOf();
	return {
		executions: finished.map((e) => ({ ...e, worker: workers[e.id] })),
		items: expected,
		created: unique.size,
		lost: expected - unique.size,
		duplicates: names.length - unique.size,
		failedExecutions: finished.filter((e) => e.status !== 'success').length,
		requests: requests.length,
		answered429: refused,
		share429: requests.length ? Math.round((refused / requests.length) * 1000) / 1000 : 0,
		sendingSeconds: sendingMs / 1000,
		/** As the bench's P3: the limit lets the last of n creates go out (ceil(n / R) - 1) windows after the first at the soonest. */
		throughputOfR: ofR(unique.size, sendingMs),
		/** The same, over the creates sent while all executions were sending. */
		steadyCreates: steady.length,
		steadySeconds: steadyMs / 1000,
		steadyThroughputOfR: ofR(steady.length, steadyMs),
	};
}

async function scenario1(stack, sandbox) {
	const r = await manyExecutions(stack, sandbox, { workflowId: 'queueBulk', route: '/webhook/queue-bulk', prefix: `S1 ${stack.version}` });
	log(`${stack.version} scenario 1: ${JSON.stringify(r)}`);
	expect(r.failedExecutions === 0, `scenario 1: ${r.failedExecutions} executions failed: ${JSON.stringify(r.executions)}`);
	expect(r.lost === 0 && r.duplicates === 0, `scenario 1: ${r.lost} lost, ${r.duplicates} duplicates`);
	const used = new Set(r.executions.map((e) => e.worker));
	expect(used.has('w1') && used.has('w2'), `scenario 1: the executions did not spread over both workers: ${JSON.stringify(r.executions)}`);
	expect(r.steadyThroughputOfR >= 0.85, `scenario 1: throughput ${r.steadyThroughputOfR} of R while all executions were sending, below 0.85`);
	expect(r.share429 <= 0.1, `scenario 1: ${r.answered429} of ${r.requests} requests answered 429 (${r.share429}), above 10 %`);
	return r;
}

/**
 * The sandbox's API with its main key, as another Kustomer user would change records. The organization's
 * budget is the test's too: a 429 waits for the reset (bounded) and goes again.
 */
async function api(sandbox, method, route, body) {
	for (let attempt = 0; ; attempt++) {
		const response = await fetch(`${sandbox.url}${route}`, {
			method,
			headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = await response.json().catch(() => undefined);
		if (response.status === 429 && attempt < 10) {
			const reset = Number(response.headers.get('x-ratelimit-reset'));
			await sleep(Number.isFinite(reset) ? Math.min(Math.max(reset * 1000 - Date.now(), 0) + 50, 10_000) : 1000);
			continue;
		}
		if (response.status >= 300) throw new Failure(`${method} ${route} answered ${response.status}: ${JSON.stringify(json)}`);
		return json?.data;
	}
}

/** Resolves when the sandbox's deliveries settled, or fails after timeoutMs. */
async function deliveriesSettled(sandbox, timeoutMs = 120_000) {
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Failure(`webhook deliveries not settled after ${seconds(timeoutMs)} s`)), timeoutMs);
	});
	try {
		await Promise.race([sandbox.deliveriesSettled(), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Scenario 3: the Kustomer Trigger with the example workflow kustomerExTriggerOnce (Redis INCR claims
 * each event), deliveries through the webhook processors. Kustomer's repeats: every event delivered
 * again later (the sandbox's redelivery, to the same processor), and events delivered three times at
 * once (the sandbox's delivery, plus the same signed body to each of the two webhook processors).
 * Each event must run the workflow's work once: one customer "seen <eventId>" per event.
 */
async function scenario3(stack, sandbox, { events = 10 } = {}) {
	const workflowId = 'kustomerExTriggerOnce';
	const [hook] = sandbox.store.outboundWebhooks.values();
	expect(hook, 'scenario 3: the Kustomer Trigger registered no outbound webhook at the sandbox');
	sandbox.webhooks.deliveries.length = 0;
	const customers = [];
	for (let i = 0; i < events * 2; i++) customers.push(await api(sandbox, 'POST', '/v1/customers', { name: `S3 ${stack.version} ${i}` }));

	// Events delivered once by the sandbox, then again far apart (after the first ones were handled).
	for (let i = 0; i < events; i++) await api(sandbox, 'PATCH', `/v1/customers/${customers[i].id}`, { name: `S3 ${stack.version} ${i} changed` });
	await deliveriesSettled(sandbox);
	const firstIds = [...new Set(sandbox.deliveries.map((d) => d.eventId))];
	expect(firstIds.length === events, `scenario 3: ${firstIds.length} events delivered, ${events} expected`);
	await stack.until('scenario 3: first deliveries run', () => seenCustomers(sandbox, firstIds).size === events, { timeoutMs: 120_000, intervalMs: 500 });
	for (const id of firstIds) await sandbox.redeliver(id);

	// Events delivered three times at once: the sandbox's own delivery and one to each webhook processor.
	const token = hook.attributes.token;
	const registered = Object.fromEntries(hook.attributes.headers.map(({ name, value }) => [name.toLowerCase(), value]));
	const atOnce = [];
	for (let i = events; i < events * 2; i++) {
		const record = await api(sandbox, 'GET', `/v1/customers/${customers[i].id}`);
		const event = sandbox.emitEvent('kustomer.customer.update', record, { attributes: { name: { op: 'replace', before: 'x', after: 'y' } } });
		const body = JSON.stringify(event);
		const headers = { ...registered, 'content-type': 'application/json', [EVENT_HEADER]: event.name, [SIGNATURE_HEADER]: signBody(token, body) };
		atOnce.push(event.id);
		const url = new URL(hook.attributes.url);
		const answers = await Promise.all(stack.webhookBases.map((base) => fetch(`${base}${url.pathname}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(60_000) }).then((r) => r.status)));
		expect(answers.every((status) => status === 200), `scenario 3: a delivery at once was answered ${answers.join(', ')}`);
	}
	await deliveriesSettled(sandbox);
	const all = [...firstIds, ...atOnce];
	await stack.until('scenario 3: every event run', () => seenCustomers(sandbox, all).size === all.length, { timeoutMs: 120_000, intervalMs: 500 });
	// Then wait for every execution of the trigger workflow to end, so a late duplicate would be seen.
	await stack.until('scenario 3: executions finished', () => {
		const rows = executions(stack, workflowId);
		return rows.length > 0 && rows.every((e) => FINISHED.has(e.status));
	}, { timeoutMs: 120_000, intervalMs: 500 });
	const seen = seenCustomers(sandbox, all);
	const duplicates = [...seen.values()].filter((n) => n > 1).length;
	const rows = executions(stack, workflowId);
	const r = {
		events: all.length,
		deliveries: sandbox.deliveries.length + atOnce.length * stack.webhookBases.length,
		deliveriesNot200: sandbox.deliveries.filter((d) => d.status !== 200).length,
		executions: rows.length,
		failedExecutions: rows.filter((e) => e.status !== 'success').length,
		eventsRun: seen.size,
		eventsRunTwice: duplicates,
	};
	log(`${stack.version} scenario 3: ${JSON.stringify(r)}`);
	expect(r.deliveriesNot200 === 0, `scenario 3: ${r.deliveriesNot200} deliveries were not answered 200`);
	expect(r.failedExecutions === 0, `scenario 3: ${r.failedExecutions} executions failed`);
	expect(r.eventsRun === all.length && duplicates === 0, `scenario 3: ${r.eventsRun} of ${all.length} events ran, ${duplicates} more than once`);
	return r;
}

/** Scenario 2: Create Many with 5,000 custom objects in one item, run by a worker. */
async function scenario2(stack, sandbox, { objects = 5000 } = {}) {
	const workflowId = 'queueCreateMany';
	const tag = `S2 ${stack.version}`;
	if (![...sandbox.store.klasses.values()].some((k) => k.attributes.name === KLASS)) {
		await api(sandbox, 'POST', '/v1/klasses', { name: KLASS, displayName: 'Queue Objects', icon: 'box', color: '#336699' });
	}
	const before = executions(stack, workflowId).length;
	const answer = await stack.post('/webhook/queue-create-many', { count: objects, tag });
	expect(answer.status === 200, `scenario 2: the webhook processor answered ${answer.status} ${answer.text.slice(0, 200)}`);
	const [run] = await until(`scenario 2: the Create Many execution`, () => {
		const all = executions(stack, workflowId).slice(before);
		return all.length === 1 && FINISHED.has(all[0].status) && all;
	}, { timeoutMs: 300_000, intervalMs: 500 });
	const made = [...sandbox.store.kobjects.values()].filter((o) => String(o.attributes.title).startsWith(`${tag} `));
	const titles = new Set(made.map((o) => String(o.attributes.title)));
	const bulkPosts = sandbox.requests.filter((request) => request.method === 'POST' && request.path === `/v1/klasses/${KLASS}/bulk`);
	const r = {
		objects,
		created: titles.size,
		duplicates: made.length - titles.size,
		status: run.status,
		worker: stack.workerOf()[run.id],
		bulkPosts: bulkPosts.length,
		bulkPosts429: bulkPosts.filter((request) => request.status === 429).length,
	};
	log(`${stack.version} scenario 2: ${JSON.stringify(r)}`);
	expect(r.status === 'success', `scenario 2: the execution ended ${r.status}`);
	expect(r.worker === 'w1' || r.worker === 'w2', `scenario 2: no worker ran the execution (${r.worker})`);
	expect(r.created === objects && r.duplicates === 0, `scenario 2: ${r.created} of ${objects} objects created, ${r.duplicates} duplicates`);
	return r;
}

/** How often each event's work ran: customers named "seen <eventId>", by event. */
function seenCustomers(sandbox, eventIds) {
	const wanted = new Set(eventIds);
	const counts = new Map();
	for (const customer of sandbox.store.customers.values()) {
		const match = /^seen (.+)$/.exec(String(customer.attributes.name));
		if (match && wanted.has(match[1])) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
	}
	return counts;
}

async function runVersion(version, { workDir, Sandbox, only }) {
	const sandbox = await Sandbox.start({ port: await freePort(), host: '127.0.0.1', webhookDelivery: { timeoutMs: 120_000 } });
	let stack;
	const result = { version };
	try {
		sandbox.setRateLimit(QUEUE_RATE.limit, QUEUE_RATE.windowMs);
		const credentials = ({ redisPort }) => [
			{ ...CREDENTIAL, type: 'kustomerApi', data: { apiKey: sandbox.apiKey, region: 'custom', baseUrl: sandbox.url, allowedHttpRequestDomains: 'all' } },
			{ ...REDIS_CREDENTIAL, type: 'redis', data: { host: '127.0.0.1', port: redisPort, database: 0, password: '' } },
		];
		const scenarios = only ?? ['1', '2', '3'];
		stack = await startQueueStack({
			version,
			workDir,
			log,
			onStop: (stop) => {
				stopCurrent = stop;
			},
			credentials,
			webhookProcessors: scenarios.includes('3') ? 2 : 1,
			workflows: [
				{ workflow: bulkWorkflow(), publish: true },
				{ workflow: createManyWorkflow(), publish: true },
				...(scenarios.includes('3') ? [{ workflow: triggerOnceWorkflow(), publish: true }] : []),
			],
		});
		const started = Date.now();
		if (scenarios.includes('1')) result.scenario1 = await scenario1(stack, sandbox);
		if (scenarios.includes('2')) result.scenario2 = await scenario2(stack, sandbox);
		if (scenarios.includes('3')) result.scenario3 = await scenario3(stack, sandbox);
		log(`${version}: scenarios done in ${seconds(Date.now() - started)} s`);
		return result;
	} finally {
		await stack?.stop();
		stopCurrent = undefined;
		await sandbox.close();
	}
}

/** Stops the stack being run (set while one exists): Ctrl-C or a CI timeout leaves nothing behind. */
let stopCurrent;

async function main() {
	const options = parseArgs(process.argv.slice(2));
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			log(`${signal}: stopping the stack`);
			Promise.resolve(stopCurrent?.())
				.catch(() => undefined)
				.finally(() => process.exit(130));
		});
	}
	checkBuilt('the queue-mode test');
	const versions = options.versions.length ? options.versions : availableVersions();
	({ KustomerSandbox, signBody, EVENT_HEADER, SIGNATURE_HEADER } = require(path.join(ROOT, '.build/sandbox/index.js')));
	const workDir = makeQueueWorkDir('kustomer-queue-');
	const started = Date.now();
	const results = [];
	let failed = false;
	try {
		for (const version of versions) {
			const t = Date.now();
			try {
				results.push(await runVersion(version, { workDir, Sandbox: KustomerSandbox, only: options.only }));
				log(`${version}: PASS in ${seconds(Date.now() - t)} s`);
			} catch (error) {
				failed = true;
				log(`${version}: FAIL in ${seconds(Date.now() - t)} s\n${error instanceof Failure ? error.message : error.stack}`);
			}
		}
	} finally {
		if (options.keep || failed) log(`logs kept in ${workDir}`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	}
	fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify({ at: new Date().toISOString(), node: NODE_TYPE, rate: QUEUE_RATE, results }, null, '\t')}\n`);
	log(`${failed ? 'FAILED' : 'all passed'} in ${seconds(Date.now() - started)} s`);
	process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${error instanceof Failure ? error.message : error.stack}\n`);
		process.exitCode = 1;
	});
}

module.exports = { manyExecutions, executions };
