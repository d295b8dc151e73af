import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { locateSpecFile, SPEC_FILE_NAME } from '../../sandbox';
import {
	allowBulkClientRef,
	CUSTOM_ATTRIBUTE_PATTERN,
	declareJsonPatchBodiesAsJson,
	declareUndocumentedPagingParams,
	fixTypelessNullable,
	loadSpec,
	parseRoleTable,
	patchCustomAttributeSchemas,
	patchMetadataPropertySchemas,
	relaxOverlappingOneOf,
} from '../../sandbox/spec';
import { KUSTOMER_FORMATS } from '../../sandbox/formats';
import { getSpecEngine } from '../../sandbox/validation';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const SPEC_PATH = path.join(PROJECT_ROOT, 'sandbox', SPEC_FILE_NAME);
const SHARED_COPY = path.resolve(PROJECT_ROOT, '..', 'shared', 'reference', SPEC_FILE_NAME);

/** sha256 of Kustomer's published document as copied into the repository (must never change). */
const PINNED_SHA256 = '92258c5f2333da977e454fa3e7dd1b4f8780c4a17656413ebc914decabc6dbf7';

describe('the OpenAPI document', () => {
	it('is byte-for-byte the pinned copy', () => {
		const bytes = fs.readFileSync(SPEC_PATH);
		expect(createHash('sha256').update(bytes).digest('hex')).toBe(PINNED_SHA256);
	});

	it('matches the shared reference copy when that exists', () => {
		if (!fs.existsSync(SHARED_COPY)) return;
		expect(Buffer.compare(fs.readFileSync(SPEC_PATH), fs.readFileSync(SHARED_COPY))).toBe(0);
	});

	it('is found from the source folder and from a compiled .build folder', () => {
		expect(locateSpecFile(path.join(PROJECT_ROOT, 'sandbox'))).toBe(SPEC_PATH);
		// .build/sandbox need not exist: the walk only inspects its ancestors
		expect(locateSpecFile(path.join(PROJECT_ROOT, '.build', 'sandbox'))).toBe(SPEC_PATH);
		expect(locateSpecFile(path.join(PROJECT_ROOT, '.build', 'sandbox', 'resources'))).toBe(SPEC_PATH);
	});

	it('is patched in memory only, leaving the file untouched', () => {
		const before = fs.readFileSync(SPEC_PATH);
		const spec = loadSpec(SPEC_PATH);
		expect(Buffer.compare(before, fs.readFileSync(SPEC_PATH))).toBe(0);
		const custom = spec.document.paths['/customers'].post.requestBody.content['application/json'].schema.properties.custom;
		expect(custom).toMatchObject({ type: 'object', maxProperties: 100, additionalProperties: false });
		expect(Object.keys(custom.patternProperties)).toHaveLength(6);
		const params = spec.document.paths['/customers'].get.parameters.map((p: any) => p.name);
		expect(params).toEqual(['page', 'pageSize']);
	});
});

describe('errata patches', () => {
	it('replaces every empty closed `custom` schema and nothing else', () => {
		const raw = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8'));
		expect(patchCustomAttributeSchemas(raw)).toBe(29);
		// idempotent: patched schemas have patternProperties now
		expect(patchCustomAttributeSchemas(raw)).toBe(0);
		// other closed objects (e.g. metadata `properties`) are not custom attributes and stay as published
		expect(raw.paths['/metadata/{resource}'].put.requestBody.content['application/json'].schema.properties.properties.patternProperties).toBeUndefined();
	});

	it('declares page/pageSize only where the responses are paged', () => {
		const raw = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8'));
		const patched = declareUndocumentedPagingParams(raw);
		expect(patched).toEqual(expect.arrayContaining(['GetCustomers', 'CustomerSearch']));
		expect(patched).not.toContain('GetCustomerById');
	});

	it('turns typeless nullable schemas into an explicit null branch', () => {
		const raw = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8'));
		expect(fixTypelessNullable(raw)).toBe(14);
		const hours = raw.paths['/schedules'].post.requestBody.content['application/json'].schema.properties.hours.properties['0'];
		expect(hours.nullable).toBeUndefined();
		expect(hours.anyOf[hours.anyOf.length - 1]).toEqual({ type: 'null' });
	});

	it('declares the JSON Patch-typed merge body of PATCH /conversations/{id} as application/json too', () => {
		const raw = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8'));
		expect(declareJsonPatchBodiesAsJson(raw)).toEqual(['UpdateConversationAttributes']);
		const content = raw.paths['/conversations/{id}'].patch.requestBody.content;
		expect(content['application/json']).toBe(content['application/json-patch+json']);
		expect(declareJsonPatchBodiesAsJson(raw)).toEqual([]);
	});

	it('turns the overlapping oneOf of the conversation update bodies and their queue into anyOf', () => {
		const raw = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8'));
		expect(relaxOverlappingOneOf(raw)).toBe(4);
		for (const method of ['put', 'patch']) {
			const content = raw.paths['/conversations/{id}'][method].requestBody.content;
			const schema = (content['application/json'] ?? content['application/json-patch+json']).schema;
			expect(schema.oneOf).toBeUndefined();
			expect(schema.anyOf).toHaveLength(2);
			expect(schema.anyOf[0].properties.queue.anyOf).toHaveLength(2);
		}
		// discriminated alternatives elsewhere (draft channels) stay exactly-one
		expect(raw.paths['/customers/{id}/drafts'].post.requestBody.content['application/json'].schema.oneOf).toBeDefined();
		expect(relaxOverlappingOneOf(raw)).toBe(0);
	});

	it('lets metadata `properties` and `relationships` take suffixed attribute names with definitions', () => {
		const raw = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8'));
		expect(patchMetadataPropertySchemas(raw)).toBe(2);
		const members = raw.paths['/metadata/{resource}'].put.requestBody.content['application/json'].schema.properties;
		const [propertyNames] = Object.keys(members.properties.patternProperties);
		for (const ok of ['orderTotalNum', 'renewalAt', 'tierStr', 'notesTxt', 'vipBool', 'siteUrl', 'ordersId']) expect(ok).toMatch(new RegExp(propertyNames));
		for (const bad of ['orderTotal', 'OrderStr', 'order-Str']) expect(bad).not.toMatch(new RegExp(propertyNames));
		const [relationshipNames] = Object.keys(members.relationships.patternProperties);
		expect('ordersId').toMatch(new RegExp(relationshipNames));
		expect('ordersStr').not.toMatch(new RegExp(relationshipNames));
		expect(members.properties).toMatchObject({ type: 'object', maxProperties: 100, additionalProperties: false });
		expect(patchMetadataPropertySchemas(raw)).toBe(0);
	});

	it('declares `_clientRef` on the closed item schemas of the bulk bodies', () => {
		const raw = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8'));
		const patched = allowBulkClientRef(raw);
		expect(patched).toEqual(expect.arrayContaining(['BulkCreateKObjects', 'BulkCreateCustomers', 'BulkCreateConversations', 'BulkCreateNotes']));
		const item = raw.paths['/klasses/{name}/bulk'].post.requestBody.content['application/json'].schema.items;
		expect(item.additionalProperties).toBe(false);
		expect(item.properties._clientRef).toBeDefined();
		expect(allowBulkClientRef(raw)).toEqual([]);
	});

	it('leaves every operation with request validators Ajv can compile', async () => {
		// compiling all of them is what start() avoids (about 3 s); done once here to catch schema problems
		const { api } = await getSpecEngine();
		const failures: string[] = [];
		for (const op of api.router.getOperations()) {
			try {
				api.validator.buildRequestValidatorsForOperation(op);
			} catch (err) {
				failures.push(`${op.operationId}: ${(err as Error).message}`);
			}
		}
		expect(failures).toEqual([]);
	}, 30_000);

	it('uses the documented suffix convention for custom attribute names', () => {
		for (const ok of ['tierStr', 'spendNum', 'renewedAt', 'notesTxt', 'vipBool', 'siteUrl', 'a_bStr']) expect(ok).toMatch(CUSTOM_ATTRIBUTE_PATTERN);
		for (const bad of ['Str', 'TierStr', 'tier', 'tierstr', 'tier-Str', '1Str']) expect(bad).not.toMatch(CUSTOM_ATTRIBUTE_PATTERN);
	});
});

describe('role tables', () => {
	it('parses "any one of" legacy and permission-set roles', () => {
		const description = 'Creates a customer.\n\n|Legacy Role|Equivalent Permission Set Role|\n|-----|--------|\n|org.user.customer.write|org.permission.customer.create|\n||org.permission.search_global.create|\n\n### Custom';
		expect(parseRoleTable(description)).toEqual(['org.user.customer.write', 'org.permission.customer.create', 'org.permission.search_global.create']);
		expect(parseRoleTable('no table here')).toEqual([]);
	});

	it('finds roles for the customer operations', () => {
		const spec = loadSpec(SPEC_PATH);
		expect(spec.rolesByOperation.get('CreateCustomer')).toEqual(['org.user.customer.write', 'org.permission.customer.create']);
		expect(spec.rolesByOperation.get('DeleteCustomer')).toEqual(['org.user.customer.delete', 'org.permission.customer.delete']);
		expect(spec.rolesByOperation.get('CustomerSearch')).toContain('org.user.search.read');
	});

	it('finds roles for the conversation, note and message operations', () => {
		const roles = loadSpec(SPEC_PATH).rolesByOperation;
		expect(roles.get('CreateConversation')).toEqual(['org.user.conversation.write', 'org.permission.conversation.create']);
		expect(roles.get('UpdateConversationAttributes')).toEqual(['org.user.conversation.write', 'org.permission.conversation.update']);
		expect(roles.get('RemoveTagsFromConversation')).toEqual(['org.user.conversation.write', 'org.permission.conversation.delete']);
		// as published: the create-note table lists the legacy *read* role (likely a typo upstream, kept verbatim)
		expect(roles.get('CreateNoteWithinConversation')).toEqual(['org.user.note.read', 'org.permission.note.create']);
		expect(roles.get('DeleteNoteById')).toEqual(['org.user.note.write', 'org.permission.note.delete']);
		expect(roles.get('CreateMessageByCustomer')).toEqual(['org.user.message.write', 'org.permission.message.create']);
		expect(roles.get('GetMessage')).toEqual(['org.user.message.read', 'org.permission.message.read']);
	});
});

describe('formats', () => {
	const f = KUSTOMER_FORMATS;
	it('date-time is RFC 3339', () => {
		for (const ok of ['2024-02-29T23:59:59Z', '2024-01-01T00:00:00.123+02:00', '2024-01-01t00:00:00z']) expect(f['date-time'](ok)).toBe(true);
		for (const bad of ['2023-02-29T00:00:00Z', '2024-01-01', '2024-01-01T25:00:00Z', '2024-01-01T00:00:00', 'yesterday']) expect(f['date-time'](bad)).toBe(false);
	});
	it('object-id is 24 hex', () => {
		expect(f['object-id']('5f1e0c0a9d3b2a0017c0ffee')).toBe(true);
		expect(f['object-id']('5f1e0c0a9d3b2a0017c0ffe')).toBe(false);
		expect(f['object-id']('zf1e0c0a9d3b2a0017c0ffee')).toBe(false);
	});
	it('email, uri, url, domain, phone, whatsapp and date math behave sensibly', () => {
		expect(f.email('a.b+c@example.co.uk')).toBe(true);
		expect(f.email('a@b')).toBe(false);
		expect(f['email-relaxed']('a@b')).toBe(true);
		expect(f['email-relaxed']('a b@c')).toBe(false);
		expect(f.uri('https://example.com/x?y=1')).toBe(true);
		expect(f.uri('mailto:a@b.co')).toBe(true);
		expect(f.uri('example.com')).toBe(false);
		expect(f.url('example.com/about')).toBe(true);
		expect(f.url('https://example.com')).toBe(true);
		expect(f.url('not a url')).toBe(false);
		expect(f['domain-name']('sub.example.com')).toBe(true);
		expect(f['domain-name']('-bad.com')).toBe(false);
		expect(f['phone-number']('+1 (415) 555-0100 ext 12')).toBe(true);
		expect(f['phone-number']('call me')).toBe(false);
		expect(f['whatsapp-number']('+14155550100')).toBe(true);
		expect(f['whatsapp-number']('+1 415 555 0100')).toBe(false);
		expect(f['date-time-math']('now+1d/d')).toBe(true);
		expect(f['date-time-math']('2024-01-01T00:00:00Z||+2h')).toBe(true);
		expect(f['send-at']('tomorrow')).toBe(false);
	});
});
