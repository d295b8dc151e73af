import { NodeApiError } from 'n8n-workflow';
import type { IN8nHttpFullResponse, INode, JsonObject } from 'n8n-workflow';

import { failureCode, failureKind, isPerObjectLimit, isSafeToRepeat, tlsFailure } from './retry';
import { rolesHint } from './roles';
import type { KustomerContext, KustomerRequest } from './request';
import { ownValue } from './values';

/**
 * The one error-mapping module: every non-2xx Kustomer answer and every transport failure becomes a
 * NodeApiError whose message names what went wrong and how to fix it. Nothing from the request's
 * headers is ever copied into an error, so the API key cannot leak through one.
 */

/**
 * Kustomer answers errors in two shapes (https://developer.kustomer.com/docs/concepts/errors): most
 * endpoints `{"errors":[{"code","message","meta"}]}`, some JSON:API objects with `status`, `title`,
 * `detail` and `source.pointer` / `source.parameter`. Both are read into this one type.
 */
interface KustomerErrorObject {
	status?: number | string;
	code?: string;
	message?: string;
	title?: string;
	detail?: string;
	source?: { pointer?: string; parameter?: string; parameters?: string };
	meta?: { subErrors?: KustomerErrorObject[] };
}

/**
 * Kustomer's collections (the path segment before a record's ID) and what a message calls their
 * records. test/unit/transport.test.ts checks that every resource of the node is named here.
 */
const RESOURCE_NAMES: Record<string, string> = {
	bulk: 'bulk job',
	companies: 'company',
	conversations: 'conversation',
	customers: 'customer',
	drafts: 'draft',
	forwards: 'forward',
	klasses: 'Klass',
	merges: 'merge',
	messages: 'message',
	metadata: 'attribute metadata of',
	notes: 'note',
	'outbound-webhooks': 'outbound webhook',
	teams: 'team',
	users: 'user',
};

function currentOperation(context: KustomerContext): { resource: string; operation: string } {
	if (context.getNode().type.endsWith('.kustomerTrigger')) return { resource: 'trigger', operation: 'webhook' };
	try {
		return {
			resource: String(context.getNodeParameter('resource', 'customer')),
			operation: String(context.getNodeParameter('operation', '')),
		};
	} catch {
		return { resource: '', operation: '' };
	}
}

/** `/emails/0/email` → `emails[0].email`: the way an n8n user reads a field path. */
export function pointerToField(pointer: string | undefined): string | undefined {
	if (!pointer) return undefined;
	const parts = pointer.replace(/^#?\//, '').split('/').filter(Boolean);
	if (!parts.length) return undefined;
	return parts
		.map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : `${index ? '.' : ''}${part}`))
		.join('');
}

/** What a request was about, read from its path: `customer 5f…` or `customer with email a@b.c`. */
export function describeSubject(url: string): string {
	const segments = url.split('?')[0].split('/').filter(Boolean).map((segment) => {
		try {
			return decodeURIComponent(segment);
		} catch {
			return segment;
		}
	});
	// Own names only: an ID such as `__proto__` or `constructor` is no collection.
	const nounOf = (segment: string) => ownValue(RESOURCE_NAMES, segment);
	// The last "<collection>/<id>" pair names the record the path is about.
	for (let index = segments.length - 2; index >= 1; index--) {
		const noun = nounOf(segments[index]);
		const value = segments[index + 1];
		if (!noun || nounOf(value)) continue;
		const lookup = /^(email|externalId|phone)=(.*)$/.exec(value);
		if (lookup) return `${noun} with ${lookup[1] === 'externalId' ? 'external ID' : lookup[1]} "${lookup[2]}"`;
		return `${noun} "${value}"`;
	}
	const collection = [...segments].reverse().find((segment) => nounOf(segment));
	return (collection && nounOf(collection)) || 'record';
}

function kustomerErrors(body: unknown): KustomerErrorObject[] {
	if (body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)) {
		return (body as { errors: KustomerErrorObject[] }).errors.filter(
			(entry) => entry && typeof entry === 'object',
		);
	}
	return [];
}

function describeError(entry: KustomerErrorObject): string {
	const field =
		pointerToField(entry.source?.pointer) ?? entry.source?.parameter ?? entry.source?.parameters;
	const parts = [entry.title, entry.message, entry.detail].filter(
		(part, index, all): part is string => typeof part === 'string' && part !== '' && all.indexOf(part) === index,
	);
	const text = parts.join(': ');
	return field ? `${field}: ${text || 'invalid value'}` : text || 'invalid request';
}

/** A short, tag-free excerpt of a non-JSON answer (an HTML error page from a proxy, say). */
function textExcerpt(body: unknown): string | undefined {
	if (typeof body !== 'string' || !body.trim()) return undefined;
	const text = body
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Errors this module worded: passed on as they are when they come back through transportError. */
const worded = new WeakSet<NodeApiError>();

function buildError(
	node: INode,
	statusCode: number,
	message: string,
	description: string,
	errors: KustomerErrorObject[],
): NodeApiError {
	// Only the status and Kustomer's own error list go into the error: never the request.
	const errorResponse: JsonObject = { httpCode: String(statusCode), errors: errors as unknown as JsonObject[] };
	const error = new NodeApiError(node, errorResponse, {
		message,
		description,
		httpCode: String(statusCode),
	});
	// NodeApiError replaces some messages with generic wording per status; keep ours.
	error.message = message;
	error.description = description;
	worded.add(error);
	return error;
}

export function assertKustomerResponseOk(
	context: KustomerContext,
	response: IN8nHttpFullResponse,
	request: KustomerRequest,
): void {
	const statusCode = response.statusCode;
	if (statusCode >= 200 && statusCode < 300) return;
	throw kustomerError(context, statusCode, response.body, request, response);
}

export function kustomerError(
	context: KustomerContext,
	statusCode: number,
	body: unknown,
	request: Pick<KustomerRequest, 'method' | 'url'>,
	response?: IN8nHttpFullResponse,
): NodeApiError {
	const node = context.getNode();
	const errors = kustomerErrors(body);
	const details = errors.flatMap((entry) => [entry, ...(entry.meta?.subErrors ?? [])]).map(describeError);
	const detailText = details.length ? details.join('\n') : textExcerpt(body);
	const { resource, operation } = currentOperation(context);
	const subject = describeSubject(request.url);

	switch (statusCode) {
		case 400:
		case 422: {
			const first = details[0] ?? 'the request was rejected';
			return buildError(
				node,
				statusCode,
				`Kustomer rejected the request: ${first}`,
				`${detailText ?? ''}\nCorrect the field named above and run the node again.`.trim(),
				errors,
			);
		}
		case 401:
		case 403: {
			// 403: a role is missing; 401: a bad or expired key, a key of another region, a feature the
			// plan lacks, or (legacy wording) a missing role. Both are answered alike.
			// https://developer.kustomer.com/docs/get-started/making-requests ;
			// https://developer.kustomer.com/kustomer-api-docs/reference/errors
			const roles = rolesHint(resource, operation);
			const said = errors.map((entry) => entry.title ?? entry.message ?? entry.detail).find(Boolean) ?? '';
			const expired = /expired/i.test(said);
			const otherRegion = /\bpod\b/i.test(said);
			return buildError(
				node,
				statusCode,
				expired
					? 'The Kustomer API key has expired'
					: otherRegion
						? 'The Kustomer API key belongs to another region than the credential\'s host'
						: roles
							? `Kustomer refused the API key for this operation: it needs the role ${roles}`
							: 'Kustomer refused the API key',
				`${
					expired
						? 'Create a new API key in Kustomer (Settings › Security › API Keys) and update the credential.'
						: otherRegion
							? 'A key works only in the region that issued it: choose the credential\'s region (US, EU, or your organization\'s own host) to match.'
							: `Check that the key is current and was created with the role named above (Settings › Security › API Keys in Kustomer; roles cannot be added to an existing key, create a new one). ${
									statusCode === 401
										? 'Kustomer also answers 401 when the key belongs to another region or the feature is not in your plan: check the credential\'s region.'
										: ''
								}`.trim()
				}${said ? `\nKustomer said: ${said}` : ''}`,
				errors,
			);
		}
		case 404:
			return buildError(
				node,
				statusCode,
				`Kustomer has no ${subject}`,
				`${detailText ? `${detailText}\n` : ''}Check the ID or lookup value, and that the credential points at the right organization and region.`,
				errors,
			);
		case 409:
			if (errors.some((entry) => entry.source?.pointer === '/rev')) {
				// Optimistic locking: https://developer.kustomer.com/kustomer-api-docs/reference/errors
				return buildError(
					node,
					statusCode,
					`Kustomer refused the change to ${subject}: it was changed by someone else while the node was writing it (rev conflict)`,
					'Nothing was changed by this item. Run it again: the node reads the current version first, so the other change is kept. If it keeps happening, another workflow or agent is editing the same record at the same moment.',
					errors,
				);
			}
			return buildError(
				node,
				statusCode,
				`Kustomer reported a conflict on ${subject}: ${details[0] ?? 'the record changed or already exists'}`,
				'Another update changed the record first (stale "rev"), or a record with the same unique value (such as the external ID) already exists. Fetch the record again, or use Create or Update.',
				errors,
			);
		case 413:
			return buildError(
				node,
				statusCode,
				'The request body is larger than Kustomer accepts (100 kB)',
				'Send fewer or shorter fields in one request, for example by splitting long texts or lists.',
				errors,
			);
		case 429:
			if (response && isPerObjectLimit(response)) {
				// https://developer.kustomer.com/docs/concepts/rate-limits
				return buildError(
					node,
					statusCode,
					`Kustomer's limit for ${subject} was reached: too many records created for one customer, or too many updates to one record, in a minute`,
					`${detailText ? `${detailText}\n` : ''}Kustomer allows each customer 120 new conversations, messages, custom objects and drafts a minute, whatever the organization's budget; the node waited and retried as often as Request Options › Max Retries allows. Spread the run out, or set Imported At when importing history: imported records are exempt.`,
					errors,
				);
			}
			return buildError(
				node,
				statusCode,
				'Kustomer rate limit reached',
				`${detailText ? `${detailText}\n` : ''}The organization's request limit (shared by all its API keys) was exceeded. Retry later or reduce the number of requests per minute.`,
				errors,
			);
		default:
			return buildError(
				node,
				statusCode,
				statusCode >= 500
					? `Kustomer answered with a server error (${statusCode}) for ${request.method} ${request.url.split('?')[0]}`
					: `Kustomer answered ${statusCode} for ${request.method} ${request.url.split('?')[0]}`,
				[detailText ?? 'No details were given. Try again later.', statusCode >= 500 ? uncertainWrite(request) : undefined]
					.filter(Boolean)
					.join('\n'),
				errors,
			);
	}
}

/**
 * A change that got no clear answer may have been made: the node did not send it again (that
 * could make it twice), and the user should know to check before re-running the item.
 */
function uncertainWrite(request: Pick<KustomerRequest, 'method' | 'url' | 'findCreated' | 'body'>): string | undefined {
	if (isSafeToRepeat(request.method, request.url)) return undefined;
	const text =
		'Kustomer may have carried out this change before the failure: check the record in Kustomer before running this item again (the node did not repeat it, so it cannot have been made twice).';
	// Only creates whose operation declares a lookup (findCreated) can be checked by the node itself.
	const hasExternalId = !!request.body && !Array.isArray(request.body) && typeof request.body.externalId === 'string' && request.body.externalId.trim() !== '';
	return request.method === 'POST' && request.findCreated && !hasExternalId
		? `${text} Give the record an External ID and the node checks whether the create landed, and retries it only when it did not.`
		: text;
}

/** What a failure code says happened, in the user's words. */
function failureReason(code: string, message: string): string {
	if (code === 'ECONNRESET') return 'the connection was reset';
	if (code === 'ECONNREFUSED') return 'the connection was refused';
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) return 'the request timed out';
	if (code === 'ENOTFOUND') return 'the host name could not be resolved';
	if (code === 'EAI_AGAIN') return 'the host name could not be resolved for now (DNS did not answer)';
	if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') return 'the host could not be reached';
	const tls = tlsFailure(code);
	if (tls === 'certificate') return `the server's TLS certificate was not accepted (${code})`;
	if (tls === 'handshake') return 'the TLS connection could not be set up (is it an https server?)';
	if (code === 'ERR_INVALID_URL') return 'the address is not a valid URL';
	if (/JSON/i.test(message)) return 'the answer was not valid JSON';
	return 'the request failed';
}

/**
 * A request that got no HTTP answer at all (reset, refused, timed out, invalid JSON). An error this
 * module already worded (from a lookup made while recovering) is returned as it is. Only a failure
 * that may have reached Kustomer says the change may have been made: a refused connection, an
 * unknown host or a refused certificate happened before any byte of the request left.
 */
export function transportError(
	context: KustomerContext,
	error: unknown,
	request: Pick<KustomerRequest, 'method' | 'url'>,
): NodeApiError {
	if (error instanceof NodeApiError && worded.has(error)) return error;
	const code = failureCode(error);
	const outer = error as { message?: unknown; cause?: { message?: unknown } } | undefined;
	const message = [outer?.cause?.message, outer?.message].filter((part) => typeof part === 'string').join(' ');
	const reason = failureReason(code, message);
	const kind = failureKind(error);
	const node = context.getNode();
	const text = `Could not reach Kustomer: ${reason} (${request.method} ${request.url.split('?')[0]})`;
	const apiError = new NodeApiError(node, { code, message: reason } as JsonObject, {
		message: text,
		description: [
			kind === 'permanent'
				? 'Check the credential\'s region, organization name or base URL (and, for a certificate, the proxy or Request Options › Ignore SSL Issues), then run the node again. The node did not retry: this failure does not go away by itself.'
				: 'Check the credential\'s region or base URL and the network, then run the node again.',
			kind === 'uncertain' ? uncertainWrite(request) : 'The request never reached Kustomer, so nothing was changed.',
		]
			.filter(Boolean)
			.join('\n'),
		httpCode: null as unknown as string,
	});
	apiError.message = text;
	return apiError;
}

/**
 * After a lost answer to a create carrying an External ID, the lookup found a record that existed
 * before the create was sent: the External ID was already taken, so this item created nothing.
 */
export function existingRecordConflict(
	context: KustomerContext,
	request: Pick<KustomerRequest, 'method' | 'url' | 'body'>,
	record: { id?: unknown; type?: unknown; attributes?: unknown } | undefined,
): NodeApiError {
	const noun = describeSubject(request.url);
	const externalId = (request.body as { externalId?: unknown } | undefined)?.externalId;
	const id = typeof record?.id === 'string' ? record.id : 'another record';
	const message = `Kustomer already had ${noun === 'record' ? 'a record' : `a ${noun}`} with external ID "${String(externalId)}" (${id}) before this item was sent: nothing was created`;
	const error = new NodeApiError(context.getNode(), { httpCode: '409' } as JsonObject, {
		message,
		description:
			'The answer to the create was lost, and looking the External ID up found an older record. External IDs are unique, so Kustomer refuses the create. Use a new External ID, or update the existing record (Customer › Create or Update).',
		httpCode: '409',
	});
	error.message = message;
	worded.add(error);
	return error;
}
