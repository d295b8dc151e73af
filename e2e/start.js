#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the Kustomer sandbox and a real n8n with this package installed, ready in the browser.
 *
 *   node e2e/start.js [--version 2.8.4] [--port 5678] [--sandbox-port 8765] [--user-folder .n8n-dev] [--verbose]
 *   node e2e/start.js --smoke [--keep]     (CI: start, check, run the examples, stop; exit 0 when all passed)
 *
 * Expects `npm run build && npm run build:dev` and `bash e2e/install.sh 2.8.4` (npm start runs them).
 *
 * The user folder (default ./.n8n-dev, git-ignored) persists between starts: n8n's database, the owner
 * account and your own workflows stay. On every start the packed package is reinstalled into
 * .n8n/nodes, and the "Kustomer sandbox" credential and the e2e/examples workflows are imported again
 * (overwriting edits to those three; save your changes under another name). The sandbox is in memory:
 * its data starts from the demo set each time. Ctrl-C stops n8n (and its task runner) and the sandbox.
 *
 * --smoke uses a temp user folder and free ports, checks that the editor serves the page and the
 * Kustomer node type, runs each example workflow through n8n's REST API (as the editor's "Execute
 * workflow" button does) and checks what the sandbox received, then stops everything.
 */
const { createHmac } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ROOT, Failure, seconds, freePort, sleep } = require('./lib/common');
const { NODE_TYPE, checkBuilt } = require('./lib/package');
const { startStack, waitFor, DEFAULT_OWNER } = require('./lib/stack');

// A closed terminal must not crash the shutdown with EPIPE/EIO.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const log = (message) => process.stdout.write(`[start ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function parseArgs(argv) {
	const options = { version: '2.8.4', port: undefined, sandboxPort: undefined, home: undefined, smoke: false, keep: false, verbose: false, only: undefined };
	const value = (i, flag) => {
		if (argv[i + 1] === undefined || argv[i + 1].startsWith('--')) throw new Failure(`${flag} needs a value`);
		return argv[i + 1];
	};
	const port = (text, flag) => {
		const n = Number(text);
		if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Failure(`${flag} must be a port number`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--smoke') options.smoke = true;
		else if (arg === '--keep') options.keep = true;
		else if (arg === '--verbose') options.verbose = true;
		else if (arg === '--version') options.version = value(i++, arg);
		else if (arg === '--only') options.only = value(i++, arg).toLowerCase();
		else if (arg === '--port') options.port = port(value(i++, arg), arg);
		else if (arg === '--sandbox-port') options.sandboxPort = port(value(i++, arg), arg);
		else if (arg === '--user-folder') options.home = path.resolve(value(i++, arg));
		else if (arg === '--help' || arg === '-h') {
			process.stdout.write('usage: node e2e/start.js [--smoke [--keep] [--only <part of a check name>]] [--version 2.8.4] [--port 5678] [--sandbox-port 8765] [--user-folder .n8n-dev] [--verbose]\n');
			process.exit(0);
		} else throw new Failure(`unknown argument ${arg}`);
	}
	return options;
}

function banner(stack) {
	const { url, sandbox, owner, credential, examples, seeded } = stack;
	const login = owner.loginOk
		? `${owner.email} / ${owner.password}${owner.created ? ' (created now)' : ''}`
		: `the account you set up earlier (${owner.email} / ${owner.password} did not log in)`;
	const lines = [
		'',
		'  n8n with n8n-nodes-kustomer is ready',
		'',
		`  Editor        ${url}/`,
		`  Login         ${login}`,
		`  Credential    "${credential.name}" (Kustomer API, region Custom Base URL, ${sandbox.url})`,
		'  Workflows',
		...examples.map((e) => `                ${e.name}\n                  ${url}/workflow/${e.id}`),
		'                (new workflow: + in the editor, then search "Kustomer" in the node panel)',
		'',
		`  Sandbox       ${sandbox.url}/v1/...   demo data: ${sandbox.store.customers.size} customers, 2 conversations for ${seeded.customer.name}`,
		`  API key       ${sandbox.apiKey}   (Authorization: Bearer ${sandbox.apiKey})`,
		`  Controls      GET ${sandbox.url}/__sandbox/requests   (DELETE clears)`,
		`                POST ${sandbox.url}/__sandbox/reset   POST|GET|DELETE ${sandbox.url}/__sandbox/faults`,
		`                POST ${sandbox.url}/__sandbox/rate-limit   GET ${sandbox.url}/__sandbox/counters   GET|POST ${sandbox.url}/__sandbox/bulk-timing`,
		'',
		`  User folder   ${stack.home}   (n8n log: ${path.relative(process.cwd(), stack.logs.n8n) || stack.logs.n8n})`,
		'  Press Ctrl-C to stop n8n and the sandbox.',
		'',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------
// smoke checks

async function smoke(stack, only) {
	const results = [];
	const check = async (name, fn) => {
		// --only: the checks whose name holds these words (each check sets up what it needs).
		if (only && !name.toLowerCase().includes(only)) return;
		const started = Date.now();
		try {
			const detail = await fn();
			results.push({ name, ok: true });
			log(`  pass  ${name}${detail ? `: ${detail}` : ''} (${seconds(Date.now() - started)} s)`);
		} catch (error) {
			results.push({ name, ok: false });
			log(`  FAIL  ${name}: ${error instanceof Failure ? error.message : error.stack}`);
		}
	};
	const expect = (condition, message) => {
		if (!condition) throw new Failure(message);
	};
	const { rest, sandbox, url } = stack;
	// Kustomer's API called as any client with the key would (the sandbox, not through n8n).
	const kustomer = async (method, route, body) => {
		const response = await fetch(`${sandbox.url}${route}`, {
			method,
			headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, json: response.status === 204 ? undefined : await response.json() };
	};
	const executionsOf = async (workflowId) => {
		const response = await rest.get(`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`);
		const data = response.json?.data;
		return data?.results ?? data ?? [];
	};
	// Activates (with the saved version, as the editor does) or deactivates a workflow; returns n8n's answer.
	const setActive = async (workflowId, active) => {
		const workflow = (await rest.get(`/rest/workflows/${workflowId}`)).json?.data;
		expect(workflow?.versionId, `GET /rest/workflows/${workflowId}: no versionId`);
		const answer = active
			? await rest.post(`/rest/workflows/${workflowId}/activate`, { versionId: workflow.versionId })
			: await rest.post(`/rest/workflows/${workflowId}/deactivate`, {});
		expect(answer.status === 200, `${active ? 'activate' : 'deactivate'} ${workflowId} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
		return answer;
	};
	const outboundWebhooks = async () => (await kustomer('GET', '/v1/outbound-webhooks')).json?.data ?? [];
	// A webhook trigger's deactivation removes its outbound webhook from Kustomer.
	const deactivateWebhookTrigger = async (workflowId) => {
		await setActive(workflowId, false);
		await waitFor('the outbound webhook removed at deactivation', async () => (await outboundWebhooks()).length === 0, { timeoutMs: 15_000, alive: () => stack.n8nRunning });
	};

	await check('editor serves its page', async () => {
		const response = await fetch(`${url}/`);
		const html = await response.text();
		expect(response.status === 200 && /<title>n8n/i.test(html), `GET / answered ${response.status}: ${html.slice(0, 200)}`);
		return 'GET / 200';
	});
	await check('owner logs in', async () => {
		expect(stack.owner.loginOk, `${stack.owner.email} could not log in`);
		const me = await rest.get('/rest/login');
		expect(me.status === 200 && me.json?.data?.email === stack.owner.email, `GET /rest/login answered ${me.status}: ${me.text.slice(0, 200)}`);
		return `${stack.owner.email}, owner set up ${stack.owner.created ? 'now' : 'before'}`;
	});
	await check('editor knows the Kustomer node type and icon', async () => {
		// The editor's node list; n8n serves it to logged-in users only.
		const nodes = await rest.get('/types/nodes.json');
		expect(nodes.status === 200 && Array.isArray(nodes.json), `GET /types/nodes.json answered ${nodes.status}: ${nodes.text.slice(0, 200)}`);
		const kustomer = nodes.json.find((t) => t.name === NODE_TYPE);
		expect(kustomer, `/types/nodes.json has no ${NODE_TYPE} (${nodes.json.length} types)`);
		expect(nodes.json.some((t) => t.name === `${NODE_TYPE}Tool`), `/types/nodes.json has no ${NODE_TYPE}Tool`);
		const credentials = await rest.get('/types/credentials.json');
		expect((credentials.json ?? []).some((c) => c.name === 'kustomerApi'), '/types/credentials.json has no kustomerApi');
		const iconPath = kustomer.iconUrl?.light ?? kustomer.iconUrl;
		expect(typeof iconPath === 'string', `no iconUrl: ${JSON.stringify(kustomer.iconUrl)}`);
		const icon = await fetch(`${url}/${iconPath}`);
		const svg = await icon.text();
		expect(icon.status === 200 && svg.includes('<svg'), `GET /${iconPath} answered ${icon.status}`);
		return `${NODE_TYPE}, ${NODE_TYPE}Tool, kustomerApi among ${nodes.json.length} node types; icon /${iconPath}`;
	});
	await check('credential and examples imported', async () => {
		const credentials = await rest.get('/rest/credentials');
		const found = credentials.json?.data?.find((c) => c.id === stack.credential.id);
		expect(found?.name === stack.credential.name && found?.type === 'kustomerApi', `credential ${stack.credential.id} not listed: ${credentials.text.slice(0, 300)}`);
		const workflows = await rest.get('/rest/workflows');
		const ids = (workflows.json?.data ?? []).map((w) => w.id);
		const missing = stack.examples.filter((e) => !ids.includes(e.id)).map((e) => e.id);
		expect(missing.length === 0, `workflows missing from /rest/workflows: ${missing.join(', ')}`);
		return `${stack.examples.length} workflows`;
	});

	const ada = stack.seeded.customer;
	const requestsSince = (mark) => sandbox.requests.slice(mark).map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`);
	const runExample = (id, verify) =>
		check(`example ${id} runs`, async () => {
			expect(stack.examples.some((e) => e.id === id), `no example ${id}`);
			const mark = sandbox.requests.length;
			const execution = await stack.runWorkflow(id);
			expect(execution.status === 'success', `execution ${execution.id} ended ${execution.status}: ${execution.error?.message ?? ''} ${execution.error?.description ?? ''}`);
			const requests = sandbox.requests.slice(mark);
			expect(requests.every((r) => r.headers.authorization === `Bearer ${sandbox.apiKey}`), 'a request without the sandbox key');
			expect(requests.every((r) => r.valid !== false), `invalid requests: ${requestsSince(mark).join('; ')}`);
			return verify(execution, requestsSince(mark));
		});

	await runExample('kustomerExUpsert', (execution, requests) => {
		const [upserted] = execution.items('Create or Update Customer');
		expect(upserted?.action === 'updated' && upserted.id === ada.id, `upsert output: ${JSON.stringify(upserted)?.slice(0, 300)}`);
		const [written] = execution.items('Update Customer Data');
		expect(written?.success === true && written.customer?.custom?.preferredLanguageStr === 'en', `update data output: ${JSON.stringify(written)?.slice(0, 300)}`);
		const expected = [
			`GET /v1/customers/email=ada.lovelace%40example.com 200`,
			`PATCH /v1/customers/${ada.id} 200`,
			// Update Customer Data reads the customer to keep its company linked.
			`GET /v1/customers/${ada.id} 200`,
			`PATCH /v1/customers/${ada.id} 200`,
		];
		// The account's attribute names are read once per run (customAttributes.ts), before the first write.
		const reads = requests.filter((request) => request.includes(' /v1/metadata/'));
		expect(reads.length <= 1, `metadata reads: ${reads.join('; ')}`);
		const writes = requests.filter((request) => !request.includes(' /v1/metadata/'));
		expect(JSON.stringify(writes) === JSON.stringify(expected), `requests: ${requests.join('; ')}`);
		return requests.join('; ');
	});
	await runExample('kustomerExNote', (execution, requests) => {
		const newest = stack.seeded.conversations[1];
		const [conversation] = execution.items('Newest Conversation');
		expect(conversation?.id === newest.id, `newest conversation: expected ${newest.id}, got ${JSON.stringify(conversation)?.slice(0, 200)}`);
		const [note] = execution.items('Add Note');
		expect(note?.success === true && note.noteId && sandbox.store.notes.get(note.noteId)?.conversationId === newest.id, `note output: ${JSON.stringify(note)?.slice(0, 300)}`);
		expect(/Ada Lovelace/.test(note.body) && /Question about the annual plan/.test(note.body), `note body: ${note.body}`);
		return requests.join('; ');
	});
	await runExample('kustomerExVipExport', (execution, requests) => {
		const vip = [...sandbox.store.customers.values()].filter((c) => (c.attributes.tags ?? []).includes('vip'));
		const rows = execution.items('Keep Export Columns');
		expect(vip.length > 0 && rows.length === vip.length, `expected ${vip.length} VIP rows, got ${rows.length}`);
		expect(rows.every((r) => r.email && r.name && r.tags.includes('vip')), `rows: ${JSON.stringify(rows.slice(0, 2))}`);
		const file = execution.runData['Convert to CSV']?.[0]?.data?.main?.[0]?.[0]?.binary?.data;
		expect(file?.fileName === 'vip-customers.csv', `Convert to CSV made ${JSON.stringify(file)?.slice(0, 200)}`);
		return `${rows.length} VIP customers -> ${file.fileName}; ${requests.join('; ')}`;
	});
	await check('trigger example runs once per signed Kustomer event and refuses forged deliveries', async () => {
		const id = 'kustomerExTrigger';
		const executions = () => executionsOf(id);
		const activated = await setActive(id, true);
		try {
			// Newer n8n versions may finish activating after answering.
			const hooks = await waitFor('the outbound webhook registered at activation', async () => {
				const list = await outboundWebhooks();
				return list.length ? list : undefined;
			}, { timeoutMs: 15_000, alive: () => stack.n8nRunning }).catch(() => {
				const seen = sandbox.requests.filter((r) => r.path.startsWith('/v1/outbound-webhooks')).map((r) => `${r.method} ${r.path} ${r.status}`);
				const data = activated.json?.data ?? {};
				throw new Failure(`no outbound webhook in the sandbox 15 s after activation (activate answered active=${data.active}, activeVersionId=${data.activeVersionId}; webhook requests: ${seen.join('; ') || 'none'})`);
			});
			expect(hooks.length === 1, `expected 1 outbound webhook in the sandbox after activation, found ${hooks.length}`);
			const hook = hooks[0].attributes;
			const secretHeader = (hook.headers ?? []).find((h) => h.name === 'x-n8n-kustomer-secret');
			expect(secretHeader && /^[A-Za-z0-9]{40}$/.test(secretHeader.value), `registered headers: ${JSON.stringify(hook.headers?.map((h) => h.name))}`);
			expect(/\/webhook\/6d1f0c1e-2b7a-4e4f-9a55-0c2f3c1e7b10\/webhook$/.test(hook.url), `registered URL ${hook.url}`);

			// Kustomer's signing key: answered on create and by GET of one webhook, never in the list.
			expect(hook.token === undefined, 'the webhook list shows the token');
			const token = (await kustomer('GET', `/v1/outbound-webhooks/${hooks[0].id}`)).json?.data?.attributes?.token;
			expect(typeof token === 'string' && token.length > 0, 'GET /v1/outbound-webhooks/{id} gave no token');

			const before = (await executions()).length;
			const created = await kustomer('POST', '/v1/customers', { name: 'Trigger Smoke Test' });
			expect(created.status === 201, `creating a customer answered ${created.status}`);
			// Not deliveriesSettled(): a refused delivery would be retried on Kustomer's schedule, for an hour.
			await waitFor('the sandbox\'s first delivery to n8n', async () => sandbox.deliveries.some((d) => d.url === hook.url), { timeoutMs: 30_000, alive: () => stack.n8nRunning });
			const runs = await waitFor('an execution of the trigger example', async () => {
				const list = await executions();
				return list.length > before ? list : undefined;
			}, { timeoutMs: 30_000, alive: () => stack.n8nRunning });
			expect(runs.length === before + 1, `expected one new execution, found ${runs.length - before}`);
			// 200 means n8n handed the node the raw body it verified the X-Kustomer-Webhook-Signature over.
			const delivered = sandbox.deliveries.filter((d) => d.url === hook.url);
			expect(delivered.length === 1 && delivered[0].status === 200, `deliveries: ${JSON.stringify(delivered)}`);
			const newest = runs.map((r) => r.id).sort((a, b) => Number(b) - Number(a))[0];
			const execution = await stack.readExecution(newest);
			const [item] = execution.items('Kustomer Trigger');
			expect(item?.event === 'kustomer.customer.create' && item.name === 'Trigger Smoke Test' && item.id === created.json.data.id, `trigger output: ${JSON.stringify(item)?.slice(0, 300)}`);
			expect(!JSON.stringify(execution.runData).includes(token) && !JSON.stringify(execution.runData).includes(secretHeader.value), 'the run data shows the token or the secret');

			const forgedBody = JSON.stringify({ id: 'forged', name: 'kustomer.customer.create', data: { type: 'customer', id: 'x', attributes: {} }, changes: null });
			const forge = async (headers) =>
				(await fetch(hook.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-kustomer-webhook-event': 'kustomer.customer.create', ...headers }, body: forgedBody })).status;
			const forged = {
				guessedSecret: await forge({ 'x-n8n-kustomer-secret': 'guessed', 'x-kustomer-webhook-signature': createHmac('sha256', token).update(forgedBody).digest('hex') }),
				unsigned: await forge({ 'x-n8n-kustomer-secret': secretHeader.value }),
				wrongKey: await forge({ 'x-n8n-kustomer-secret': secretHeader.value, 'x-kustomer-webhook-signature': createHmac('sha256', 'guessed').update(forgedBody).digest('hex') }),
			};
			expect(Object.values(forged).every((status) => status === 401), `forged deliveries answered ${JSON.stringify(forged)}`);
			await sleep(1_000);
			expect((await executions()).length === before + 1, 'a forged delivery started an execution');
			return `webhook ${hook.url}; execution ${newest}: ${item.event} ${item.name}; forged deliveries 401 (guessed secret, unsigned, wrong key)`;
		} finally {
			await deactivateWebhookTrigger(id);
		}
	});
	await check('reply example sends one email on each new conversation (Draft › Send Message)', async () => {
		const id = 'kustomerExReply';
		const executions = () => executionsOf(id);
		await setActive(id, true);
		try {
			await waitFor('the outbound webhook registered at activation', async () => ((await outboundWebhooks()).length ? true : undefined), {
				timeoutMs: 15_000,
				alive: () => stack.n8nRunning,
			});
			const mark = sandbox.requests.length;
			const created = await kustomer('POST', `/v1/customers/${ada.id}/conversations`, { name: 'Where is my order?' });
			expect(created.status === 201, `creating a conversation answered ${created.status}`);
			const conversationId = created.json.data.id;
			const runs = await waitFor('an execution of the reply example', async () => {
				const list = await executions();
				return list.some((run) => run.status === 'success' || run.status === 'error') ? list : undefined;
			}, { timeoutMs: 30_000, alive: () => stack.n8nRunning });
			expect(runs.length === 1, `expected one execution, found ${runs.length}`);
			const execution = await stack.readExecution(runs[0].id);
			const [reply] = execution.items('Send Reply');
			expect(reply?.status === 'sent' && reply.channel === 'email', `Send Reply output: ${JSON.stringify(reply)?.slice(0, 300)}`);
			const post = sandbox.requests.slice(mark).find((r) => r.method === 'POST' && r.path === `/v1/customers/${ada.id}/drafts`);
			expect(post?.valid !== false && post?.status === 200, `draft request: ${JSON.stringify(post && { status: post.status, valid: post.valid })}`);
			expect(
				post.body.to?.[0]?.email === 'ada.lovelace@example.com' && post.body.subject === 'Re: Where is my order?' && post.body.conversation === conversationId && typeof post.body.sendAt === 'string',
				`draft body: ${JSON.stringify(post.body).slice(0, 300)}`,
			);
			const sent = [...sandbox.store.messages.values()].filter((m) => m.conversationId === conversationId && m.attributes.direction === 'out');
			expect(sent.length === 1 && sent[0].attributes.channel === 'email', `outbound messages on the conversation: ${sent.length}`);
			return `execution ${runs[0].id}: reply ${reply.id} sent on conversation ${conversationId}`;
		} finally {
			await deactivateWebhookTrigger(id);
		}
	});
	await check('polling trigger example outputs a sandbox change once, and after reactivation only what is new (created, updated, deleted)', async () => {
		const id = 'kustomerExPolling';
		const node = 'Kustomer Polling Trigger';
		const createCustomer = async (name) => {
			const response = await kustomer('POST', '/v1/customers', { name });
			expect(response.status === 201, `creating ${name} answered ${response.status}`);
			return response.json.data.id;
		};
		const executionIds = async () => (await executionsOf(id)).map((execution) => execution.id);
		// Every item the workflow's active executions output so far (not Fetch Test Event's).
		let manualRuns = new Set();
		const outputs = async () => {
			const items = [];
			for (const executionId of await executionIds()) if (!manualRuns.has(executionId)) items.push(...(await stack.readExecution(executionId)).items(node));
			return items;
		};
		const waitForOutput = async (name) =>
			await waitFor(`an execution with ${name}`, async () => ((await outputs()).some((item) => item.name === name) ? true : undefined), {
				timeoutMs: 30_000,
				alive: () => stack.n8nRunning,
			});

		const first = await createCustomer('Polling Smoke One');
		// The editor's Fetch Test Event: the trigger run on its own in manual mode shows the latest match.
		const workflowData = (await rest.get(`/rest/workflows/${id}`)).json?.data;
		const run = await rest.post(`/rest/workflows/${id}/run`, { workflowData, triggerToStartFrom: { name: node } });
		const testRun = run.json?.data?.executionId;
		expect(run.status === 200 && testRun, `POST /rest/workflows/${id}/run answered ${run.status}: ${run.text.slice(0, 300)}`);
		const tested = (await stack.readExecution(testRun)).items(node);
		expect(tested[0]?.name === 'Polling Smoke One' && tested[0]?.change === 'created', `Fetch Test Event output: ${JSON.stringify(tested).slice(0, 300)}`);

		// n8n polls once when it activates the workflow (then on the schedule): a change made before the
		// activation, after Start From, is the first one out; no waiting for the minute.
		const mark = sandbox.requests.length;
		manualRuns = new Set(await executionIds());
		await setActive(id, true);
		try {
			await waitForOutput('Polling Smoke One');
			const searches = sandbox.requests.slice(mark).filter((r) => r.path === '/v1/customers/search');
			expect(searches.length > 0 && searches.every((r) => r.body?.queryContext === 'customer' && r.body?.includeDeleted === true), `searches: ${JSON.stringify(searches.map((r) => r.body)).slice(0, 300)}`);
			// Off and on again, like a restart: the cursor n8n saved with the first execution holds.
			const second = await createCustomer('Polling Smoke Two');
			await setActive(id, false);
			await setActive(id, true);
			await waitForOutput('Polling Smoke Two');
			const items = await outputs();
			const names = items.map((item) => item.name).sort();
			expect(JSON.stringify(names) === JSON.stringify(['Polling Smoke One', 'Polling Smoke Two']), `items output: ${JSON.stringify(items.map((i) => [i.name, i.change]))}`);
			expect(items.every((item) => item.change === 'created' && [first, second].includes(item.id)), `items: ${JSON.stringify(items).slice(0, 300)}`);
			// An update and a deletion made in the sandbox while the workflow is active: each comes out once, as what it is.
			const renamed = await kustomer('PUT', `/v1/customers/${first}`, { name: 'Polling Smoke One Renamed' });
			expect(renamed.status === 200, `renaming answered ${renamed.status}`);
			const deleted = await kustomer('DELETE', `/v1/customers/${second}`);
			expect(deleted.status === 204, `deleting answered ${deleted.status}`);
			await setActive(id, false);
			await setActive(id, true);
			await waitFor('an execution with the update and the deletion', async () => {
				const all = await outputs();
				return all.some((item) => item.name === 'Polling Smoke One Renamed') && all.some((item) => item.change === 'deleted') ? true : undefined;
			}, { timeoutMs: 30_000, alive: () => stack.n8nRunning });
			const all = await outputs();
			const changes = all.map((item) => `${item.id === first ? 'one' : item.id === second ? 'two' : item.id} ${item.change}`).sort();
			expect(JSON.stringify(changes) === JSON.stringify(['one created', 'one updated', 'two created', 'two deleted']), `changes output: ${JSON.stringify(changes)}`);
			expect(all.find((item) => item.change === 'updated')?.name === 'Polling Smoke One Renamed', `updated item: ${JSON.stringify(all.find((item) => item.change === 'updated')).slice(0, 300)}`);
			return `Fetch Test Event: ${tested[0].name}; ${(await executionIds()).length - manualRuns.size} executions: ${all.map((item) => `${item.name} (${item.change})`).join(', ')}`;
		} finally {
			await setActive(id, false);
		}
	});
	return results;
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const totalStarted = Date.now();
	checkBuilt('the start script');
	const temp = options.smoke && !options.home;
	const home = options.home ?? (temp ? fs.mkdtempSync(path.join(os.tmpdir(), 'kustomer-smoke-')) : path.join(ROOT, '.n8n-dev'));
	const port = options.port ?? (options.smoke ? await freePort() : 5678);
	const sandboxPort = options.sandboxPort ?? (options.smoke ? await freePort() : 8765);

	const abort = new AbortController();
	let stack;
	let starting;
	let stopping;
	const shutdown = (reason, code) => {
		if (!stopping) {
			stopping = (async () => {
				abort.abort();
				log(`${reason}: stopping${stack ? ` n8n (pid ${stack.n8nPid}) and the sandbox` : ' (still starting)'}`);
				// While starting, the abort makes startStack stop what it started and reject.
				const running = stack ?? (await starting?.catch(() => undefined));
				if (running) await running.stop();
				log('stopped');
			})().then(() => process.exit(code));
		}
		return stopping;
	};
	process.on('SIGINT', () => shutdown('SIGINT', 0));
	process.on('SIGTERM', () => shutdown('SIGTERM', 0));
	process.on('SIGHUP', () => shutdown('SIGHUP', 0));
	// `kill <npm pid>` ends npm and its `sh -c` without passing the signal on: notice being orphaned.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) shutdown('parent process exited', 0);
	}, 1000).unref();

	log(`${options.smoke ? 'smoke test' : 'dev stack'}: n8n ${options.version}, user folder ${home}`);
	starting = startStack({
		home,
		version: options.version,
		port,
		sandboxPort,
		owner: DEFAULT_OWNER,
		log,
		n8nOutput: options.verbose ? process.stdout : undefined,
		signal: abort.signal,
	});
	try {
		stack = await starting;
	} catch (error) {
		if (stopping) return stopping;
		throw error;
	}
	if (stopping) return stopping;
	log(`ready in ${seconds(Date.now() - totalStarted)} s`);

	if (!options.smoke) {
		banner(stack);
		await stack.waitForExit();
		if (stopping) return stopping;
		// n8n stopped on its own: say why and take the sandbox down too.
		log(`n8n exited unexpectedly; last lines of ${stack.logs.n8n}:`);
		process.stdout.write(`${fs.readFileSync(stack.logs.n8n, 'utf8').split('\n').slice(-30).join('\n')}\n`);
		await stack.stop();
		process.exit(1);
	}

	const results = await smoke(stack, options.only);
	await stack.stop();
	const pid = stack.n8nPid;
	let leftover = false;
	try {
		process.kill(-pid, 0);
		leftover = true;
	} catch {
		// the whole process group is gone
	}
	if (leftover) results.push({ name: 'no processes left', ok: false });
	else results.push({ name: 'no processes left', ok: true });
	log(`  ${leftover ? 'FAIL' : 'pass'}  n8n process group ${pid} ${leftover ? 'still has processes' : 'is gone'} after stop`);
	const failed = results.filter((r) => !r.ok).length;
	if (temp && !failed && !options.keep) fs.rmSync(home, { recursive: true, force: true });
	else log(`kept ${home} (logs in ${path.join(home, 'logs')})`);
	log(`total ${seconds(Date.now() - totalStarted)} s`);
	process.stdout.write(`\nsmoke: ${results.length - failed} passed, ${failed} failed\n`);
	process.exit(failed ? 1 : 0);
}

main().catch(async (error) => {
	process.stderr.write(`\nstart: ${error instanceof Failure ? error.message : error.stack}\n`);
	process.exit(1);
});
