/**
 * Process environment for n8n-core, applied as a side effect of importing this module.
 *
 * It must run before n8n-core is first required: n8n-core's InstanceSettings reads
 * N8N_USER_FOLDER (falling back to $HOME) when it is first instantiated and writes
 * `<folder>/.n8n/config` with an encryption key. Every harness module imports this file
 * first, and test files must import the harness before importing n8n-core themselves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Always a fresh folder, even if the caller has N8N_USER_FOLDER set: a developer's real
// n8n folder must never receive test config, and a stale config with another key would
// make InstanceSettings throw "Mismatching encryption keys".
const userFolder = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
process.env.N8N_USER_FOLDER = userFolder;

const removeUserFolder = () => rmSync(userFolder, { recursive: true, force: true });
// Under jest, `process` is a per-test-file copy whose 'exit' event never fires, so the
// folder is removed when the test file finishes; the exit hook covers plain node.
const jestAfterAll = (globalThis as { afterAll?: (fn: () => void) => void }).afterAll;
if (typeof jestAfterAll === 'function') {
	try {
		jestAfterAll(removeUserFolder);
	} catch {
		// Imported from inside a test body, where jest refuses new hooks: rely on the exit hook.
	}
}
process.once('exit', removeUserFolder);

/** Applies `value` unless the caller chose something already (e.g. N8N_LOG_LEVEL=debug to investigate). */
function setDefault(name: string, value: string): void {
	if (process.env[name] === undefined || process.env[name] === '') process.env[name] = value;
}

// With a key in the environment InstanceSettings does not generate one, and it is stable
// across runs, so anything encrypted in one test can be decrypted in the next.
setDefault('N8N_ENCRYPTION_KEY', 'n8n-harness-encryption-key');
// ErrorReporter logs every node error through the n8n Logger; tests assert on errors instead.
setDefault('N8N_LOG_LEVEL', 'silent');
// Nothing in n8n-core phones home on its own, but these keep it so if it ever starts.
setDefault('N8N_DIAGNOSTICS_ENABLED', 'false');
setDefault('N8N_VERSION_NOTIFICATIONS_ENABLED', 'false');
setDefault('N8N_TEMPLATES_ENABLED', 'false');
// A 0600 check on the temp config file would only produce warnings.
setDefault('N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS', 'false');

// n8n's outbound HTTP honours the *_PROXY variables; the fake APIs the tests start listen
// on loopback, which must never be sent through a proxy.
const proxyVariables = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'];
if (proxyVariables.some((name) => process.env[name])) {
	const current = process.env.NO_PROXY ?? process.env.no_proxy ?? '';
	const entries = new Set(current.split(',').map((entry) => entry.trim()).filter(Boolean));
	for (const host of ['127.0.0.1', 'localhost', '::1']) entries.add(host);
	process.env.NO_PROXY = process.env.no_proxy = [...entries].join(',');
}

export const harnessUserFolder = userFolder;
