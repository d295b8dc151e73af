'use strict';
/**
 * n8n in queue mode, for `npm run test:queue` and the bench's P6: Redis and PostgreSQL (Debian's,
 * run as plain processes on free ports in a scratch folder), then one n8n version as main + 2
 * workers + 1 webhook processor, each with its own user folder holding the packed package. See
 * the lab notes this follows (n8n-queue-mode-lab.md): migrate once before the fleet starts (2.8.4
 * crashes in concurrent migrations), DB pool 10, the webhook processor's expression engine `legacy`
 * on 2.40.x, graceful shutdown 5 s, and every process stopped by its process group with a bounded wait.
 *
 *   const stack = await startQueueStack({ version, workDir, sandboxUrl, workflows, credentials, log });
 *   await stack.post('/webhook/queue-bulk', { count: 500 });   // to the webhook processor
 *   stack.sql('SELECT ...');                                      // rows as arrays of strings
 *   await stack.stop();
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { Failure, seconds, freePort, sleep } = require('../lib/common');
const { resolveTarget, n8nEnv, n8nCli } = require('../lib/n8n');
const { packPackage } = require('../lib/package');

const ENCRYPTION_KEY = 'kustomer-queue-encryption-key-0123456789';
const STOP_WAIT_MS = 20_000;

function pgBin() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
	const bin = versions.map((v) => path.join(root, v, 'bin')).find((dir) => fs.existsSync(path.join(dir, 'initdb')));
	if (!bin) throw new Failure('PostgreSQL is not installed: run `bash e2e/queue/install.sh`');
	return bin;
}

/** As root, PostgreSQL's programs must run as the `postgres` user (initdb and postgres refuse root). */
function asPostgres(command, args) {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/**
 * The scratch folder of queue-mode runs (`npm run test:queue` and the bench's P6), in the system's
 * temporary folder. mkdtemp makes it 0700; as root, PostgreSQL runs as `postgres` and must reach its
 * folders inside it, so it is opened to others (read and search only).
 */
function makeQueueWorkDir(prefix) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	fs.chmodSync(dir, 0o755);
	return dir;
}

/** As root: every folder above `dir` must let `postgres` through, or initdb fails with a bare "Permission denied". */
function checkReachable(dir) {
	if (process.getuid?.() !== 0) return;
	for (let folder = path.resolve(dir); ; folder = path.dirname(folder)) {
		if ((fs.statSync(folder).mode & 0o001) === 0) {
			throw new Failure(`PostgreSQL runs as \`postgres\` and cannot enter ${folder} (mode ${(fs.statSync(folder).mode & 0o777).toString(8)}): make the stack's workDir with makeQueueWorkDir() (e2e/queue/stack.js)`);
		}
		if (path.dirname(folder) === folder) return;
	}
}

/** One server process in its own process group, its output in a log file. */
function startProcess(name, command, args, { env, cwd, logFile }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	let exited = false;
	const exitedPromise = new Promise((resolve) => {
		child.once('exit', (code, signal) => {
			exited = true;
			resolve({ code, signal });
		});
		child.once('error', () => {
			exited = true;
			resolve({ code: -1 });
		});
	});
	return {
		name,
		pid: child.pid,
		logFile,
		get alive() {
			return !exited;
		},
		log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
		/** SIGTERM (or `signal`) to the whole group, SIGKILL after `waitMs`; resolves once it exited. */
		async stop(signal = 'SIGTERM', waitMs = STOP_WAIT_MS) {
			if (exited) return;
			try {
				process.kill(-child.pid, signal);
			} catch {
				return;
			}
			const done = await Promise.race([exitedPromise.then(() => true), sleep(waitMs).then(() => false)]);
			if (!done) {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					// gone meanwhile
				}
				await Promise.race([exitedPromise, sleep(5_000)]);
			}
			// The group's other members (n8n's task runner) may outlive the leader by a moment.
			for (let i = 0; i < 50; i++) {
				try {
					process.kill(-child.pid, 0);
				} catch {
					return;
				}
				await sleep(100);
			}
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// gone
			}
		},
	};
}

/** Polls until `check()` is truthy; fails when `proc` died or after timeoutMs. */
async function until(what, check, { timeoutMs, proc, intervalMs = 200 }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		let value;
		try {
			value = await check();
		} catch {
			value = undefined;
		}
		if (value) return value;
		if (proc && !proc.alive) throw new Failure(`${what}: ${proc.name} exited\n--- ${proc.logFile} ---\n${proc.log().split('\n').slice(-30).join('\n')}`);
		if (Date.now() > deadline) {
			throw new Failure(`${what}: not done after ${seconds(timeoutMs)} s${proc ? `\n--- ${proc.logFile} ---\n${proc.log().split('\n').slice(-30).join('\n')}` : ''}`);
		}
		await sleep(intervalMs);
	}
}

/**
 * Starts the stack. `workflows` (array of workflow JSON) are imported and those with `publish: true`
 * in the array entry `{ workflow, publish }` are published before main starts, so main activates
 * them (a Kustomer Trigger registers its webhook at the sandbox then). `credentials` is n8n's import
 * format (plaintext, encrypted on import).
 */
async function startQueueStack({ version, workDir, workflows, credentials, log, concurrency = 2, webhookProcessors = 1, onStop }) {
	const target = resolveTarget(version);
	const stopped = [];
	const processes = {};
	const stack = { version, target, processes };
	const root = path.join(workDir, version);
	fs.mkdirSync(root, { recursive: true });
	// PostgreSQL runs as `postgres`: it must reach its folders (workDir from makeQueueWorkDir).
	fs.chmodSync(root, 0o755);
	checkReachable(root);
	const logs = path.join(root, 'logs');
	fs.mkdirSync(logs, { recursive: true });
	const cliLog = path.join(logs, 'cli.log');

	const stop = async () => {
		const started = Date.now();
		const n8n = ['wh', 'wh2', 'w1', 'w2', 'main'].map((name) => processes[name]).filter(Boolean);
		await Promise.all(n8n.map((proc) => proc.stop('SIGTERM')));
		// postgres: SIGINT is its fast shutdown; redis: SIGTERM shuts it down without saving (--save "").
		await Promise.all([processes.redis?.stop('SIGTERM', 10_000), processes.postgres?.stop('SIGINT', 15_000)]);
		stopped.push(Date.now() - started);
		log(`${version}: stack stopped in ${seconds(Date.now() - started)} s`);
	};
	stack.stop = stop;
	// The caller's signal handler can stop what is already running, also while the stack starts.
	onStop?.(stop);

	try {
		const t0 = Date.now();
		// Redis
		const redisPort = await freePort();
		const redisDir = path.join(root, 'redis');
		fs.mkdirSync(redisDir, { recursive: true });
		processes.redis = startProcess('redis', 'redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir], {
			env: process.env,
			cwd: redisDir,
			logFile: path.join(logs, 'redis.log'),
		});
		await until('redis', () => execFileSync('redis-cli', ['-p', String(redisPort), 'ping'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() === 'PONG', { timeoutMs: 15_000, proc: processes.redis });

		// PostgreSQL: a fresh cluster, fsync off (a test database).
		const bin = pgBin();
		const pgPort = await freePort();
		const pgDir = path.join(root, 'pg');
		const pgData = path.join(pgDir, 'data');
		const pgSock = path.join(pgDir, 'sock');
		fs.mkdirSync(pgSock, { recursive: true });
		if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', pgDir]);
		const [initCmd, initArgs] = asPostgres(path.join(bin, 'initdb'), ['-D', pgData, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
		execFileSync(initCmd, initArgs, { stdio: ['ignore', fs.openSync(path.join(logs, 'initdb.log'), 'a'), fs.openSync(path.join(logs, 'initdb.log'), 'a')] });
		const [pgCmd, pgArgs] = asPostgres(path.join(bin, 'postgres'), [
			'-D', pgData, '-p', String(pgPort), '-k', pgSock, '-h', '127.0.0.1',
			'-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
		]);
		processes.postgres = startProcess('postgres', pgCmd, pgArgs, { env: process.env, cwd: pgDir, logFile: path.join(logs, 'postgres.log') });
		const psql = (user, db, sql) =>
			execFileSync('psql', ['-X', '-q', '-At', '-F', '\t', '-h', '127.0.0.1', '-p', String(pgPort), '-U', user, '-d', db, '-v', 'ON_ERROR_STOP=1', '-c', sql], {
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
				env: { ...process.env, PGCONNECT_TIMEOUT: '5' },
			});
		await until('postgres', () => psql('postgres', 'postgres', 'SELECT 1').trim() === '1', { timeoutMs: 30_000, proc: processes.postgres });
		psql('postgres', 'postgres', "CREATE ROLE n8n LOGIN PASSWORD 'n8n'");
		psql('postgres', 'postgres', 'CREATE DATABASE n8n OWNER n8n');
		stack.sql = (sql) =>
			psql('n8n', 'n8n', sql)
				.split('\n')
				.filter((line) => line.length)
				.map((line) => line.split('\t'));
		log(`${version}: redis :${redisPort} and postgres :${pgPort} up in ${seconds(Date.now() - t0)} s`);

		// n8n: one user folder per process, the package installed once and copied.
		const t1 = Date.now();
		const ports = { main: await freePort(), wh: await freePort(), wh2: await freePort() };
		const prefix = `kq${process.pid}`;
		const common = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: 'n8n',
			DB_POSTGRESDB_POOL_SIZE: '10',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			QUEUE_BULL_PREFIX: `bull${prefix}`,
			N8N_REDIS_KEY_PREFIX: `n8n${prefix}`,
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			WEBHOOK_URL: `http://127.0.0.1:${ports.wh}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${ports.main}`,
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			...(version.startsWith('2.8.') ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		};
		const homes = {};
		const pack = packPackage(root);
		const packageDir = path.join(root, 'package');
		fs.mkdirSync(packageDir, { recursive: true });
		execFileSync('tar', ['-xzf', pack.tarball, '-C', packageDir, '--strip-components=1']);
		// As n8n's installer leaves it: no dev or peer dependencies (the package has no runtime ones, so no npm install).
		const manifestPath = path.join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
		fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		const names = ['main', 'w1', 'w2', 'wh', ...(webhookProcessors > 1 ? ['wh2'] : [])];
		for (const name of names) {
			homes[name] = path.join(root, 'home', name);
			fs.mkdirSync(path.join(homes[name], 'tmp'), { recursive: true });
		}
		const envFor = async (name, extra) =>
			n8nEnv({ nodeBin: target.nodeBin, home: homes[name], tmp: path.join(homes[name], 'tmp'), brokerPort: await freePort(), encryptionKey: ENCRYPTION_KEY, extra: { ...common, ...extra } });
		const mainEnv = await envFor('main', { N8N_PORT: String(ports.main), N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' });
		// Every process type loads community packages from its own user folder (lab: a worker without it fails the job).
		for (const name of names) {
			const nodesDir = path.join(homes[name], '.n8n', 'nodes');
			fs.mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });
			fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [pack.name]: pack.version } }));
			fs.cpSync(packageDir, path.join(nodesDir, 'node_modules', pack.name), { recursive: true });
		}

		// Import (this migrates the empty database, once) and publish, before any server starts.
		const importDir = path.join(root, 'import');
		fs.mkdirSync(path.join(importDir, 'workflows'), { recursive: true });
		fs.writeFileSync(path.join(importDir, 'credentials.json'), JSON.stringify(typeof credentials === 'function' ? credentials({ redisPort }) : credentials));
		for (const { workflow } of workflows) fs.writeFileSync(path.join(importDir, 'workflows', `${workflow.id}.json`), JSON.stringify(workflow));
		await n8nCli(target, ['import:credentials', `--input=${path.join(importDir, 'credentials.json')}`], mainEnv, cliLog);
		await n8nCli(target, ['import:workflow', '--separate', `--input=${path.join(importDir, 'workflows')}`], mainEnv, cliLog);
		// What `n8n publish:workflow --id` does (WorkflowRepository.publishVersion in 2.8 and 2.40), in one
		// statement instead of one n8n boot per workflow: the current version, which import recorded in
		// workflow_history, becomes the active one.
		const toPublish = workflows.filter((w) => w.publish).map((w) => `'${w.workflow.id}'`);
		if (toPublish.length) {
			const updated = stack.sql(
				`UPDATE workflow_entity w SET active = true, "activeVersionId" = w."versionId" WHERE w.id IN (${toPublish.join(', ')}) AND EXISTS (SELECT 1 FROM workflow_history h WHERE h."workflowId" = w.id AND h."versionId" = w."versionId") RETURNING w.id`,
			);
			if (updated.length !== toPublish.length) throw new Failure(`published ${updated.length} of ${toPublish.length} workflows (${toPublish.join(', ')}): a version missing from workflow_history?`);
		}
		log(`${version}: package installed, ${workflows.length} workflows imported in ${seconds(Date.now() - t1)} s`);

		// main first, then the workers and the webhook processor together.
		const t2 = Date.now();
		const n8nProcess = (name, args, env) =>
			startProcess(name, target.nodeBin, [target.n8nBin, ...args], { env, cwd: env.N8N_USER_FOLDER, logFile: path.join(logs, `${name}.log`) });
		processes.main = n8nProcess('main', ['start'], mainEnv);
		// Readiness comes before main has activated the published workflows: wait for their webhooks in the database.
		const published = workflows.filter((w) => w.publish).map((w) => w.workflow.id);
		await until(`${version} main`, async () => (await fetch(`http://127.0.0.1:${ports.main}/healthz/readiness`)).status === 200, { timeoutMs: 120_000, proc: processes.main });
		await until(`${version} main activating ${published.join(', ')}`, () => {
			const active = new Set(stack.sql('SELECT DISTINCT "workflowId" FROM webhook_entity').map(([id]) => id));
			return published.every((id) => active.has(id));
		}, { timeoutMs: 120_000, proc: processes.main, intervalMs: 500 });
		const health = { w1: await freePort(), w2: await freePort() };
		for (const name of ['w1', 'w2']) {
			const env = await envFor(name, { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(health[name]), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' });
			processes[name] = n8nProcess(name, ['worker', `--concurrency=${concurrency}`], env);
		}
		// 2.40's default expression engine (an isolated VM) costs the webhook processor 3x the CPU per delivery.
		const engine = version.startsWith('2.8.') ? {} : { N8N_EXPRESSION_ENGINE: 'legacy' };
		processes.wh = n8nProcess('wh', ['webhook'], await envFor('wh', { N8N_PORT: String(ports.wh), ...engine }));
		if (webhookProcessors > 1) processes.wh2 = n8nProcess('wh2', ['webhook'], await envFor('wh2', { N8N_PORT: String(ports.wh2), ...engine }));
		for (const name of ['w1', 'w2']) {
			await until(`${version} ${name}`, async () => (await fetch(`http://127.0.0.1:${health[name]}/healthz/readiness`)).status === 200, { timeoutMs: 120_000, proc: processes[name] });
		}
		// Readiness of the webhook processor is not readiness of its webhooks (lab trap 6): wait for its log line.
		for (const name of ['wh', 'wh2'].filter((n) => processes[n])) {
			await until(`${version} webhook processor ${name}`, () => processes[name].log().includes('Webhook listener waiting for requests'), { timeoutMs: 120_000, proc: processes[name] });
		}
		log(`${version}: main, 2 workers (concurrency ${concurrency}) and ${webhookProcessors} webhook processor(s) up in ${seconds(Date.now() - t2)} s`);

		stack.webhookBase = `http://127.0.0.1:${ports.wh}`;
		stack.webhookBases = [stack.webhookBase, ...(processes.wh2 ? [`http://127.0.0.1:${ports.wh2}`] : [])];
		stack.mainBase = `http://127.0.0.1:${ports.main}`;
		stack.post = async (route, body, timeoutMs = 60_000) => {
			const response = await fetch(`${stack.webhookBase}${route}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(timeoutMs),
			});
			return { status: response.status, text: await response.text() };
		};
		/** Which worker ran each execution, from the workers' logs ("Worker started execution N"). */
		stack.workerOf = () => {
			const map = {};
			for (const name of ['w1', 'w2']) {
				for (const match of processes[name].log().matchAll(/Worker started execution (\d+)/g)) map[match[1]] = name;
			}
			return map;
		};
		stack.until = until;
		return stack;
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = { startQueueStack, makeQueueWorkDir, until };
