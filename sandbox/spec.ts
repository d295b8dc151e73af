import * as fs from 'fs';

import { METADATA_DEFINITION_SCHEMA } from './metadataSchema';
import { locateSpecFile } from './specFile';

export { locateSpecFile, SPEC_FILE_NAME } from './specFile';

type Json = Record<string, any>;

/** The loaded (and in-memory patched) document plus facts derived from it. */
export interface LoadedSpec {
	path: string;
	document: Json;
	/** operationId -> roles of which the caller needs any one; absent when the operation lists none. */
	rolesByOperation: Map<string, string[]>;
	/** Every role named anywhere in the document, sorted: what the main sandbox key holds. */
	allRoles: string[];
	loadMs: number;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** Calls fn for every operation object of the document. */
export function forEachOperation(doc: Json, fn: (op: Json, method: string, route: string) => void): void {
	for (const [route, item] of Object.entries<Json>(doc.paths ?? {})) {
		for (const method of HTTP_METHODS) {
			const op = item[method];
			if (op && typeof op === 'object') fn(op, method, route);
		}
	}
}

/** Custom attribute name suffix -> schema of its value, as documented in every create/update description. */
const CUSTOM_SUFFIX_SCHEMAS: Record<string, Json> = {
	Num: { type: 'number', nullable: true },
	At: { type: 'string', format: 'date-time', nullable: true },
	Str: { type: 'string', maxLength: 1024, nullable: true },
	Txt: { type: 'string', maxLength: 1024, nullable: true },
	Bool: { type: 'boolean', nullable: true },
	Url: { type: 'string', format: 'uri', nullable: true },
};

/** The name part before the suffix: camelCase starting with a lower-case letter. */
export const CUSTOM_NAME_PREFIX = '^[a-z][A-Za-z0-9_]*';
export const CUSTOM_ATTRIBUTE_PATTERN = new RegExp(
	`${CUSTOM_NAME_PREFIX}(${Object.keys(CUSTOM_SUFFIX_SCHEMAS).join('|')})$`,
);

function isEmptyClosedObject(schema: unknown): schema is Json {
	if (!schema || typeof schema !== 'object') return false;
	const s = schema as Json;
	return (
		s.type === 'object' &&
		s.additionalProperties === false &&
		s.properties === undefined &&
		s.patternProperties === undefined
	);
}

/**
 * ERRATUM 1 — `custom` schemas that accept nothing.
 * The published document gives every `custom` property the schema
 * {"type":"object","maxProperties":100,"additionalProperties":false} with no properties, which rejects any
 * custom attribute at all, while the descriptions of the very same operations document the suffix convention
 * (Num, At, Str, Txt, Bool, Url). Real Kustomer accepts such attributes, so replace those schemas, in memory
 * only, by patternProperties for the documented suffixes; anything else is still rejected.
 * Returns how many schemas were patched.
 */
export function patchCustomAttributeSchemas(doc: Json): number {
	let patched = 0;
	const visit = (node: unknown): void => {
		if (Array.isArray(node)) {
			node.forEach(visit);
			return;
		}
		if (!node || typeof node !== 'object') return;
		const obj = node as Json;
		const props = obj.properties;
		if (props && typeof props === 'object' && isEmptyClosedObject(props.custom)) {
			const patternProperties: Json = {};
			for (const [suffix, schema] of Object.entries(CUSTOM_SUFFIX_SCHEMAS)) {
				patternProperties[`${CUSTOM_NAME_PREFIX}${suffix}$`] = { ...schema };
			}
			props.custom = { ...props.custom, patternProperties };
			patched++;
		}
		for (const value of Object.values(obj)) visit(value);
	};
	forEachOperation(doc, (op) => {
		visit(op.requestBody);
		visit(op.parameters);
	});
	return patched;
}

/**
 * ERRATUM 2 — undeclared paging parameters.
 * Some list operations (GET /customers, POST /customers/search, GET /notes, ...) document paged responses
 * (meta.page, links with page=&pageSize=) and are paged with page/pageSize by every known integration, but
 * declare no such query parameters; openapi-backend rejects undeclared query parameters, so declare the
 * document's own shared `page`/`pageSize` parameters on exactly those operations.
 * Returns the operationIds patched.
 */
export function declareUndocumentedPagingParams(doc: Json): string[] {
	const shared: Json = doc.components?.parameters ?? {};
	const patched: string[] = [];
	forEachOperation(doc, (op) => {
		const params: Json[] = Array.isArray(op.parameters) ? op.parameters : [];
		const queryNames = new Set(params.filter((p) => p?.in === 'query').map((p) => p.name));
		const success = JSON.stringify(op.responses?.['200'] ?? op.responses?.['201'] ?? {});
		const paged = /page=\d/.test(success) || /"page"/.test(success);
		if (!paged || queryNames.has('page')) return;
		const added: Json[] = [];
		for (const name of ['page', 'pageSize']) {
			if (queryNames.has(name)) continue;
			const base: Json = shared[name] ?? { name, in: 'query', schema: { type: 'number' } };
			added.push(JSON.parse(JSON.stringify(base)));
		}
		op.parameters = [...params, ...added];
		patched.push(String(op.operationId));
	});
	return patched;
}

/**
 * ERRATUM 3 — `nullable` without `type`.
 * A few schemas (business schedule `hours`) say {"anyOf":[...],"nullable":true}. OpenAPI 3.0 ignores
 * nullable without a type and Ajv refuses to compile it, so the two schedule operations could not be
 * validated at all. Express the evident intent — "or null" — as an extra anyOf branch.
 * Returns how many schemas were rewritten.
 */
export function fixTypelessNullable(doc: Json): number {
	let fixed = 0;
	const visit = (node: unknown): void => {
		if (Array.isArray(node)) {
			node.forEach(visit);
			return;
		}
		if (!node || typeof node !== 'object') return;
		const obj = node as Json;
		if (obj.nullable === true && obj.type === undefined) {
			delete obj.nullable;
			if (Array.isArray(obj.anyOf)) obj.anyOf = [...obj.anyOf, { type: 'null' }];
			else if (Array.isArray(obj.oneOf)) obj.oneOf = [...obj.oneOf, { type: 'null' }];
			fixed++;
		}
		for (const value of Object.values(obj)) visit(value);
	};
	forEachOperation(doc, (op) => {
		visit(op.requestBody);
		visit(op.parameters);
	});
	return fixed;
}

/**
 * ERRATUM 4 — a merge body declared as JSON Patch.
 * PATCH /conversations/{id} declares its body only as `application/json-patch+json`, yet its schema is the
 * same attribute object PUT takes (not an RFC 6902 operation array), and clients send it as plain JSON.
 * openapi-backend validates only `application/json` bodies, so the body went unchecked (priority 7 passed).
 * Declare the same schema as `application/json` too. Returns the operationIds patched.
 */
export function declareJsonPatchBodiesAsJson(doc: Json): string[] {
	const patched: string[] = [];
	forEachOperation(doc, (op) => {
		const content: Json | undefined = op.requestBody?.content;
		const patch = content?.['application/json-patch+json'];
		if (!content || content['application/json'] || !patch?.schema || patch.schema.type === 'array') return;
		content['application/json'] = patch;
		patched.push(String(op.operationId));
	});
	return patched;
}

/**
 * ERRATUM 5 — `oneOf` alternatives that overlap.
 * The conversation update bodies (PUT and PATCH /conversations/{id}) are `oneOf` [attribute update, move
 * `{customer}`], and neither branch requires anything, so `{}` matches both and is rejected; their `queue`
 * is `oneOf` [{id: object-id}, {id: any string}], so every queue id matches both and every queue assignment
 * was rejected. "Exactly one" is plainly meant as "one of these shapes": make those alternatives anyOf.
 * Only two patterns are touched: a oneOf whose object branches all lack `required`, and a `queue` oneOf
 * whose branches declare the same members. Returns how many were rewritten.
 */
export function relaxOverlappingOneOf(doc: Json): number {
	let relaxed = 0;
	const sameMembers = (branches: Json[]) =>
		branches.every((b) => b?.type === 'object' && JSON.stringify(Object.keys(b.properties ?? {}).sort()) === JSON.stringify(Object.keys(branches[0].properties ?? {}).sort()));
	const visit = (node: unknown, key?: string): void => {
		if (Array.isArray(node)) return node.forEach((item) => visit(item));
		if (!node || typeof node !== 'object') return;
		const obj = node as Json;
		const branches = obj.oneOf;
		if (Array.isArray(branches) && branches.length > 1) {
			const noneRequired = branches.every((b: Json) => b?.type === 'object' && !b.required && !b.anyOf && !b.oneOf);
			if (noneRequired || (key === 'queue' && sameMembers(branches))) {
				obj.anyOf = branches;
				delete obj.oneOf;
				relaxed++;
			}
		}
		for (const [k, value] of Object.entries(obj)) visit(value, k);
	};
	forEachOperation(doc, (op) => visit(op.requestBody));
	return relaxed;
}

/** Relationship attributes (https://developer.kustomer.com/docs/concepts/custom-attributes): metadata names ending in Id, which point at another record. */
export const RELATIONSHIP_ATTRIBUTE_PATTERN = new RegExp(`${CUSTOM_NAME_PREFIX}Id$`);

/**
 * ERRATUM 6 — metadata `properties` and `relationships` that accept nothing.
 * PUT /metadata/{resource} declares both as {"type":"object","additionalProperties":false} with no
 * properties — the same defect as `custom` (erratum 1) — although its own description and response
 * example define attributes such as `shopifyCustomerIdNum`, `myCustomStr` and `ordersId`. Accept, in
 * memory only, attribute names with the documented suffixes (plus Id, the relationship suffix the same
 * description names) in `properties`, and Id names in `relationships`, each holding a definition object
 * (METADATA_DEFINITION_SCHEMA). Returns how many schemas were patched.
 */
export function patchMetadataPropertySchemas(doc: Json): number {
	let patched = 0;
	const suffixes = [...Object.keys(CUSTOM_SUFFIX_SCHEMAS), 'Id'].join('|');
	const names: Record<string, string> = {
		properties: `${CUSTOM_NAME_PREFIX}(${suffixes})$`,
		relationships: RELATIONSHIP_ATTRIBUTE_PATTERN.source,
	};
	forEachOperation(doc, (op, method, route) => {
		if (route !== '/metadata/{resource}' || method !== 'put') return;
		const members: Json | undefined = op.requestBody?.content?.['application/json']?.schema?.properties;
		for (const [member, pattern] of Object.entries(names)) {
			if (!members || !isEmptyClosedObject(members[member])) continue;
			members[member] = { ...members[member], patternProperties: { [pattern]: JSON.parse(JSON.stringify(METADATA_DEFINITION_SCHEMA)) } };
			patched++;
		}
	});
	return patched;
}

/** `_clientRef`: the caller's own reference for one bulk item, echoed in that item's result. */
const CLIENT_REF_SCHEMA: Json = { anyOf: [{ type: 'string', minLength: 1, maxLength: 256 }, { type: 'number' }] };

/**
 * ERRATUM 7 — bulk items that cannot carry `_clientRef`.
 * Kustomer's bulk guide (reference, Addendum) tells clients to put `_clientRef` on every item of a
 * `POST|PUT /<resource>/bulk` array to match the per-item results back to their source rows, but the
 * item schemas are closed (additionalProperties false) and do not list it, so every such request was
 * rejected. Declare `_clientRef` on closed bulk item schemas (and closed oneOf/anyOf branches of them).
 * Returns the operationIds patched.
 */
export function allowBulkClientRef(doc: Json): string[] {
	const patched: string[] = [];
	forEachOperation(doc, (op, _method, route) => {
		const body: Json | undefined = op.requestBody?.content?.['application/json']?.schema;
		if (!route.endsWith('/bulk') || body?.type !== 'array' || !body.items) return;
		const items: Json = body.items;
		const shapes: Json[] = [items, ...(items.oneOf ?? []), ...(items.anyOf ?? [])];
		let touched = false;
		for (const shape of shapes) {
			if (shape?.type !== 'object' || shape.additionalProperties !== false || shape.properties?._clientRef) continue;
			// a fresh copy each time: openapi-backend converts schemas in place, so shared objects would be converted twice
			shape.properties = { ...(shape.properties ?? {}), _clientRef: JSON.parse(JSON.stringify(CLIENT_REF_SCHEMA)) };
			touched = true;
		}
		if (touched) patched.push(String(op.operationId));
	});
	return patched;
}

/**
 * ERRATUM 8 — draft bodies the docs allow and the document refuses.
 * - `scheduled`: the create-draft page says a future send needs both a future `sendAt` and
 *   `scheduled: true` at create (without it the draft is sent at once), yet the create branches are
 *   closed and do not list it. Declared on every branch of CreateDraftByCustomer.
 * - `htmlBody`: a draft field on the same page (and in UpdateDraft's email branch), missing from the
 *   create email branch.
 * - chat `body`: the page allows up to 10,240 characters for email, chat and note; the chat branch
 *   says 1,024. The docs win.
 * - WhatsApp branches are `allOf` [shared members, channel-specific members] whose second part is
 *   closed (`additionalProperties: false`) without the shared members, so no WhatsApp body (its
 *   `channel` among them) could ever pass. Each such allOf is merged into one closed object.
 * Applied to CreateDraftByCustomer and UpdateDraft
 * (https://developer.kustomer.com/api/core-resources/create-draft-for-customer). Returns how many branches changed.
 */
export function patchDraftSchemas(doc: Json): number {
	let patched = 0;
	forEachOperation(doc, (op) => {
		if (op.operationId !== 'CreateDraftByCustomer' && op.operationId !== 'UpdateDraft') return;
		const body: Json | undefined = op.requestBody?.content?.['application/json']?.schema;
		if (!Array.isArray(body?.oneOf)) return;
		const branches: Json[] = body.oneOf;
		body.oneOf = branches.map((branch: Json) => {
			let shape = branch;
			if (Array.isArray(branch.allOf)) {
				shape = { type: 'object', title: branch.title, properties: {}, required: [], additionalProperties: false };
				for (const part of branch.allOf) {
					Object.assign(shape.properties, JSON.parse(JSON.stringify(part.properties ?? {})));
					shape.required = [...new Set([...shape.required, ...(part.required ?? [])])];
				}
			}
			const props: Json = shape.properties ?? {};
			const channel = props.channel?.enum?.[0];
			if (!props.scheduled) props.scheduled = { type: 'boolean' };
			if (channel === 'email' && !props.htmlBody) props.htmlBody = { type: 'string', maxLength: 10240 };
			if (channel === 'chat' && props.body) props.body = { ...props.body, maxLength: 10240 };
			patched++;
			return shape;
		});
	});
	return patched;
}

/**
 * Reads the role table each operation description carries:
 * "|Legacy Role|Equivalent Permission Set Role|" then rows such as "|org.user.customer.write|org.permission.customer.create|".
 * Any one of the listed roles grants access.
 */
export function parseRoleTable(description: string | undefined): string[] {
	if (!description) return [];
	const lines = description.split(/\r?\n/);
	// one table in the document lacks the leading pipe ("Legacy Role|Equivalent..."), so do not anchor on it
	const start = lines.findIndex((l) => /Legacy Role\s*\|\s*Equivalent Permission Set Role/i.test(l));
	if (start < 0) return [];
	const roles: string[] = [];
	for (const line of lines.slice(start + 1)) {
		const trimmed = line.trim();
		if (!trimmed.startsWith('|')) break;
		for (const cell of trimmed.split('|')) {
			const role = cell.trim();
			if (/^org\.[A-Za-z0-9_.*-]+$/.test(role) && !roles.includes(role)) roles.push(role);
		}
	}
	return roles;
}

/** Loads the document from disk, applies the in-memory errata and derives the role tables. */
export function loadSpec(file: string = locateSpecFile()): LoadedSpec {
	const started = Date.now();
	const document = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
	patchCustomAttributeSchemas(document);
	declareUndocumentedPagingParams(document);
	fixTypelessNullable(document);
	relaxOverlappingOneOf(document);
	declareJsonPatchBodiesAsJson(document);
	patchMetadataPropertySchemas(document);
	allowBulkClientRef(document);
	patchDraftSchemas(document);
	const rolesByOperation = new Map<string, string[]>();
	const all = new Set<string>();
	forEachOperation(document, (op) => {
		const roles = parseRoleTable(op.description);
		if (!op.operationId || roles.length === 0) return;
		rolesByOperation.set(op.operationId, roles);
		roles.forEach((r) => all.add(r));
	});
	return {
		path: file,
		document,
		rolesByOperation,
		allRoles: [...all].sort(),
		loadMs: Date.now() - started,
	};
}
