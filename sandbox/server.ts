/**
 * The request pipeline. Order matters and mirrors a real edge + API:
 * control routes -> record -> faults -> rate limit -> body size -> auth -> route -> role -> validation -> handler.
 * Routing and validation are computed up front (they are pure) so every recorded request says whether it
 * was spec-valid, even when it was answered by a fault, a 401 or a 429.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { STATUS_CODES } from 'http';

import { hasAnyRole, type KeyRing } from './auth';
import type { ExtraRoute, ResourceRegistry, SandboxState } from './context';
import { CONTROL_PREFIX, handleControl, type ControlTarget } from './control';
import {
	errorResponse,
	notFound,
	notImplemented,
	unauthorized,
	type KustomerError,
	type SandboxResponse,
} from './envelope';
import type { CreationCaps } from './creationCaps';
import { sendDueDrafts } from './resources/drafts';
import type { ActiveFault } from './faults';
import type { RateLimiter } from './ratelimit';
import type { RecordedRequest } from './types';
import { analyzeRequest, type SpecEngine } from './validation';

/** Kustomer refuses bodies over 100 kb on most endpoints (https://developer.kustomer.com/kustomer-api-docs/reference/errors, 413). */
export const MAX_BODY_BYTES = 100 * 1024;

export interface SandboxCore extends ControlTarget {
	readonly engine: SpecEngine;
	readonly registry: ResourceRegistry;
	readonly state: SandboxState;
	readonly keyRing: KeyRing;
	readonly limiter: RateLimiter;
	limiterFor(authorization: string | string[] | undefined): RateLimiter;
	readonly creationCaps: CreationCaps;
	/** Resolves sleeps early when the sandbox closes. */
	sleep(ms: number): Promise<void>;
	readonly closed: boolean;
	/** Called once a request has been carried out, before its answer is sent (tests act between requests). */
	carriedOut?(record: RecordedRequest): void;
}

interface ReadBody {
	body: unknown;
	tooLarge: boolean;
}

function readBody(req: IncomingMessage): Promise<ReadBody> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			// keep draining past the limit so a 413 can still be answered on this connection
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () => {
			if (size > MAX_BODY_BYTES) return resolve({ body: undefined, tooLarge: true });
			if (size === 0) return resolve({ body: undefined, tooLarge: false });
			const text = Buffer.concat(chunks).toString('utf8');
			try {
				resolve({ body: JSON.parse(text), tooLarge: false });
			} catch {
				resolve({ body: text, tooLarge: false });
			}
		});
		req.on('error', reject);
	});
}

function send(res: ServerResponse, record: RecordedRequest | undefined, response: SandboxResponse, baseHeaders: Record<string, string> = {}): void {
	if (record) record.status = response.status;
	if (res.headersSent || res.destroyed) return;
	const headers: Record<string, string> = { ...baseHeaders, ...(response.headers ?? {}) };
	if (response.status === 204 || response.body === undefined) {
		res.writeHead(response.status, headers);
		res.end();
		return;
	}
	const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
	if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json; charset=utf-8';
	res.writeHead(response.status, headers);
	res.end(text);
}

interface Analysis {
	operationId?: string;
	params: Record<string, string>;
	errors: KustomerError[];
	roles?: string[];
	extra?: ExtraRoute;
	internalError?: string;
}

function isJsonContentType(value: string | string[] | undefined): boolean {
	const v = (Array.isArray(value) ? value[0] : value) ?? '';
	return /^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(v.trim());
}

/** Named groups of an extra route's pattern, %-decoded (left as sent when the escape is broken). */
function routeParams(match: RegExpExecArray): Record<string, string> {
	const params: Record<string, string> = {};
	for (const [name, value] of Object.entries(match.groups ?? {})) {
		if (value === undefined) continue;
		try {
			params[name] = decodeURIComponent(value);
		} catch {
			params[name] = value;
		}
	}
	return params;
}

function analyze(core: SandboxCore, method: string, url: string, pathname: string, req: IncomingMessage, body: unknown): Analysis {
	if (pathname !== '/v1' && !pathname.startsWith('/v1/')) return { params: {}, errors: [] };
	const below = pathname.slice(3);
	for (const extra of core.registry.extraRoutes) {
		const match = extra.method === method ? extra.pattern.exec(below) : null;
		if (match) return { operationId: extra.operationId, params: routeParams(match), errors: [], roles: extra.roles, extra };
	}
	const reroute = (operationId: string, params: Record<string, string>) => {
		for (const rule of core.registry.reroutes) {
			const other = rule(operationId, params, core.state);
			if (other) return other;
		}
		return undefined;
	};
	const result = analyzeRequest(core.engine.api, { method, url, headers: req.headers, body }, reroute);
	if (!result.operationId) return { params: {}, errors: [] };
	const errors = [...result.errors];
	// Kustomer only reads JSON bodies; a body sent without a JSON content type would be ignored there
	if (body !== undefined && result.operation?.requestBody && !isJsonContentType(req.headers['content-type'])) {
		errors.unshift({
			status: 400,
			code: 'invalid',
			title: 'Content-Type must be application/json',
			detail: `got ${JSON.stringify(req.headers['content-type'] ?? null)}`,
			source: { parameter: 'Content-Type' },
		});
	}
	return {
		operationId: result.operationId,
		params: result.params,
		errors,
		roles: core.engine.spec.rolesByOperation.get(result.operationId),
		internalError: result.internalError,
	};
}

/** What an 'echo' fault answers: the request's headers, repeated in the fault's shape. */
function echoResponse(fault: ActiveFault, requestHeaders: IncomingMessage['headers'], requestBody: unknown, extra: Record<string, string>): SandboxResponse {
	const status = fault.status ?? 200;
	const lines = Object.entries(requestHeaders).map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : String(value ?? '')}`);
	if (requestBody !== undefined) lines.push(`body: ${typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody)}`);
	const errors = status >= 400 ? [{ status, code: 'echo', title: 'Request refused', detail: `Request headers were: ${lines.join('; ')}` }] : undefined;
	const json = (body: Record<string, unknown>): SandboxResponse => ({
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', ...extra },
		body: { ...(errors ? { errors } : {}), ...body },
	});
	switch (fault.echo ?? 'json') {
		case 'text':
			return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...extra }, body: `Your request:\r\n${lines.join('\r\n')}\r\n` };
		case 'base64':
			return json({ data: { type: 'debug', id: 'echo', attributes: { trace: Buffer.from(lines.join('\n'), 'utf8').toString('base64') } } });
		case 'url': {
			const replay = new URLSearchParams();
			for (const [name, value] of Object.entries(requestHeaders)) replay.append(name, String(value));
			return json({ data: { type: 'debug', id: 'echo', attributes: { replay: replay.toString() } } });
		}
		case 'split':
		case 'spaced':
		case 'fields': {
			const authorization = String(requestHeaders.authorization ?? '');
			const parts: string[] = [];
			for (let index = 0; index < authorization.length; index += 4) parts.push(authorization.slice(index, index + 4));
			const shaped = fault.echo === 'spaced' ? parts.join(' ') : fault.echo === 'fields' ? parts.map((part) => ({ part })) : parts;
			return json({ data: { type: 'debug', id: 'echo', attributes: { parts: shaped } } });
		}
		default:
			return json({ data: { type: 'debug', id: 'echo', attributes: { headers: requestHeaders, raw: lines.join('\n') } } });
	}
}

function faultResponse(core: SandboxCore, fault: ActiveFault, requestHeaders: IncomingMessage['headers'], requestBody: unknown): SandboxResponse {
	const headers = { ...(fault.headers ?? {}) };
	switch (fault.kind) {
		case 'echo':
			return echoResponse(fault, requestHeaders, requestBody, headers);
		case 'html': {
			const status = fault.status ?? 502;
			const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
			return {
				status,
				headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
				body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
			};
		}
		case 'malformed':
			return {
				status: fault.status ?? 200,
				headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
				body: '{"data":{"type":"customer","id":"5f1e0c0a9d3b2a0017c0ffee","attributes":{"name":"Trunc',
			};
		default: {
			const status = fault.status ?? 500;
			const code = status === 429 ? 'too_many_requests' : (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/\W+/g, '_');
			const response =
				fault.body !== undefined
					? { status, body: fault.body }
					: errorResponse(status, code, STATUS_CODES[status] ?? 'Error', { detail: 'injected by the sandbox fault injector' });
			response.headers = status === 429 ? { ...core.limiter.exhaustedHeaders(limitNow(core)), ...headers } : headers;
			return response;
		}
	}
}

async function handleApi(core: SandboxCore, req: IncomingMessage, res: ServerResponse, method: string, url: string, pathname: string, query: Record<string, string>): Promise<void> {
	const { body, tooLarge } = await readBody(req);
	const analysis = analyze(core, method, url, pathname, req, body);
	const record: RecordedRequest = {
		method,
		path: pathname,
		query,
		headers: { ...req.headers },
		body,
		status: 0,
		valid: Boolean(analysis.operationId) && analysis.errors.length === 0 && !analysis.internalError && !tooLarge,
	};
	if (analysis.operationId) record.operationId = analysis.operationId;
	if (analysis.errors.length) record.validationErrors = analysis.errors;
	core.requests.push(record);

	const fault = core.faults.take(method, pathname);
	if (fault && !fault.after) {
		const wait = fault.delayMs ?? (fault.kind === 'delay' ? 1000 : 0);
		if (wait > 0) await core.sleep(wait);
		if (core.closed) return void res.destroy();
		if (fault.kind === 'reset') {
			// no answer at all: the client sees ECONNRESET / "socket hang up"
			req.socket.destroy();
			return;
		}
		if (fault.kind !== 'delay') return send(res, record, faultResponse(core, fault, req.headers, body));
	}

	const [response, headers] = await carryOut(core, req, method, pathname, query, body, tooLarge, analysis);
	core.carriedOut?.(record);
	if (fault?.after) {
		// The request was carried out; now its answer is lost, late or replaced.
		const wait = fault.delayMs ?? (fault.kind === 'delay' ? 1000 : 0);
		if (wait > 0) await core.sleep(wait);
		if (core.closed) return void res.destroy();
		if (fault.kind === 'reset') {
			record.status = 0;
			req.socket.destroy();
			return;
		}
		if (fault.kind !== 'delay') return send(res, record, faultResponse(core, fault, req.headers, body));
	}
	send(res, record, response, headers);
}

/** Carries an API request out and returns the answer with the rate-limit headers. */
async function carryOut(
	core: SandboxCore,
	req: IncomingMessage,
	method: string,
	pathname: string,
	query: Record<string, string>,
	body: unknown,
	tooLarge: boolean,
	analysis: Analysis,
): Promise<[SandboxResponse, Record<string, string>?]> {
	const limiter = core.limiterFor(req.headers.authorization);
	const rate = limiter.consume(limitNow(core));
	const base = rate.headers;
	if (!rate.allowed) {
		const { limit, windowMs } = limiter.current;
		return [errorResponse(429, 'too_many_requests', 'Too Many Requests', {
			detail: `rate limit of ${limit} requests per ${windowMs} ms exceeded`,
		}), base];
	}
	if (tooLarge) {
		return [errorResponse(413, 'payload_too_large', 'Payload Too Large', { detail: `request body exceeds ${MAX_BODY_BYTES} bytes` }), base];
	}
	if (pathname !== '/v1' && !pathname.startsWith('/v1/')) {
		return [notFound(`no route matches ${method} ${pathname}`), base];
	}
	const principal = core.keyRing.authenticate(req.headers.authorization);
	if (!principal) return [unauthorized(), base];
	if (!analysis.operationId) return [notFound(`no route matches ${method} ${pathname}`), base];
	if (!hasAnyRole(principal, analysis.roles)) {
		const roles = analysis.roles ?? [];
		return [errorResponse(401, 'unauthorized', `Missing role: requires any one of ${roles.join(', ')}`, {
			detail: `the API key does not hold a role that grants ${analysis.operationId}`,
		}), base];
	}
	if (analysis.internalError) {
		return [errorResponse(500, 'internal_error', 'Internal Server Error', { detail: analysis.internalError }), base];
	}
	if (analysis.errors.length) return [{ status: 400, body: { errors: analysis.errors } }, base];
	const capped = core.creationCaps.check(core.state.store, analysis.operationId, analysis.params, body, base, limiter.current.limit, limitNow(core));
	if (capped) return [capped, capped.headers];

	const handler = analysis.extra?.handler ?? core.registry.handlers.get(analysis.operationId);
	if (!handler) {
		return [notImplemented(`${analysis.operationId} (${method} ${pathname}) is not implemented by the sandbox yet`), base];
	}
	// Scheduled drafts and forwards whose time the record clock has passed go out before anything reads them.
	sendDueDrafts(core.state);
	try {
		const response = await handler({
			state: core.state,
			registry: core.registry,
			principal,
			method,
			operationId: analysis.operationId,
			params: analysis.params,
			query,
			body,
		});
		return [response, base];
	} catch (err) {
		return [errorResponse(500, 'internal_error', 'Internal Server Error', { detail: err instanceof Error ? err.message : String(err) }), base];
	}
}

/** The http.Server request listener for one sandbox. */
export function createListener(core: SandboxCore): (req: IncomingMessage, res: ServerResponse) => void {
	return (req, res) => {
		const method = (req.method ?? 'GET').toUpperCase();
		const url = req.url ?? '/';
		const q = url.indexOf('?');
		const pathname = q < 0 ? url : url.slice(0, q);
		const query: Record<string, string> = Object.fromEntries(new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
		const work =
			pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)
				? readBody(req).then(async ({ body }) => send(res, undefined, await handleControl(core, method, pathname.slice(CONTROL_PREFIX.length), body)))
				: handleApi(core, req, res, method, url, pathname, query);
		work.catch((err) => {
			if (!res.headersSent && !res.destroyed) {
				send(res, undefined, errorResponse(500, 'internal_error', 'Internal Server Error', { detail: err instanceof Error ? err.message : String(err) }));
			}
		});
	};
}

/** Now, for the limits: the sandbox's limit clock (tests move it instead of sleeping). */
function limitNow(core: { state: SandboxState }): number {
	return core.state.limitClock?.now() ?? Date.now();
}
