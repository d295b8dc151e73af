/**
 * Routing and request validation against Kustomer's own OpenAPI document, through openapi-backend.
 * The engine is built once per process and shared by every sandbox: it holds no request state, and
 * its lazily compiled Ajv validators are worth keeping between tests.
 */
import * as nodeModule from 'module';
import type { AjvCustomizer, OpenAPIBackend, Operation } from 'openapi-backend';

import type { KustomerError } from './envelope';
import { KUSTOMER_FORMATS } from './formats';
import { loadSpec, type LoadedSpec } from './spec';

export interface SpecEngine {
	spec: LoadedSpec;
	api: OpenAPIBackend;
	/** Time spent reading/patching the document plus setting up openapi-backend. */
	startupMs: number;
}

let engine: Promise<SpecEngine> | undefined;

const addFormats: AjvCustomizer = (ajv) => {
	for (const [name, validate] of Object.entries(KUSTOMER_FORMATS)) ajv.addFormat(name, { type: 'string', validate });
	return ajv;
};

/**
 * openapi-backend requires @apidevtools/json-schema-ref-parser, which is ESM-only since v12. Node >= 20.19
 * loads it through require() natively, but jest's module registry cannot (SyntaxError on `import`), and
 * jest also replaces module.createRequire with its own. So load openapi-backend with Node's real loader,
 * fetched via process.getBuiltinModule (Node >= 20.16), which jest leaves alone; outside jest it is the
 * same module the plain require would give.
 */
function loadOpenApiBackend(): typeof import('openapi-backend') {
	const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
	const realModule = (getBuiltin ? getBuiltin('module') : nodeModule) as typeof nodeModule;
	return realModule.createRequire(__filename)('openapi-backend');
}

async function buildEngine(): Promise<SpecEngine> {
	const started = Date.now();
	const spec = loadSpec();
	const { OpenAPIBackend } = loadOpenApiBackend();
	const api = new OpenAPIBackend({
		definition: spec.document as any,
		apiRoot: '/v1',
		// quick: skip meta-validating the 4 MB document and compile each operation's validators on first use;
		// compiling all 134 operations up front would cost seconds per process for operations a test never calls.
		quick: true,
		strict: false,
		validate: true,
		ajvOpts: { allErrors: true, logger: false },
		customizeAjv: addFormats,
	});
	await api.init();
	// the router rebuilds its flat operation list (133 object spreads) on every call, twice per match;
	// the document never changes after init, so compute it once
	const operations = api.router.getOperations();
	api.router.getOperations = () => operations;
	return { spec, api, startupMs: Date.now() - started };
}

/** The shared engine (loads the document on first call). */
export function getSpecEngine(): Promise<SpecEngine> {
	engine ??= buildEngine().catch((err) => {
		engine = undefined;
		throw err;
	});
	return engine;
}

/** What the sandbox needs to know about a /v1 request before answering it. */
export interface RouteAnalysis {
	operation?: Operation;
	operationId?: string;
	/** Decoded path parameters. */
	params: Record<string, string>;
	/** Validation problems in Kustomer's error shape; empty when the request is valid. */
	errors: KustomerError[];
	/** Set when the operation's validator could not be built: a sandbox bug, answered 500. */
	internalError?: string;
}

export interface RawRequest {
	method: string;
	/** Raw pathname plus query string, exactly as received. */
	url: string;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
	body: unknown;
}

/**
 * Picks another operation for a matched request, or returns undefined to keep it. Kustomer tells some
 * operations of the same path shape apart by data (GET /klasses/{id} vs GET /klasses/{name}), which the
 * router alone cannot; see ResourceModule.reroute.
 */
export type Reroute = (operationId: string, params: Record<string, string>) => string | undefined;

/** Matches a request to a spec operation (undefined when none) and validates it. Never throws for bad input. */
export function analyzeRequest(api: OpenAPIBackend, raw: RawRequest, reroute?: Reroute): RouteAnalysis {
	const req = { method: raw.method, path: raw.url, headers: cleanHeaders(raw.headers), body: raw.body };
	let operation: Operation | undefined;
	try {
		operation = api.router.matchOperation(req, false) as Operation | undefined;
	} catch {
		operation = undefined;
	}
	if (!operation?.operationId) return { params: {}, errors: [] };
	let operationId = operation.operationId;
	let params: Record<string, string>;
	try {
		params = api.router.parseRequest(req, operation).params ?? {};
		const other = reroute?.(operationId, params);
		const alternative = other && other !== operationId ? (api.getOperation(other) as Operation | undefined) : undefined;
		if (alternative?.operationId) {
			operation = alternative;
			operationId = alternative.operationId;
			params = api.router.parseRequest(req, operation).params ?? {};
		}
	} catch (err) {
		// bath decodes path segments with decodeURIComponent, which throws on broken %-escapes
		return {
			operation,
			operationId,
			params: {},
			errors: [
				{
					status: 400,
					code: 'invalid',
					title: 'path is not correctly URL-encoded',
					detail: err instanceof Error ? err.message : String(err),
				},
			],
		};
	}
	let result: ReturnType<typeof api.validator.validateRequest>;
	try {
		result = api.validator.validateRequest(req, operation);
	} catch (err) {
		// validators compile lazily, so a schema Ajv rejects only shows up here
		const message = `cannot validate ${operationId}: ${err instanceof Error ? err.message : String(err)}`;
		return { operation, operationId, params, errors: [], internalError: message };
	}
	const errors = result.errors ? toKustomerErrors(result.errors as AjvError[]) : [];
	return { operation, operationId, params, errors };
}

function cleanHeaders(headers: RawRequest['headers']): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = v;
	return out;
}

/** The parts of an Ajv ErrorObject used here (Ajv itself is openapi-backend's private dependency). */
export interface AjvError {
	keyword: string;
	instancePath: string;
	schemaPath: string;
	params: Record<string, any>;
	message?: string;
}

const escapeToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapeToken = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** Where an error sits: a JSON pointer into the body, or a path/query parameter name. */
function locate(error: AjvError): { source: KustomerError['source']; where: string; pointer?: string } {
	let path = error.instancePath;
	// errors about a missing or unexpected member point at that member, not at its parent
	const child = error.params.additionalProperty ?? error.params.missingProperty;
	if (typeof child === 'string') path = `${path}/${escapeToken(child)}`;
	const [, area = '', ...rest] = path.split('/');
	if (area === 'requestBody' || error.schemaPath === '#/requestBody') {
		const pointer = rest.length ? `/${rest.join('/')}` : '';
		return { source: { pointer }, where: pointer ? pointer : 'request body', pointer };
	}
	if (area === 'query' || area === 'path') {
		const parameter = rest.length ? unescapeToken(rest[0]) : '';
		return { source: { parameter }, where: `${area} parameter "${parameter}"` };
	}
	return { source: undefined, where: 'request' };
}

function describe(error: AjvError, pointer?: string): string {
	const p = error.params;
	switch (error.keyword) {
		case 'additionalProperties':
			if (pointer === undefined) return 'is not a documented parameter';
			if (/\/custom\/[^/]+$/.test(pointer)) {
				return 'is not an allowed custom attribute: names are camelCase and end in Num, At, Str, Txt, Bool or Url';
			}
			// metadata bodies (PUT /metadata/{resource}) name attributes directly below these two members
			if (/^\/properties\/[^/]+$/.test(pointer)) {
				return 'is not an allowed attribute name: names are camelCase and end in Num, At, Str, Txt, Bool, Url or Id';
			}
			if (/^\/relationships\/[^/]+$/.test(pointer)) return 'is not an allowed relationship name: names are camelCase and end in Id';
			return 'is not an allowed attribute';
		case 'required':
			return 'is required';
		case 'format':
			return `must be a valid ${p.format}`;
		case 'type':
			return `must be of type ${p.type}`;
		case 'enum':
			return `must be one of ${(p.allowedValues ?? []).map((v: unknown) => JSON.stringify(v)).join(', ')}`;
		case 'maxLength':
			return `must be at most ${p.limit} characters long`;
		case 'minLength':
			return `must be at least ${p.limit} characters long`;
		case 'maxItems':
			return `must have at most ${p.limit} items`;
		case 'maxProperties':
			return `must have at most ${p.limit} properties`;
		case 'pattern':
			return `must match pattern ${p.pattern}`;
		case 'uniqueItems':
			return `must not contain duplicate items (items ${p.j} and ${p.i} are identical)`;
		case 'parse':
			return `is not valid JSON: ${error.message}`;
		default:
			return error.message ?? `failed ${error.keyword}`;
	}
}

/**
 * The branch of a failed anyOf/oneOf the value was evidently meant for: the only one whose errors all lie
 * below the value itself (the value has that branch's shape, only some member is wrong). A PUT
 * /conversations body {"priority": 7} fits the attribute-update branch, not the `{customer}` move branch,
 * so the answer should name /priority rather than "must match exactly one schema".
 */
function fittingBranch(alternative: AjvError, details: AjvError[]): number | undefined {
	const prefix = `${alternative.schemaPath}/`;
	const byBranch = new Map<number, AjvError[]>();
	for (const d of details) {
		const index = Number(d.schemaPath.slice(prefix.length).split('/')[0]);
		if (!Number.isInteger(index)) continue;
		byBranch.set(index, [...(byBranch.get(index) ?? []), d]);
	}
	const fitting = [...byBranch].filter(([, errs]) => errs.every((d) => d.instancePath.length > alternative.instancePath.length));
	// a branch without errors of its own would have passed; then the alternative failed for another reason
	return fitting.length === 1 && byBranch.size > 1 ? fitting[0][0] : undefined;
}

/**
 * One Kustomer error per problem. Alternatives (anyOf/oneOf) that all failed are folded into a single
 * error instead of one per branch, so `"and": "x"` reports one problem, not three — unless one branch is
 * evidently meant (fittingBranch), whose own errors are then reported instead.
 */
export function toKustomerErrors(all: AjvError[]): KustomerError[] {
	// a body that is not JSON also fails its type check; the parse error alone says what is wrong
	const unparsable = all.some((e) => e.keyword === 'parse' && e.schemaPath === '#/requestBody');
	const errors = unparsable ? all.filter((e) => e.keyword === 'parse' || !/^\/requestBody(\/|$)/.test(e.instancePath)) : all;
	const branches = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
	const detailOf = (e: AjvError, b: AjvError) => b !== e && e.schemaPath.startsWith(`${b.schemaPath}/`) && e.instancePath.startsWith(b.instancePath);
	const chosen = new Map<AjvError, string>();
	for (const b of branches) {
		const fit = fittingBranch(b, errors.filter((e) => detailOf(e, b)));
		if (fit !== undefined) chosen.set(b, `${b.schemaPath}/${fit}/`);
	}
	// hidden: a failed alternative itself when one branch is evidently meant, and details of branches not meant
	const inChosen = (e: AjvError, b: AjvError) => {
		const prefix = chosen.get(b);
		return prefix !== undefined && e.schemaPath.startsWith(prefix);
	};
	const hidden = (e: AjvError) => chosen.has(e) || branches.some((b) => detailOf(e, b) && !inChosen(e, b));
	const out: KustomerError[] = [];
	for (const error of errors) {
		if (hidden(error)) continue;
		const { source, where, pointer } = locate(error);
		let message = describe(error, pointer);
		if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
			const types = errors
				.filter((e) => e.keyword === 'type' && e.schemaPath.startsWith(`${error.schemaPath}/`) && e.instancePath === error.instancePath)
				.map((e) => e.params.type);
			if (types.length) message = `must be of type ${[...new Set(types)].join(' or ')}`;
		}
		const kerr: KustomerError = {
			status: 400,
			code: 'invalid',
			title: `${where} ${message}`,
			detail: `${error.message ?? error.keyword} (schema ${error.schemaPath})`,
			meta: { keyword: error.keyword, params: error.params },
		};
		if (source) kerr.source = source;
		out.push(kerr);
	}
	return out;
}
