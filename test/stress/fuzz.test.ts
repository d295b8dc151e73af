import { createServer } from 'node:net';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { credentialProblem, keyDestinationProblem, kustomerBaseUrl } from '../../nodes/Kustomer/shared/transport';
import type { KustomerSandbox } from '../../sandbox';
import { runNode, testCredential } from '../harness/n8n';
import { apiRequests, runKustomer, seedCustomer, startSandbox } from '../nodes/setup';

/**
 * Bad input, generated: every operation gets parameter sets built from hostile values (wrong types,
 * empty, huge, unicode, control characters, injection strings). Each parameter reads its value from
 * the item by expression, so one run checks a hundred sets. Every set must end as an output item or
 * an error item with a clear message: no TypeError, no crash, and no request that fails Kustomer's
 * OpenAPI validation ever reaches the sandbox.
 */

const HOSTILE: unknown[] = [
	'',
	' ',
	'x',
	'a'.repeat(300),
	'b'.repeat(12000),
	'😀 ünïcödé 中文',
	'line\nbreak\ttab\u0000nul\u001b',
	'../../users/current',
	'?page=2#frag',
	'.',
	'..',
	'%2e%2e%2f',
	'<script>alert(1)</script>',
	"'; DROP TABLE customers; --",
	'{{ $json }}',
	'null',
	'-1',
	'NaN',
	0,
	-1,
	1.5,
	7,
	Number.MAX_SAFE_INTEGER,
	true,
	false,
	null,
	[],
	['a', 'b'],
	{},
	{ nested: { deep: true } },
	'ada@example.com',
	'2024-01-15',
	'2024-13-45T99:00:00Z',
	'https://example.com/a',
	'javascript:alert(1)',
	'+18005551212',
	'vip, newsletter',
	// Read strictly since issue 13: impossible dates, other bases, numbers beyond 2^53, inherited names.
	'2024-02-30',
	'2023-02-29T10:00:00Z',
	'0x1F',
	'0b11',
	'9007199254740993',
	2 ** 53 + 2,
	'constructor',
	'__proto__',
	'toString',
];

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function generator(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
		return state / 2 ** 32;
	};
}

const rl = (field: string, mode = 'id') => ({ __rl: true, mode, value: `={{ $json.${field} }}` });
const v = (field: string) => `={{ $json.${field} }}`;

/** Operations and their parameters; every `={{ $json.fN }}` is fed a hostile or valid value. */
const OPERATIONS: Array<{ name: string; fields: string[]; parameters: INodeParameters }> = [
	{ name: 'message:log', fields: ['id', 'f1', 'f2', 'f3'], parameters: { resource: 'message', operation: 'log', logOnConversation: rl('id'), channel: v('f1'), app: v('f2'), body: v('f3') } },
	{ name: 'customer:create', fields: ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8'], parameters: { resource: 'customer', operation: 'create', customerName: v('f1'), additionalFields: { externalId: v('f2'), avatarUrl: v('f3'), locale: v('f4'), tags: v('f5'), emails: { values: [{ email: v('f6'), type: v('f7') }] }, birthdayAt: v('f8') }, customAttributes: { values: [{ key: v('f1'), type: 'auto', value: v('f2') }] } } },
	{ name: 'customer:get', fields: ['id'], parameters: { resource: 'customer', operation: 'get', customerId: rl('id', 'email') } },
	{ name: 'customer:update', fields: ['id', 'f1', 'f2'], parameters: { resource: 'customer', operation: 'update', customerId: rl('id'), updateFields: { name: v('f1'), phones: { values: [{ phone: v('f2') }] } } } },
	{ name: 'customer:updateData', fields: ['id', 'f1', 'f2'], parameters: { resource: 'customer', operation: 'updateData', customerId: rl('id'), personalizationData: { values: [{ key: v('f1'), value: v('f2') }] } } },
	{ name: 'customer:upsert', fields: ['f1', 'f2'], parameters: { resource: 'customer', operation: 'upsert', matchOn: 'externalId', matchValue: v('f1'), upsertFields: { name: v('f2') } } },
	{ name: 'customer:delete', fields: ['id'], parameters: { resource: 'customer', operation: 'delete', customerId: rl('id', 'externalId') } },
	{ name: 'customer:getAll', fields: ['f1'], parameters: { resource: 'customer', operation: 'getAll', returnAll: false, limit: v('f1') } },
	{ name: 'customer:search', fields: ['f1', 'f2', 'f3'], parameters: { resource: 'customer', operation: 'search', filters: { values: [{ attribute: '__custom', customAttribute: v('f1'), operator: 'equals', value: v('f2') }, { attribute: 'name', operator: 'contains', value: v('f3') }] }, returnAll: false, limit: 5 } },
	{ name: 'conversation:create', fields: ['id', 'f1', 'f2', 'f3'], parameters: { resource: 'conversation', operation: 'create', customer: rl('id'), conversationName: v('f1'), conversationAdditionalFields: { priority: v('f2'), tags: v('f3'), status: v('f3') } } },
	{ name: 'conversation:update', fields: ['id', 'f1', 'f2'], parameters: { resource: 'conversation', operation: 'update', conversation: rl('id'), conversationUpdateFields: { snoozeUntil: v('f1'), assignedUsers: v('f2') } } },
	{ name: 'conversation:addTags', fields: ['id', 'f1'], parameters: { resource: 'conversation', operation: 'addTags', conversation: rl('id'), tagNames: v('f1') } },
	{ name: 'note:create', fields: ['id', 'f1', 'f2'], parameters: { resource: 'note', operation: 'create', conversationId: rl('id'), noteBody: v('f1'), noteAdditionalFields: { userMentions: v('f2') } } },
	{ name: 'message:log', fields: ['id', 'f1', 'f2', 'f3'], parameters: { resource: 'message', operation: 'log', logOnConversation: rl('id'), channel: v('f1'), app: v('f2'), body: v('f3') } },
	{ name: 'draft:send', fields: ['id', 'f1', 'f2', 'f3', 'f4'], parameters: { resource: 'draft', operation: 'send', draftCustomer: rl('id'), draftChannel: v('f1'), draftTo: v('f2'), draftToNumber: v('f2'), draftFrom: v('f3'), draftSubject: v('f4'), draftBody: v('f4'), draftWhen: 'scheduled', draftSendAt: v('f3'), draftAdditionalFields: { conversation: v('id') } } },
	{ name: 'draft:send (email, SMS, WhatsApp)', fields: ['id', 'f1', 'f2', 'f3'], parameters: { resource: 'draft', operation: 'send', draftCustomer: rl('id'), draftChannel: '={{ ["email", "sms", "whatsapp"][$itemIndex % 3] }}', draftTo: v('f1'), draftToNumber: v('f1'), draftFrom: v('f2'), draftSubject: 'Fuzz', draftBody: v('f3'), draftEmailOptions: { cc: v('f1'), htmlBody: v('f3'), replyTo: v('f2') } } },
	{ name: 'draft:update', fields: ['id', 'f1', 'f2'], parameters: { resource: 'draft', operation: 'update', draftId: v('id'), draftChannel: 'sms', draftSchedule: 'reschedule', draftNewSendAt: v('f1'), draftUpdateFields: { to: v('f2'), body: v('f2') } } },
	{ name: 'draft:forward', fields: ['id', 'f1', 'f2', 'f3'], parameters: { resource: 'draft', operation: 'forward', draftConversation: rl('id'), draftForwardTo: v('f1'), draftForwardFrom: v('f2'), draftForwardSubject: v('f3'), draftForwardNote: v('f3') } },
	{ name: 'klass:create', fields: ['f1', 'f2', 'f3'], parameters: { resource: 'klass', operation: 'create', name: v('f1'), displayName: v('f2'), attributes: { values: [{ name: v('f3'), type: 'number' }] } } },
	{ name: 'customObject:createMany', fields: ['f1', 'f2', 'f3'], parameters: { resource: 'customObject', operation: 'createMany', klassName: 'Fuzz_Klass', objects: v('f1'), fieldTypes: { values: [{ key: v('f2'), value: v('f3') }] } } },
	{ name: 'customObject:createMany (input field)', fields: ['f1', 'f2', 'f3'], parameters: { resource: 'customObject', operation: 'createMany', klassName: 'Fuzz_Klass', objectsFrom: 'inputField', objectsField: 'f1', fieldTypes: { values: [{ key: v('f2'), value: v('f3') }] } } },
	{ name: 'customer:create (typed attribute)', fields: ['f1', 'f2', 'f3'], parameters: { resource: 'customer', operation: 'create', customerName: 'Typed', customAttributes: { values: [{ key: v('f1'), type: v('f2'), value: v('f3') }] } } },
	{ name: 'conversation:search (date filter)', fields: ['f1'], parameters: { resource: 'conversation', operation: 'search', filters: { values: [{ attribute: 'created_at', operator: 'gte', value: v('f1') }] }, returnAll: false, limit: 5 } },
	{ name: 'customObject:create', fields: ['f1', 'f2', 'id'], parameters: { resource: 'customObject', operation: 'create', klassName: 'Fuzz_Klass', title: v('f1'), objectCustomerId: v('id'), objectAdditionalFields: { data: v('f2') } } },
];

const RUNS_PER_OPERATION = 7;
const ITEMS_PER_RUN = 90;
const CRASH = /TypeError|ReferenceError|Cannot read prop|is not a function|undefined is not|Maximum call stack|\[object Object\]/;

let sandbox: KustomerSandbox;
let validIds: string[];

beforeAll(async () => {
	sandbox = await startSandbox();
	sandbox.setBulkTiming({ queuedMs: 0, runningMs: 0 });
	// Hundreds of searches: Kustomer's search limit (100 a minute per key) scaled to a second, which the
	// node learns from the answers, so the run is not held for minutes.
	sandbox.setSearchRateLimit({ limit: 100, windowMs: 1000 });
	const customer = await seedCustomer(sandbox, { name: 'Fuzz Target', emails: [{ email: 'ada@example.com' }] });
	const conversation = await runKustomer(sandbox, { resource: 'conversation', operation: 'create', customer: { __rl: true, mode: 'id', value: String(customer.id) } });
	await runKustomer(sandbox, { resource: 'klass', operation: 'create', name: 'Fuzz_Klass', displayName: 'Fuzz' });
	validIds = [String(customer.id), String(conversation.items[0].json.id)];
});
afterAll(async () => {
	await sandbox.close();
});

it(`survives ${OPERATIONS.length * RUNS_PER_OPERATION * ITEMS_PER_RUN} generated parameter sets`, async () => {
	const random = generator(20261124);
	const pick = () => (random() < 0.15 ? validIds[Math.floor(random() * validIds.length)] : HOSTILE[Math.floor(random() * HOSTILE.length)]);
	let sets = 0;
	let failures = 0;
	const crashes: string[] = [];
	for (const operation of OPERATIONS) {
		for (let run = 0; run < RUNS_PER_OPERATION; run++) {
			sandbox.clearRequests();
			const items: IDataObject[] = Array.from({ length: ITEMS_PER_RUN }, () =>
				Object.fromEntries(operation.fields.map((field) => [field, pick()])) as IDataObject,
			);
			const result = await runKustomer(sandbox, operation.parameters, { items, continueOnFail: true });
			sets += items.length;
			if (result.error) crashes.push(`${operation.name}: run failed as a whole: ${result.error.message}`);
			for (const item of result.items) {
				const message = typeof item.json.error === 'string' ? item.json.error : undefined;
				if (message) failures++;
				if (message && CRASH.test(message)) crashes.push(`${operation.name}: ${message}`);
			}
			const invalid = apiRequests(sandbox).filter((request) => !request.valid);
			for (const request of invalid) {
				const problems = (request.validationErrors ?? []) as Array<{ title?: string; source?: { pointer?: string; parameter?: string } }>;
				const what = problems.map((problem) => `${problem.source?.pointer ?? problem.source?.parameter ?? ''} ${problem.title ?? ''}`).join('; ');
				crashes.push(`${operation.name}: invalid request reached Kustomer: ${request.method} ${what}`);
			}
		}
	}
	console.log(`fuzz: ${sets} parameter sets, ${failures} refused with a clear error, ${crashes.length} crashes`);
	const kinds = [...new Set(crashes.map((crash) => crash.replace(/ \[item \d+\]/, '').replace(/"[^"]*"/g, '"…"')))];
	expect(kinds).toEqual([]);
	expect(sets).toBeGreaterThanOrEqual(10_000);
}, 600_000);

/**
 * Issue 13: generated credentials (organization names and base URLs assembled from the pieces of
 * known attacks) either pass the one check of where the key may go, and then lead only to a
 * Kustomer host or a loopback/https base URL, or are refused identically by the credential test and
 * the node, before any connection (counted on a loopback listener the attacks point at).
 */
it('sends the key only where the credential allows, for generated organization names and base URLs', async () => {
	let connections = 0;
	const listener = createServer((socket) => {
		connections++;
		socket.destroy();
	});
	await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
	const port = (listener.address() as { port: number }).port;
	try {
		const random = generator(20261130);
		const choose = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
		const hostPieces = ['acme', 'acme-eu', 'evil.com', '127.0.0.1', `127.0.0.1:${port}`, 'localhost', '[::1]', '127.evil.com', '127.0.0.1.nip.io', 'ü', 'x'.repeat(70), '', '0x7f.0.0.1', '127.1', '2130706433', '[::ffff:127.0.0.1]', 'localhost.evil.com', 'foo.localhost', 'ACME', 'ａｃｍｅ'];
		const joints = ['', '/', '\\', ':443', `:${port}`, '@', '.', '%2F', '%5C', '#', '?', '-', ' ', '\t', '%2e', '\u3002', '..', '%40'];
		const schemes = ['http://', 'https://', 'HTTP://', 'ftp://', '//', 'javascript:', ''];
		const hostLike = () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => choose(hostPieces) + choose(joints)).join('');
		let allowed = 0;
		let refused = 0;
		let nodeRuns = 0;
		for (let index = 0; index < 3000; index++) {
			const credentials: Record<string, string> =
				random() < 0.5
					? { apiKey: 'fuzz-key', region: 'org', orgName: hostLike() }
					: { apiKey: 'fuzz-key', region: 'custom', baseUrl: choose(schemes) + hostLike() };
			const problem = credentialProblem(credentials);
			if (problem === undefined) {
				allowed++;
				const url = new URL(kustomerBaseUrl(credentials));
				if (credentials.region === 'org') {
					expect([credentials, url.protocol, url.hostname]).toEqual([credentials, 'https:', `${credentials.orgName.trim().toLowerCase()}.api.kustomerapp.com`]);
				} else {
					const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
					expect([credentials, url.protocol === 'https:' || (url.protocol === 'http:' && loopback), url.username + url.password]).toEqual([credentials, true, '']);
				}
				// A request elsewhere than the base URL never gets the key.
				expect(keyDestinationProblem(credentials, { url: `https://evil.example${url.pathname}` })).toMatch(/sends its API key only to/);
				continue;
			}
			refused++;
			// Every tenth refused credential goes through n8n: the credential test and the node refuse it alike.
			if (refused % 10 !== 0) continue;
			nodeRuns++;
			const test = await testCredential({ credentialType: 'kustomerApi', data: credentials });
			const result = await runNode({ nodeType: 'kustomer', parameters: { resource: 'customer', operation: 'getAll', returnAll: false, limit: 1 }, credentials: { kustomerApi: credentials } });
			expect([credentials, test.message]).toEqual([credentials, `${problem}. Nothing was sent.`]);
			expect([credentials, result.error?.message]).toEqual([credentials, problem]);
		}
		console.log(`fuzz: ${allowed + refused} generated credentials, ${allowed} allowed, ${refused} refused (${nodeRuns} through n8n)`);
		expect(connections).toBe(0);
		expect(refused).toBeGreaterThan(1000);
		expect(allowed).toBeGreaterThan(50);
	} finally {
		await new Promise<void>((resolve) => listener.close(() => resolve()));
	}
}, 600_000);

/** The new input cases against every typed field, each item's outcome checked, not only "no crash". */
const STRICT_CASES: Array<{ value: string | number; kind: 'date' | 'number' | 'name' }> = [
	{ value: '2024-02-30', kind: 'date' },
	{ value: '2023-02-29', kind: 'date' },
	{ value: '2024-04-31T10:00:00Z', kind: 'date' },
	{ value: '2024-13-01', kind: 'date' },
	{ value: '2024-01-15T24:30:00Z', kind: 'date' },
	// Trailing words JavaScript's parser would read as a month ("mar", "junk" as June).
	{ value: '2024-01-01 mar', kind: 'date' },
	{ value: '2024-01-01junk', kind: 'date' },
	{ value: '0x1F', kind: 'number' },
	{ value: '-0x10', kind: 'number' },
	{ value: '0b11', kind: 'number' },
	{ value: '0o17', kind: 'number' },
	{ value: '9007199254740993', kind: 'number' },
	{ value: '-9007199254740993', kind: 'number' },
	{ value: '1e21', kind: 'number' },
	{ value: 2 ** 53 + 2, kind: 'number' },
	{ value: '1e-400', kind: 'number' },
	...['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'].map((value) => ({ value, kind: 'name' as const })),
];

it('refuses impossible dates, other bases, numbers beyond 2^53 and inherited type names in every typed field', async () => {
	const typedAttribute: INodeParameters = {
		resource: 'customer',
		operation: 'create',
		customerName: 'Strict',
		customAttributes: { values: [{ key: 'probe', type: '={{ $json.type }}', value: '={{ $json.value }}' }] },
	};
	const items: IDataObject[] = STRICT_CASES.map(({ value, kind }): IDataObject => (kind === 'name' ? { type: value, value: '1' } : { type: kind, value }));
	sandbox.clearRequests();
	const result = await runKustomer(sandbox, typedAttribute, { items, continueOnFail: true });
	expect(result.items.filter((item) => typeof item.json.error !== 'string').map((item, index) => [index, item.json])).toEqual([]);
	expect(result.items.map((item) => String(item.json.error))).toEqual(
		items.map(({ type, value }) =>
			type === 'date'
				? expect.stringMatching(new RegExp(`^Custom Attribute "probe" \\(attribute "probeAt", Date\\): "${String(value)}" is not (a date: it has |a valid date)`))
				: type === 'number'
					? expect.stringMatching(/^Custom Attribute "probe" \(attribute "probeNum", Number\): .* (is not a decimal number|is beyond ±9007199254740991|is too close to zero)/)
					: `Custom Attribute "probe" has unknown type "${String(type)}": use boolean, date, id, number, string, text, url or auto [item ${items.findIndex((item) => item.type === type)}]`,
		),
	);
	expect(apiRequests(sandbox).filter((request) => request.method === 'POST')).toEqual([]);

	// The same cases as Create Many Field Types and typed data, and as Klass attribute Types.
	sandbox.clearRequests();
	const fieldTypes: INodeParameters = {
		resource: 'customObject',
		operation: 'createMany',
		klassName: 'Fuzz_Klass',
		objects: '={{ JSON.stringify([{ title: "Strict", data: [{ key: "probe", value: $json.value }] }]) }}',
		fieldTypes: { values: [{ key: 'probe', value: '={{ $json.type }}' }] },
	};
	const seedItems = STRICT_CASES.map(({ value, kind }): IDataObject => (kind === 'name' ? { type: value, value: '1' } : { type: kind === 'date' ? 'date' : 'num', value }));
	const seeded = await runKustomer(sandbox, fieldTypes, { items: seedItems, continueOnFail: true });
	expect(seeded.items.map((item) => String(item.json.error))).toEqual(
		seedItems.map(({ type }) =>
			type === 'date' || type === 'num'
				? expect.stringMatching(/^Objects \[0\] data "probe" \(attribute "probe(At|Num)", (Date|Number)\): .*(is not a date: it has|is not a valid date|is not a decimal number|is beyond ±9007199254740991|is too close to zero)/)
				: `Field Types [0] "probe" has unknown type "${String(type)}": use bool, date, num, str, txt [item ${seedItems.findIndex((item) => item.type === type)}]`,
		),
	);
	const klassTypes: INodeParameters = { resource: 'klass', operation: 'create', name: 'Strict_Klass', displayName: 'Strict', attributes: { values: [{ name: 'probe', type: '={{ $json.type }}' }] } };
	const names = STRICT_CASES.filter(({ kind }) => kind === 'name').map(({ value }): IDataObject => ({ type: value }));
	const klasses = await runKustomer(sandbox, klassTypes, { items: names, continueOnFail: true });
	expect(klasses.items.map((item) => String(item.json.error))).toEqual(names.map(() => expect.stringMatching(/^Attributes \[0\] Type has unknown type/)));
	expect(apiRequests(sandbox).filter((request) => request.method !== 'GET')).toEqual([]);
}, 120_000);
