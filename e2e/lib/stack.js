'use strict';
/**
 * The dev stack behind `npm start`, `node e2e/start.js --smoke` and the browser test: the Kustomer
 * sandbox (in this process, demo data), a user folder with the packed package installed into
 * .n8n/nodes, the "Kustomer sandbox" credential and the example workflows imported, and a real
 * `n8n start` on 127.0.0.1 with its owner account set up through the REST API.
 *
 *   const stack = await startStack({ home, port: 5678, sandboxPort: 8765, log });
 *   ... stack.rest.get('/rest/workflows') ...; await stack.runWorkflow('kustomerExUpsert');
 *   await stack.stop();
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');

const { E2E, ROOT, Failure, seconds, freePort, portInUse, sleep } = require('./common');
const { resolveTarget, n8nEnv, n8nCli } = require('./n8n');
const { NODE_TYPE, checkBuilt, packPackage, installPackage } = require('./package');

const EXAMPLES_DIR = path.join(E2E, 'examples');

/** Fixed per user folder: n8n refuses to start when the key differs from the one in .n8n/config. */
const DEV_ENCRYPTION_KEY = 'kustomer-dev-encryption-key-0123456789';
const CREDENTIAL = { id: 'kustomerSandbox', name: 'Kustomer sandbox' };
/** The owner account set up on first start (n8n's rules: 8-64 characters, a digit and a capital letter). */
const DEFAULT_OWNER = { email: 'dev@example.com', password: 'Kustomer-dev-1', firstName: 'Kustomer', lastName: 'Developer' };
/** Sent with every REST call: n8n ties its auth cookie to this header. */
const BROWSER_ID = 'kustomer-dev-stack';

/** The example workflows in e2e/examples, checked to use the imported credential. */
function loadExamples() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
			if (`${workflow.id}.json` !== file) throw new Failure(`e2e/examples/${file}: file name must be <id>.json`);
			for (const node of workflow.nodes) {
				const reference = node.credentials?.kustomerApi;
				if (node.type === NODE_TYPE && (reference?.id !== CREDENTIAL.id || reference?.name !== CREDENTIAL.name)) {
					throw new Failure(`e2e/examples/${file}: node "${node.name}" must use the credential ${JSON.stringify(CREDENTIAL)}`);
				}
			}
			return { id: workflow.id, name: workflow.name, file, workflow };
		});
}

/** A tiny cookie-keeping client for n8n's REST API. */
class RestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = '';
	}

	async request(method, route, body) {
		const response = await fetch(`${this.baseUrl}${route}`, {
			method,
			headers: {
				'browser-id': BROWSER_ID,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		const text = await response.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: response.status, json, text };
	}

	get(route) {
		return this.request('GET', route);
	}

	post(route, body) {
		return this.request('POST', route, body ?? {});
	}
}

/** Polls until fn() returns a truthy value; fails when `alive()` turns false or the time is up. */
async function waitFor(what, fn, { timeoutMs, intervalMs = 250, alive = () => true, signal }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (signal?.aborted) throw new Failure(`${what}: interrupted`);
		if (!alive()) throw new Failure(`${what}: n8n exited while starting`);
		try {
			const value = await fn();
			if (value) return value;
		} catch {
			// not up yet
		}
		if (Date.now() > deadline) throw new Failure(`${what}: not ready after ${seconds(timeoutMs)} s`);
		await sleep(intervalMs);
	}
}

function tail(file, lines = 40) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/** Whether any process of the group still exists (signal 0 only checks). */
function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** The command line of a process, or undefined when it is gone. */
function commandLine(pid) {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
	} catch {
		return undefined;
	}
}

/**
 * An n8n left running by an earlier start of this user folder (its starter was killed with SIGKILL,
 * say): stopped when nothing owns it any more, refused when another start script still runs it.
 */
async function stopLeftoverN8n(home, log) {
	const pidFile = path.join(home, 'n8n.pid');
	if (!fs.existsSync(pidFile)) return;
	const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
	const command = Number.isInteger(pid) && pid > 0 ? commandLine(pid) : undefined;
	if (!command || !/node_modules\/n8n\/bin\/n8n start/.test(command)) {
		fs.rmSync(pidFile, { force: true });
		return;
	}
	const ppid = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
	const parent = commandLine(ppid) ?? '';
	if (/e2e\/start\.js|editor\.test\.js/.test(parent)) {
		throw new Failure(`n8n (pid ${pid}) already runs for ${home}, started by process ${ppid} (${parent}); stop that one first (Ctrl-C there, or kill ${ppid})`);
	}
	log(`stopping n8n pid ${pid} left running by an earlier start of ${home}`);
	try {
		process.kill(-pid, 'SIGTERM');
	} catch {
		// gone
	}
	const deadline = Date.now() + 20_000;
	while (groupAlive(pid) && Date.now() < deadline) await sleep(200);
	if (groupAlive(pid)) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// gone
		}
		await sleep(500);
	}
	fs.rmSync(pidFile, { force: true });
}

/**
 * Demo conversations for Ada Lovelace (demo customer 0), through the API like any client, so the
 * "newest conversation" example has something to find. Created on every start: the sandbox is in memory.
 */
async function seedConversations(sandbox) {
	const customers = [...sandbox.store.customers.values()];
	const customer = customers.find((c) => c.attributes.name === 'Ada Lovelace') ?? customers[0];
	const post = async (route, body) => {
		const response = await fetch(`${sandbox.url}${route}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (response.status !== 201) throw new Failure(`sandbox: POST ${route} answered ${response.status}: ${await response.text()}`);
		return (await response.json()).data;
	};
	const older = await post(`/v1/customers/${customer.id}/conversations`, { name: 'Order 1001 arrived late', status: 'done', direction: 'in' });
	await sleep(5); // distinct createdAt, so "newest" is unambiguous
	const newer = await post(`/v1/customers/${customer.id}/conversations`, { name: 'Question about the annual plan', status: 'open', direction: 'in', priority: 2 });
	return { customer: { id: customer.id, name: customer.attributes.name }, conversations: [older, newer] };
}

/**
 * Starts everything; resolves once the editor answers and the owner can log in.
 *
 * options: home (user folder, created if missing), version ('2.8.4'), port (5678), sandboxPort (8765),
 * owner ({email, password, ...}), log (line printer), n8nOutput (a writable stream that also gets n8n's
 * output, e.g. process.stdout; it always goes to <home>/logs/n8n.log), readyTimeoutMs, signal (an
 * AbortSignal: aborting it while starting stops what was started and rejects).
 */
async function startStack(options) {
	const {
		home,
		version = '2.8.4',
		port = 5678,
		sandboxPort = 8765,
		owner = DEFAULT_OWNER,
		log = () => {},
		n8nOutput,
		readyTimeoutMs = 180_000,
		signal,
	} = options;
	const checkAbort = () => {
		if (signal?.aborted) throw new Failure('interrupted while starting');
	};
	const timings = {};
	let started = Date.now();
	checkBuilt('the start script');
	const target = resolveTarget(version);
	fs.mkdirSync(home, { recursive: true });
	await stopLeftoverN8n(home, log);
	for (const [what, p] of [['n8n', port], ['sandbox', sandboxPort]]) {
		if (p && (await portInUse(p))) throw new Failure(`port ${p} (${what}) is already in use on 127.0.0.1: stop what runs there, or pick another port (--port / --sandbox-port)`);
	}

	const tmp = path.join(home, 'tmp');
	const logs = path.join(home, 'logs');
	const importDir = path.join(home, 'import');
	for (const dir of [home, tmp, logs]) fs.mkdirSync(dir, { recursive: true });
	fs.rmSync(importDir, { recursive: true, force: true });
	fs.mkdirSync(path.join(importDir, 'workflows'), { recursive: true });
	const setupLog = path.join(logs, 'setup.log');
	const n8nLog = path.join(logs, 'n8n.log');
	fs.writeFileSync(setupLog, `# ${new Date().toISOString()} start, n8n ${version}\n`);

	// 1. the package, packed and installed fresh on every start
	fs.rmSync(path.join(home, 'pack'), { recursive: true, force: true });
	const pack = packPackage(home);
	timings.pack = pack.ms;
	timings.install = await installPackage(pack, home, { ...process.env, TMPDIR: tmp }, setupLog);
	log(`package ${pack.name}@${pack.version} packed (${seconds(pack.ms)} s) and installed into ${path.join(home, '.n8n/nodes')} (${seconds(timings.install)} s)`);

	checkAbort();
	// 2. the sandbox, with demo data
	const { KustomerSandbox } = require(path.join(ROOT, '.build/sandbox/index.js'));
	const sandbox = await KustomerSandbox.start({ port: sandboxPort, host: '127.0.0.1', demo: true });
	let child;
	let exited = false;
	let stopped;
	const stop = () => (stopped ??= stopAll());
	const stopAll = async () => {
		if (child && !exited) {
			const pgid = child.pid;
			try {
				process.kill(-pgid, 'SIGTERM');
			} catch {
				// already gone
			}
			const deadline = Date.now() + 20_000;
			while (!exited && Date.now() < deadline) await sleep(100);
			if (!exited || groupAlive(pgid)) {
				try {
					process.kill(-pgid, 'SIGKILL');
				} catch {
					// already gone
				}
				while (!exited) await sleep(50);
			}
			// The task runner is n8n's child in the same group: wait until the whole group is gone.
			const groupDeadline = Date.now() + 5_000;
			while (groupAlive(pgid) && Date.now() < groupDeadline) await sleep(50);
			if (groupAlive(pgid)) {
				try {
					process.kill(-pgid, 'SIGKILL');
				} catch {
					// already gone
				}
			}
		}
		await sandbox.close();
	};
	try {
		const seeded = await seedConversations(sandbox);
		log(`sandbox on ${sandbox.url} (${sandbox.store.customers.size} demo customers; 2 conversations for ${seeded.customer.name})`);

		checkAbort();
		// 3. credential and example workflows
		started = Date.now();
		const env = n8nEnv({
			nodeBin: target.nodeBin,
			home,
			tmp,
			brokerPort: await freePort(),
			encryptionKey: DEV_ENCRYPTION_KEY,
			extra: { N8N_PORT: String(port), N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}` },
		});
		const credentialsFile = path.join(importDir, 'credentials.json');
		const credential = { ...CREDENTIAL, type: 'kustomerApi', data: { apiKey: sandbox.apiKey, region: 'custom', baseUrl: sandbox.url } };
		fs.writeFileSync(credentialsFile, JSON.stringify([credential], null, 2));
		await n8nCli(target, ['import:credentials', `--input=${credentialsFile}`], env, setupLog);
		const examples = loadExamples();
		for (const example of examples) fs.copyFileSync(path.join(EXAMPLES_DIR, example.file), path.join(importDir, 'workflows', example.file));
		await n8nCli(target, ['import:workflow', '--separate', `--input=${path.join(importDir, 'workflows')}`], env, setupLog);
		timings.import = Date.now() - started;
		log(`imported credential "${CREDENTIAL.name}" and ${examples.length} example workflows (${seconds(timings.import)} s)`);

		checkAbort();
		// 4. n8n start, in its own process group so that stopping it also stops its task runner
		started = Date.now();
		const out = fs.openSync(n8nLog, 'a');
		fs.writeSync(out, `\n# ${new Date().toISOString()} n8n start (pid follows)\n`);
		child = spawn(target.nodeBin, [target.n8nBin, 'start'], {
			cwd: home,
			env,
			detached: true,
			stdio: ['ignore', n8nOutput ? 'pipe' : out, n8nOutput ? 'pipe' : out],
		});
		if (n8nOutput) {
			for (const stream of [child.stdout, child.stderr]) {
				stream.on('data', (chunk) => {
					fs.writeSync(out, chunk);
					n8nOutput.write(chunk);
				});
			}
		}
		const pidFile = path.join(home, 'n8n.pid');
		fs.writeFileSync(pidFile, `${child.pid}\n`);
		child.on('exit', () => {
			exited = true;
			fs.rmSync(pidFile, { force: true });
		});
		child.on('close', () => fs.closeSync(out));
		const url = `http://127.0.0.1:${port}`;
		const rest = new RestClient(url);
		const alive = () => !exited;
		try {
			await waitFor('n8n /healthz/readiness', async () => (await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(5_000) })).ok, { timeoutMs: readyTimeoutMs, alive, signal });
			timings.readiness = Date.now() - started;
			await waitFor('n8n editor', async () => {
				const page = await fetch(`${url}/`, { signal: AbortSignal.timeout(5_000) });
				const settings = await rest.get('/rest/settings');
				return page.ok && settings.status === 200;
			}, { timeoutMs: readyTimeoutMs, alive, signal });
			timings.editor = Date.now() - started;
		} catch (error) {
			throw new Failure(`${error.message}\n--- ${n8nLog} (last lines) ---\n${tail(n8nLog)}`);
		}
		log(`n8n ${version} answers on ${url} (readiness ${seconds(timings.readiness)} s, editor ${seconds(timings.editor)} s after launch)`);

		checkAbort();
		// 5. the owner account: set up once through the REST call the sign-up screen makes
		const settings = (await rest.get('/rest/settings')).json?.data;
		let ownerCreated = false;
		if (settings?.userManagement?.showSetupOnFirstLoad) {
			const setup = await rest.post('/rest/owner/setup', owner);
			if (setup.status !== 200) throw new Failure(`POST /rest/owner/setup answered ${setup.status}: ${setup.text}`);
			ownerCreated = true;
		}
		const login = await rest.post('/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		const ownerLogin = login.status === 200;
		if (!ownerLogin) log(`warning: the owner of ${home} exists already and ${owner.email} / ${owner.password} does not log in (${login.status}); use the account you set up`);

		const stack = {
			target,
			home,
			url,
			rest,
			sandbox,
			seeded,
			owner: { ...owner, created: ownerCreated, loginOk: ownerLogin },
			credential: CREDENTIAL,
			examples,
			logs: { setup: setupLog, n8n: n8nLog },
			timings,
			n8nPid: child.pid,
			stop,
			waitForExit: () => new Promise((resolve) => (exited ? resolve() : child.once('exit', resolve))),
			get n8nRunning() {
				return !exited;
			},
			/** Runs a stored workflow as the editor's "Execute workflow" does; resolves with the finished execution. */
			runWorkflow: (id, timeoutMs = 60_000) => runWorkflow(stack, id, timeoutMs),
			/** Reads a finished execution (of an active workflow, say) by its id. */
			readExecution: (executionId, timeoutMs = 60_000) => readExecution(stack, executionId, timeoutMs),
		};
		return stack;
	} catch (error) {
		await stop();
		throw error;
	}
}

/** POST /rest/workflows/:id/run from the manual trigger, then poll the execution until it has finished. */
async function runWorkflow(stack, id, timeoutMs) {
	const { rest } = stack;
	const workflow = await rest.get(`/rest/workflows/${id}`);
	if (workflow.status !== 200) throw new Failure(`GET /rest/workflows/${id} answered ${workflow.status}: ${workflow.text.slice(0, 300)}`);
	const workflowData = workflow.json.data;
	const trigger = workflowData.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Failure(`workflow ${id} has no manual trigger`);
	const run = await rest.post(`/rest/workflows/${id}/run`, { workflowData, triggerToStartFrom: { name: trigger.name } });
	const executionId = run.json?.data?.executionId;
	if (run.status !== 200 || !executionId) throw new Failure(`POST /rest/workflows/${id}/run answered ${run.status}: ${run.text.slice(0, 300)}`);
	return await readExecution(stack, executionId, timeoutMs);
}

/** Waits until an execution has finished and reads it: status, error, run data, items per node. */
async function readExecution(stack, executionId, timeoutMs = 60_000) {
	const { rest } = stack;
	const execution = await waitFor(`execution ${executionId}`, async () => {
		const response = await rest.get(`/rest/executions/${executionId}`);
		const data = response.json?.data;
		return data && data.finished !== undefined && !['new', 'running', 'waiting'].includes(data.status) ? data : undefined;
	}, { timeoutMs, intervalMs: 200, alive: () => stack.n8nRunning });
	// Execution data is stored `flatted`; read it with n8n's own copy of the library.
	const flatted = createRequire(path.join(stack.target.dir, 'node_modules/n8n/package.json'))('flatted');
	const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
	const runData = data?.resultData?.runData ?? {};
	const items = (nodeName) => (runData[nodeName]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
	return { id: executionId, status: execution.status, error: data?.resultData?.error, runData, items };
}

module.exports = { startStack, loadExamples, waitFor, DEFAULT_OWNER, CREDENTIAL, DEV_ENCRYPTION_KEY };
