#!/usr/bin/env node
'use strict';
/**
 * The Kustomer node in n8n's real editor, driven in Debian's Chromium by playwright-core.
 *
 *   bash e2e/browser/install.sh          # chromium (apt) if missing + playwright-core from the lockfile
 *   node e2e/browser/editor.test.js [--version 2.8.4] [--keep] [--headed]
 *
 * Starts the same stack as `npm start` (lib/stack.js) in a temp user folder on free ports: the sandbox
 * with demo data, n8n with the packed package installed, the "Kustomer sandbox" credential, the example
 * workflows and the owner account. Then, in the browser: sign in, find the Kustomer node in the node
 * creator, check its resources and actions, add it, check its parameters panel, run it against the
 * sandbox, open and run an example workflow. Screenshots go to artifacts/browser/. Everything started
 * is stopped at the end. Last line: `browser: N passed, N failed`.
 *
 * Env: CHROMIUM=/path/to/chromium (default /usr/bin/chromium).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ROOT, Failure, seconds, freePort } = require('../lib/common');
const { checkBuilt } = require('../lib/package');
const { startStack, DEFAULT_OWNER } = require('../lib/stack');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'artifacts', 'browser');
/** Debian chromium as root, with no network of its own (see the machine notes). */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const RESOURCES = ['Conversation', 'Custom Object', 'Customer', 'Klass', 'Message', 'Note'];
/** A few actions per resource, as the node creator words them (the operations' `action`). */
const ACTIONS = [
	'Create a conversation',
	'Search conversations',
	'Create many custom objects',
	'Create or update a customer',
	'Update customer personalization data',
	'Get many klasses',
	'Log a message on the timeline without sending it',
	'Send a message to a customer',
	'Add a note to a conversation',
];

const log = (message) => process.stdout.write(`[browser ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function parseArgs(argv) {
	const options = { version: '2.8.4', keep: false, headed: false };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--version') options.version = argv[++i];
		else if (argv[i] === '--keep') options.keep = true;
		else if (argv[i] === '--headed') options.headed = true;
		else throw new Failure(`unknown argument ${argv[i]}`);
	}
	return options;
}

function loadPlaywright() {
	try {
		return require(path.join(__dirname, 'node_modules', 'playwright-core'));
	} catch {
		throw new Failure('playwright-core is not installed: run `bash e2e/browser/install.sh` first');
	}
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const totalStarted = Date.now();
	checkBuilt('the browser test');
	if (!fs.existsSync(CHROMIUM)) throw new Failure(`${CHROMIUM} is missing: run \`bash e2e/browser/install.sh\` first`);
	const { chromium } = loadPlaywright();
	fs.rmSync(ARTIFACTS, { recursive: true, force: true });
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-browser-'));
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-chromium-'));

	const results = [];
	const timings = {};
	let stack;
	let context;
	const stopAll = async () => {
		await context?.close().catch(() => {});
		await stack?.stop();
	};
	const onSignal = (signal) => {
		log(`${signal}: stopping`);
		stopAll().finally(() => process.exit(1));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) onSignal('parent process exited');
	}, 1000).unref();

	try {
		let started = Date.now();
		stack = await startStack({ home, version: options.version, port: await freePort(), sandboxPort: await freePort(), owner: DEFAULT_OWNER, log });
		timings.stack = Date.now() - started;
		const { url, sandbox } = stack;

		started = Date.now();
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: !options.headed,
			args: CHROMIUM_ARGS,
			viewport: { width: 1440, height: 900 },
		});
		context.setDefaultTimeout(30_000);
		timings.launch = Date.now() - started;
		const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		log(`${version} (${CHROMIUM}) launched in ${seconds(timings.launch)} s, profile ${profile}`);

		// The browser gets no network beyond n8n: anything else is recorded and aborted. The editor's one
		// known outside call is its npm-registry lookup of an installed community package's details.
		const external = [];
		await context.route((target) => !/^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(target.href) && !/^(data|blob|about):/.test(target.href), (route) => {
			external.push(route.request().url());
			return route.abort();
		});
		const KNOWN_EXTERNAL = [/^https:\/\/registry\.npmjs\.org\/n8n-nodes-kustomer$/];
		const pageErrors = [];
		let page = context.pages()[0] ?? (await context.newPage());
		page.on('pageerror', (error) => pageErrors.push(error.message));

		const shot = async (name, target = page) => {
			const file = path.join(ARTIFACTS, `${name}.png`);
			await target.screenshot({ path: file });
			return path.relative(ROOT, file);
		};
		const check = async (name, fn) => {
			const t0 = Date.now();
			try {
				const detail = await fn();
				results.push({ name, ok: true, ms: Date.now() - t0 });
				log(`  pass  ${name}${detail ? `: ${detail}` : ''} (${seconds(Date.now() - t0)} s)`);
			} catch (error) {
				results.push({ name, ok: false, ms: Date.now() - t0 });
				const file = await shot(`FAIL-${results.length}`).catch(() => undefined);
				log(`  FAIL  ${name}: ${error instanceof Failure ? error.message : error.stack}${file ? ` (screenshot ${file})` : ''}`);
			}
		};
		const expect = (condition, message) => {
			if (!condition) throw new Failure(message);
		};
		const byTestId = (id) => page.locator(`[data-test-id="${id}"]`);
		const creatorItem = (text) => byTestId('node-creator-item-name').filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) });

		started = Date.now();
		await check('sign in (owner set up by the start script, no sign-up screen)', async () => {
			await page.goto(`${url}/`);
			await page.waitForURL((u) => u.pathname.startsWith('/signin') || u.pathname.startsWith('/setup'));
			expect(new URL(page.url()).pathname.startsWith('/signin'), `expected the sign-in page, got ${page.url()}`);
			await page.locator('input[name="emailOrLdapLoginId"]').fill(stack.owner.email);
			await page.locator('input[name="password"]').fill(stack.owner.password);
			const file = await shot('01-signin');
			await byTestId('form-submit-button').click();
			await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
			return `${stack.owner.email} -> ${new URL(page.url()).pathname}; ${file}`;
		});

		await check('workflow list shows the example workflows', async () => {
			await page.goto(`${url}/home/workflows`);
			for (const example of stack.examples) await page.getByText(example.name, { exact: true }).first().waitFor();
			return `${stack.examples.length} examples; ${await shot('02-workflows')}`;
		});

		await check('node creator finds "Kustomer" (community node, with its icon)', async () => {
			await page.goto(`${url}/workflow/new`);
			await byTestId('node-creator-plus-button').click();
			await page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first().fill('Kustomer');
			const item = byTestId('item-iterator-item').filter({ has: creatorItem('Kustomer') }).first();
			await item.waitFor();
			const icon = item.locator('img').first();
			const src = (await icon.count()) ? await icon.getAttribute('src') : '';
			expect(/kustomer\.svg/.test(src ?? ''), `the Kustomer item has no kustomer.svg icon (img src ${src})`);
			const loaded = await icon.evaluate((img) => img.complete && img.naturalWidth > 0);
			expect(loaded, `the icon ${src} did not load`);
			return `${src}; ${await shot('03-node-creator-search')}`;
		});

		await check('actions panel lists the six resources and their actions', async () => {
			await creatorItem('Kustomer').first().click();
			// With the Kustomer Trigger installed too, n8n lists its triggers first and may fold the actions.
			const firstAction = creatorItem(ACTIONS[0]).first();
			if (!(await firstAction.waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
				await byTestId('node-creator').getByText(/^\s*Actions \(\d+\)\s*$/).first().click();
			}
			await firstAction.waitFor();
			const creator = byTestId('node-creator');
			// The list may render in steps: wait for each group and action rather than reading it once.
			const missingResources = [];
			for (const resource of RESOURCES) {
				const header = byTestId('item-iterator-item').filter({ hasText: new RegExp(`^\\s*${resource} Actions\\s*$`, 'i') }).first();
				if (!(await header.waitFor({ timeout: 10_000 }).then(() => true, () => false))) missingResources.push(resource);
			}
			expect(missingResources.length === 0, `missing resource groups: ${missingResources.join(', ')}`);
			const missingActions = [];
			for (const action of ACTIONS) {
				if (!(await creatorItem(action).first().waitFor({ timeout: 10_000 }).then(() => true, () => false))) missingActions.push(action);
			}
			expect(missingActions.length === 0, `missing actions: ${missingActions.join(', ')}`);
			const text = (await creator.innerText()).replace(/\s+/g, ' ');
			const count = /Actions \((\d+)\)/.exec(text)?.[1];
			const files = [await shot('04-actions-panel')];
			// The whole list, for the record: a tall viewport and a screenshot of the panel alone.
			await page.setViewportSize({ width: 1440, height: 2200 });
			files.push(await shot('04b-actions-panel-full', creator));
			await page.setViewportSize({ width: 1440, height: 900 });
			return `${count ?? '?'} actions in ${RESOURCES.join(', ')}; ${files.join(', ')}`;
		});

		await check('adding "Create or update a customer" opens its parameters panel', async () => {
			await creatorItem('Create or update a customer').first().click();
			const ndv = byTestId('ndv');
			await ndv.waitFor();
			await byTestId('parameter-input-matchValue').waitFor();
			const credential = await byTestId('node-credentials-select').locator('input').first().inputValue().catch(async () => byTestId('node-credentials-select').innerText());
			expect(/Kustomer sandbox/.test(credential), `credential select shows "${credential}", expected "Kustomer sandbox"`);
			const resource = await byTestId('parameter-input-resource').locator('input').first().inputValue();
			const operation = await byTestId('parameter-input-operation').locator('input').first().inputValue();
			expect(resource === 'Customer' && operation === 'Create or Update', `resource "${resource}", operation "${operation}"`);
			for (const label of ['Match On', 'Match Value', 'Additional Fields', 'Custom Attributes', 'Simplify']) {
				expect(await ndv.getByText(label, { exact: true }).count(), `no "${label}" parameter in the panel`);
			}
			const file = await shot('05-parameters-panel');
			await byTestId('parameter-input-resource').click();
			const options = page.locator('.el-select-dropdown__item:visible');
			await options.first().waitFor();
			const listed = (await options.allInnerTexts()).map((t) => t.trim());
			const missing = RESOURCES.filter((r) => !listed.includes(r));
			expect(missing.length === 0, `resource dropdown lacks ${missing.join(', ')} (has ${listed.join(', ')})`);
			await page.waitForTimeout(400); // let the dropdown finish fading in
			const file2 = await shot('05b-resource-options');
			await page.keyboard.press('Escape');
			return `credential "${credential}", ${resource} / ${operation}; resources ${listed.join(', ')}; ${file}, ${file2}`;
		});

		await check('"Execute step" runs the node against the sandbox', async () => {
			const mark = sandbox.requests.length;
			await byTestId('parameter-input-matchValue').locator('input, textarea').first().fill('crm-1001');
			await byTestId('node-execute-button').click();
			const output = byTestId('output-panel');
			await output.getByText('1 item').first().waitFor();
			await output.getByText('ada.lovelace@example.com').first().waitFor();
			const requests = sandbox.requests.slice(mark).map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`);
			expect(requests.includes('GET /v1/customers/externalId=crm-1001 200') && requests.some((r) => /^PATCH \/v1\/customers\/\w+ 200$/.test(r)), `sandbox got ${requests.join('; ')}`);
			return `${requests.join('; ')}; ${await shot('06-execute-step')}`;
		});

		await check('example workflow opens on the canvas and its Kustomer node opens', async () => {
			// A fresh tab: leaving the unsaved new workflow would ask to save it.
			await page.close();
			page = await context.newPage();
			page.on('pageerror', (error) => pageErrors.push(error.message));
			await page.goto(`${url}/workflow/kustomerExNote`);
			for (const name of ['Find Customer', "Customer's Conversations", 'Newest Conversation', 'Add Note']) {
				await byTestId('canvas-node').filter({ hasText: name }).first().waitFor();
			}
			const icons = await page.locator('[data-test-id="canvas-node"] img[src*="kustomer"]').count();
			expect(icons >= 3, `expected the Kustomer icon on 3 canvas nodes, found ${icons}`);
			const canvasShot = await shot('07-example-canvas');
			await byTestId('canvas-node').filter({ hasText: 'Add Note' }).first().dblclick();
			await byTestId('ndv').waitFor();
			const resource = await byTestId('parameter-input-resource').locator('input').first().inputValue();
			const operation = await byTestId('parameter-input-operation').locator('input').first().inputValue();
			expect(resource === 'Note' && operation === 'Create', `resource "${resource}", operation "${operation}"`);
			await byTestId('parameter-input-noteBody').waitFor();
			const ndvShot = await shot('08-example-note-panel');
			await byTestId('ndv-close-button').click();
			return `Note / Create with Note Body; ${canvasShot}, ${ndvShot}`;
		});

		await check('"Execute workflow" runs the example in the editor', async () => {
			const notesBefore = sandbox.store.notes.size;
			await byTestId('execute-workflow-button').first().click();
			await page.getByText('Workflow executed successfully').first().waitFor({ timeout: 60_000 });
			expect(sandbox.store.notes.size === notesBefore + 1, `sandbox notes ${notesBefore} -> ${sandbox.store.notes.size}`);
			const note = [...sandbox.store.notes.values()].at(-1);
			return `note ${note.id} on conversation ${note.conversationId}; ${await shot('09-example-executed')}`;
		});

		await check('the browser needed nothing but n8n on 127.0.0.1', async () => {
			const unexpected = [...new Set(external)].filter((target) => !KNOWN_EXTERNAL.some((known) => known.test(target)));
			expect(unexpected.length === 0, `outside requests (aborted): ${unexpected.slice(0, 10).join(', ')}`);
			const known = [...new Set(external)].filter((target) => !unexpected.includes(target));
			const notes = [];
			if (known.length) notes.push(`aborted the editor's package lookup ${known.join(', ')}`);
			if (pageErrors.length) notes.push(`${pageErrors.length} page errors: ${pageErrors.slice(0, 3).join(' | ')}`);
			return notes.join('; ');
		});
		timings.browser = Date.now() - started;
	} finally {
		const stopStarted = Date.now();
		await stopAll();
		timings.stop = Date.now() - stopStarted;
		fs.rmSync(profile, { recursive: true, force: true });
		const failed = results.filter((r) => !r.ok).length;
		if (failed || options.keep) log(`kept ${home} (n8n logs in ${path.join(home, 'logs')})`);
		else fs.rmSync(home, { recursive: true, force: true });
	}

	const failed = results.filter((r) => !r.ok).length;
	const phase = (ms) => (ms === undefined ? '-' : seconds(ms));
	log(`screenshots in ${path.relative(ROOT, ARTIFACTS)}/: ${fs.readdirSync(ARTIFACTS).join(', ')}`);
	log(`timings (s): stack start ${phase(timings.stack)}, chromium launch ${phase(timings.launch)}, browser checks ${phase(timings.browser)}, stop ${phase(timings.stop)}, total ${seconds(Date.now() - totalStarted)}`);
	process.stdout.write(`\nbrowser: ${results.length - failed} passed, ${failed} failed\n`);
	process.exit(failed ? 1 : 0);
}

main().catch((error) => {
	process.stderr.write(`\nbrowser: ${error instanceof Failure ? error.message : error.stack}\n`);
	process.stdout.write('\nbrowser: 0 passed, 1 failed\n');
	process.exit(1);
});
