#!/usr/bin/env node
'use strict';
/**
 * End-to-end test of the packed n8n-nodes-kustomer inside real n8n installs (see README.md).
 *
 *   node e2e/run.js [--version 2.8.4] [--workflow e2e01Crud] [--per-workflow] [--keep]
 *
 * --version and --workflow narrow the run (repeatable or comma-separated); --per-workflow uses one
 * `n8n execute` per workflow instead of one `execute-batch`; --keep keeps the temp folder.
 *
 * For each installed e2e/n8n-<version>/: install the `npm pack` tarball into a fresh
 * N8N_USER_FOLDER/.n8n/nodes the way n8n's community-package installer does, start the Kustomer
 * sandbox in this process, import one credential per workflow (each with its own API key, so every
 * request the sandbox receives can be traced back to its workflow), import e2e/workflows/*.json,
 * run them all in one n8n boot (`execute-batch --snapshot`), then check each Kustomer node's output
 * items and the requests the sandbox received (e2e/checks.js).
 *
 * Expects `npm run build && npm run build:dev` and `bash e2e/install.sh` to have run.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { CHECKS, GLOBAL_CHECKS } = require('./checks');
const { E2E, ROOT, Failure, seconds, freePort } = require('./lib/common');
const { availableVersions, resolveTarget, n8nEnv: offlineEnv, n8nCli, executeWorkflow, versionFolders } = require('./lib/n8n');
const { NODE_TYPE, checkBuilt, packPackage, installPackage } = require('./lib/package');

const WORKFLOWS_DIR = path.join(E2E, 'workflows');
const ENCRYPTION_KEY = 'kustomer-e2e-encryption-key-0123456789';

// ---------------------------------------------------------------------------------------------
// small helpers

const log = (message) => process.stdout.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function parseArgs(argv) {
	const options = { versions: [], workflows: [], perWorkflow: false, keep: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--version') {
			if (!argv[i + 1]) throw new Failure('--version needs a value, e.g. --version 2.8.4');
			options.versions.push(...argv[++i].split(','));
		} else if (arg.startsWith('--version=')) options.versions.push(...arg.slice(10).split(','));
		else if (arg === '--workflow') {
			if (!argv[i + 1]) throw new Failure('--workflow needs a workflow id, e.g. --workflow e2e01Crud');
			options.workflows.push(...argv[++i].split(','));
		} else if (arg === '--per-workflow') options.perWorkflow = true;
		else if (arg === '--keep') options.keep = true;
		else if (arg === '--help' || arg === '-h') {
			process.stdout.write('usage: node e2e/run.js [--version X.Y.Z]... [--workflow ID]... [--per-workflow] [--keep]\n');
			process.exit(0);
		} else throw new Failure(`unknown argument ${arg}`);
	}
	return options;
}

// ---------------------------------------------------------------------------------------------
// preflight

function preflight(options) {
	checkBuilt();
	const available = availableVersions();
	const versions = options.versions.length ? options.versions : available;
	return versions.map((version) => resolveTarget(version, available));
}

function loadWorkflows(only) {
	const files = fs.readdirSync(WORKFLOWS_DIR).filter((name) => name.endsWith('.json')).sort();
	for (const id of only) if (!files.includes(`${id}.json`)) throw new Failure(`no workflow e2e/workflows/${id}.json`);
	return files.filter((file) => !only.length || only.includes(file.slice(0, -5))).map((file) => {
		const workflow = JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8'));
		if (!/^[A-Za-z0-9]{1,21}$/.test(workflow.id ?? '')) throw new Failure(`${file}: id must be 1-21 letters or digits`);
		if (`${workflow.id}.json` !== file) throw new Failure(`${file}: file name must be <id>.json`);
		if (!CHECKS[workflow.id]) throw new Failure(`${file}: no checks for ${workflow.id} in e2e/checks.js`);
		if (!workflow.nodes.some((node) => node.type === NODE_TYPE || node.type === `${NODE_TYPE}Tool`)) {
			throw new Failure(`${file}: has no ${NODE_TYPE} node`);
		}
		const credentialIds = new Set();
		for (const node of workflow.nodes) {
			const reference = node.credentials?.kustomerApi;
			if (reference) credentialIds.add(reference.id);
		}
		// One credential per workflow is what lets the checks pick out that workflow's requests.
		if (credentialIds.size !== 1) throw new Failure(`${file}: its Kustomer nodes must share exactly one kustomerApi credential`);
		const [credentialId] = credentialIds;
		return { id: workflow.id, name: workflow.name, file, credentialId, apiKey: `e2e-key-${credentialId}`, workflow };
	});
}

// ---------------------------------------------------------------------------------------------
// n8n

/** The offline env block (lib/n8n.js) for one version's temp n8n home. */
function n8nEnv(target, home, tmp, brokerPort) {
	return offlineEnv({ nodeBin: target.nodeBin, home, tmp, brokerPort, encryptionKey: ENCRYPTION_KEY });
}

function n8n(target, args, env, logFile, options = {}) {
	return n8nCli(target, args, env, logFile, options);
}

/** Every workflow in one n8n boot; a snapshot file per successful workflow holds its full run data. */
async function executeBatch(target, workflows, env, dir, logFile) {
	const snapshots = path.join(dir, 'snapshots');
	fs.mkdirSync(snapshots, { recursive: true });
	const output = path.join(dir, 'batch-output.json');
	const { ms } = await n8n(
		target,
		// --retries=0: a failed workflow must not run again and send its requests twice.
		['execute-batch', `--ids=${workflows.map((w) => w.id).join(',')}`, `--snapshot=${snapshots}`, `--output=${output}`, '--retries=0', '--concurrency=1'],
		env,
		logFile,
		{ allowFailure: true },
	);
	if (!fs.existsSync(output)) throw new Failure(`execute-batch wrote no ${output}; see ${logFile}`);
	const summary = JSON.parse(fs.readFileSync(output, 'utf8'));
	const results = new Map();
	for (const workflow of workflows) {
		const execution = summary.executions?.find((e) => e.workflowId === workflow.id);
		const file = path.join(snapshots, `${workflow.id}-snapshot.json`);
		const run = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
		results.set(workflow.id, {
			status: execution?.executionStatus ?? 'not run',
			error: execution?.error,
			// executionTime in the summary is cut to whole seconds; the snapshot keeps milliseconds.
			seconds: run ? (Date.parse(run.stoppedAt) - Date.parse(run.startedAt)) / 1000 : execution?.executionTime,
			run,
		});
	}
	return { ms, results };
}

/** Fallback: one `n8n execute --rawOutput` per workflow (one boot each, about 5 s more per workflow). */
async function executeEach(target, workflows, env, dir, logFile) {
	const started = Date.now();
	const results = new Map();
	for (const workflow of workflows) {
		const outFile = path.join(dir, `${workflow.id}-execute.log`);
		const { code, ms, run: runData } = await executeWorkflow(target, env, outFile, workflow.id);
		const error = runData?.data?.resultData?.error;
		results.set(workflow.id, {
			status: code === 0 && !error ? 'success' : 'error',
			error: error ? error.description || error.message : code === 0 ? undefined : `n8n execute exited ${code}, see ${outFile}`,
			seconds: ms / 1000,
			run: runData,
		});
		fs.appendFileSync(logFile, `execute ${workflow.id}: exit ${code} in ${seconds(ms)} s\n`);
	}
	return { ms: Date.now() - started, results };
}

// ---------------------------------------------------------------------------------------------
// checks

/** What a workflow's checks see: its node outputs, its own sandbox requests, and an expect helper. */
function checkContext(workflow, result, sandbox, failures) {
	const runData = result.run?.data?.resultData?.runData ?? {};
	const fmt = (value) => {
		const text = JSON.stringify(value);
		return text && text.length > 600 ? `${text.slice(0, 600)}…` : text;
	};
	const isDeepEqual = (a, b) => {
		try {
			require('node:assert').deepStrictEqual(a, b);
			return true;
		} catch {
			return false;
		}
	};
	/** Every key of `partial` must equal (recursively) the one in `actual`; arrays compare whole, element by element. */
	const matches = (actual, partial) => {
		if (partial instanceof RegExp) return typeof actual === 'string' && partial.test(actual);
		if (Array.isArray(partial)) return Array.isArray(actual) && actual.length === partial.length && partial.every((p, i) => matches(actual[i], p));
		if (partial && typeof partial === 'object') {
			return !!actual && typeof actual === 'object' && Object.entries(partial).every(([k, v]) => matches(actual[k], v));
		}
		return isDeepEqual(actual, partial);
	};
	const t = {
		workflow,
		sandbox,
		/** Requests sent with this workflow's credential, in order. */
		requests: sandbox.requests.filter((r) => r.headers.authorization === `Bearer ${workflow.apiKey}`),
		allRequests: sandbox.requests,
		authorization: `Bearer ${workflow.apiKey}`,
		runData,
		/** json of the items a node put on an output (main by default). */
		items(nodeName, { output = 0, run = 0, type = 'main' } = {}) {
			const task = runData[nodeName]?.[run];
			if (!task) {
				failures.push(`node "${nodeName}" did not run (ran: ${Object.keys(runData).join(', ') || 'nothing'})`);
				return [];
			}
			if (task.error) failures.push(`node "${nodeName}" failed: ${task.error.message}`);
			// inputOverride holds what a tool node was called with (its $fromAI arguments).
			const data = type === 'inputOverride' ? task.inputOverride?.ai_tool : task.data?.[type];
			return (data?.[output] ?? []).map((item) => item.json);
		},
		equal(label, actual, expected) {
			if (!isDeepEqual(actual, expected)) failures.push(`${label}: expected ${fmt(expected)}, got ${fmt(actual)}`);
		},
		match(label, actual, partial) {
			if (!matches(actual, partial)) failures.push(`${label}: expected to match ${fmt(partial)}, got ${fmt(actual)}`);
		},
		ok(label, condition, detail) {
			if (!condition) failures.push(`${label}${detail === undefined ? '' : `: ${fmt(detail)}`}`);
		},
	};
	return t;
}

function checkWorkflow(workflow, result, sandbox) {
	const failures = [];
	if (result.status !== 'success') failures.push(`execution ${result.status}: ${result.error ?? 'no error message'}`);
	if (!result.run) failures.push('no run data (no snapshot / raw output)');
	else {
		const t = checkContext(workflow, result, sandbox, failures);
		// Every request a workflow sends must carry its own key and pass the sandbox's OpenAPI validation.
		const invalid = t.requests.filter((r) => !r.valid);
		t.equal('requests failing OpenAPI validation', invalid.map((r) => `${r.method} ${r.path}`), []);
		try {
			CHECKS[workflow.id].check(t);
		} catch (error) {
			failures.push(`check crashed: ${error.stack}`);
		}
	}
	return failures;
}

// ---------------------------------------------------------------------------------------------
// one version

async function runVersion(target, context) {
	const { pack, workflows, Sandbox, allRoles, workDir, perWorkflow } = context;
	const { dir, home, tmp, logFile } = versionFolders(workDir, target.version);
	const env = n8nEnv(target, home, tmp, await freePort());
	const phases = {};
	log(`n8n ${target.version} (node ${execFileSync(target.nodeBin, ['--version'], { encoding: 'utf8' }).trim()}), home ${home}`);

	// npm runs with the caller's environment (HOME, ~/.npmrc), as it would under n8n itself.
	phases.installPackage = await installPackage(pack, home, { ...process.env, TMPDIR: tmp }, logFile);
	log(`  package installed into ${home}/.n8n/nodes in ${seconds(phases.installPackage)} s`);

	const keys = Object.fromEntries(workflows.map((w) => [w.apiKey, allRoles]));
	const sandbox = await Sandbox.start({ port: 0, host: '127.0.0.1', apiKey: 'e2e-main-key-unused', keys, demo: false });
	try {
		log(`  sandbox on ${sandbox.url}`);
		const credentials = workflows.map((w) => ({
			id: w.credentialId,
			name: `Kustomer sandbox (${w.credentialId})`,
			type: 'kustomerApi',
			data: { apiKey: w.apiKey, region: 'custom', baseUrl: sandbox.url },
		}));
		const credentialsFile = path.join(dir, 'credentials.json');
		fs.writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2));
		let started = Date.now();
		await n8n(target, ['import:credentials', `--input=${credentialsFile}`], env, logFile);
		// Only the selected workflows, from a folder of their own (import:workflow takes every file).
		const importDir = path.join(dir, 'workflows');
		fs.mkdirSync(importDir, { recursive: true });
		for (const w of workflows) fs.copyFileSync(path.join(WORKFLOWS_DIR, w.file), path.join(importDir, w.file));
		await n8n(target, ['import:workflow', '--separate', `--input=${importDir}`], env, logFile);
		phases.import = Date.now() - started;
		log(`  imported ${credentials.length} credentials and ${workflows.length} workflows in ${seconds(phases.import)} s`);

		started = Date.now();
		const execution = perWorkflow
			? await executeEach(target, workflows, env, dir, logFile)
			: await executeBatch(target, workflows, env, dir, logFile);
		phases.execute = Date.now() - started;
		log(`  executed ${workflows.length} workflows (${perWorkflow ? 'execute per workflow' : 'one execute-batch'}) in ${seconds(phases.execute)} s`);

		const rows = [];
		for (const workflow of workflows) {
			const result = execution.results.get(workflow.id);
			const failures = checkWorkflow(workflow, result, sandbox);
			rows.push({ workflow: workflow.id, version: target.version, ok: failures.length === 0, seconds: result.seconds, failures });
		}
		// Checks across workflows: no stray requests, and creations add up.
		const failures = [];
		try {
			GLOBAL_CHECKS(sandbox, workflows, failures);
		} catch (error) {
			failures.push(`check crashed: ${error.stack}`);
		}
		rows.push({ workflow: '(all requests)', version: target.version, ok: failures.length === 0, seconds: undefined, failures });
		return { rows, phases, logFile };
	} finally {
		await sandbox.close();
	}
}

// ---------------------------------------------------------------------------------------------

function printTable(rows) {
	const lines = [['workflow', 'n8n', 'result', 'seconds'], ...rows.map((r) => [r.workflow, r.version, r.ok ? 'pass' : 'FAIL', r.seconds === undefined ? '' : Number(r.seconds).toFixed(2)])];
	const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => String(l[i]).length)));
	const text = lines.map((l) => l.map((cell, i) => String(cell).padEnd(widths[i])).join('  ')).join('\n');
	process.stdout.write(`\n${text}\n`);
}

async function main() {
	const totalStarted = Date.now();
	const options = parseArgs(process.argv.slice(2));
	const targets = preflight(options);
	const workflows = loadWorkflows(options.workflows);
	const { KustomerSandbox, getSpecEngine } = require(path.join(ROOT, '.build/sandbox/index.js'));
	// Each workflow's key holds every role, like the sandbox's main key.
	// The document's roles plus org.permission.bulk.read: the bulk-status routes are not in the document.
	const allRoles = [...(await getSpecEngine()).spec.allRoles, 'org.permission.bulk.read'];
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-e2e-'));
	log(`work folder ${workDir}; ${workflows.length} workflows; versions ${targets.map((t) => t.version).join(', ')}`);

	const pack = packPackage(workDir);
	log(`npm pack: ${path.basename(pack.tarball)} (${pack.fileCount} files) in ${seconds(pack.ms)} s`);

	const rows = [];
	const timings = [];
	let crashed = false;
	for (const target of targets) {
		const started = Date.now();
		try {
			const result = await runVersion(target, { pack, workflows, Sandbox: KustomerSandbox, allRoles, workDir, perWorkflow: options.perWorkflow });
			rows.push(...result.rows);
			timings.push({ version: target.version, ...result.phases, total: Date.now() - started });
		} catch (error) {
			crashed = true;
			rows.push({ workflow: '(setup)', version: target.version, ok: false, failures: [error instanceof Failure ? error.message : error.stack] });
			timings.push({ version: target.version, total: Date.now() - started });
		}
	}

	printTable(rows);
	process.stdout.write(`\nphases (s): npm pack ${seconds(pack.ms)}\n`);
	for (const t of timings) {
		const phase = (ms) => (ms === undefined ? '-' : seconds(ms));
		process.stdout.write(`  n8n ${t.version}: install package ${phase(t.installPackage)}, import ${phase(t.import)}, execute ${phase(t.execute)}, total ${phase(t.total)}\n`);
	}
	const failed = rows.filter((r) => !r.ok);
	if (failed.length) {
		process.stdout.write('\nFAILURES\n');
		for (const row of failed) {
			process.stdout.write(`\n✗ ${row.workflow} on n8n ${row.version}\n`);
			for (const failure of row.failures) process.stdout.write(`    - ${failure.replace(/\n/g, '\n      ')}\n`);
		}
	}
	if (options.keep || failed.length || crashed) process.stdout.write(`\nkept ${workDir} (logs, snapshots, n8n homes)\n`);
	else fs.rmSync(workDir, { recursive: true, force: true });
	process.stdout.write(`total ${seconds(Date.now() - totalStarted)} s\n`);
	// Last line in the 'N passed, N failed' form CI summaries read; setup and cross-workflow failures count as failed.
	const passed = rows.filter((r) => r.ok && !r.workflow.startsWith('(')).length;
	process.stdout.write(`\ne2e: ${passed} passed, ${failed.length} failed\n`);
	process.exit(failed.length ? 1 : 0);
}

main().catch((error) => {
	process.stderr.write(`\ne2e: ${error instanceof Failure ? error.message : error.stack}\n`);
	process.exit(1);
});
