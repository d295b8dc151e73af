/** JSON:API-style bodies exactly as Kustomer shapes them (see https://developer.kustomer.com/docs/concepts/json-api-format). */

export interface KustomerError {
	status: number;
	code: string;
	title: string;
	detail?: string;
	source?: { pointer?: string; parameter?: string };
	meta?: Record<string, unknown>;
}

export interface ErrorBody {
	errors: KustomerError[];
}

/** A reply the HTTP layer writes: JSON when body is an object, nothing for 204. */
export interface SandboxResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export function errorResponse(status: number, code: string, title: string, extra: Partial<KustomerError> = {}): SandboxResponse {
	return { status, body: { errors: [{ status, code, title, ...extra }] } satisfies ErrorBody };
}

export function errorsResponse(status: number, errors: KustomerError[]): SandboxResponse {
	return { status, body: { errors } satisfies ErrorBody };
}

export const notFound = (detail?: string): SandboxResponse =>
	errorResponse(404, 'not_found', 'Not Found', detail ? { detail } : {});

export const unauthorized = (): SandboxResponse => errorResponse(401, 'unauthorized', 'Unauthorized');

export const notImplemented = (detail: string): SandboxResponse =>
	errorResponse(501, 'not_implemented', 'Not Implemented', { detail });

export const invalid = (title: string, source?: KustomerError['source'], detail?: string): SandboxResponse =>
	errorResponse(400, 'invalid', title, { ...(detail ? { detail } : {}), ...(source ? { source } : {}) });

export interface RelationshipRef {
	type: string;
	id: string;
	/** Host-relative self link of the related resource; derived from type when omitted. */
	self?: string;
}

export interface ResourceIdentifier {
	type: string;
	id: string;
}

/** A relationship: a link, data, or both (conversation `messages` is a bare link, note `userMentions` a list). */
export interface Relationship {
	links?: { self: string };
	data?: ResourceIdentifier | ResourceIdentifier[] | null;
}

export interface ResourceObject {
	type: string;
	id: string;
	attributes: Record<string, unknown>;
	relationships: Record<string, Relationship>;
	links: { self: string };
}

const PLURAL: Record<string, string> = { org: 'orgs', user: 'users', customer: 'customers', company: 'companies', queue: 'routing/queues' };

export function relationship(ref: RelationshipRef): { links: { self: string }; data: { type: string; id: string } } {
	const collection = PLURAL[ref.type] ?? `${ref.type}s`;
	return { links: { self: ref.self ?? `/v1/${collection}/${ref.id}` }, data: { type: ref.type, id: ref.id } };
}

/** Everything a list reply needs besides the items: 1-based page, page size, total item count, base path. */
export interface PageInfo {
	page: number;
	pageSize: number;
	total: number;
	/** Host-relative path including /v1, e.g. /v1/customers. */
	basePath: string;
	/** Extra query parameters to keep in every link (besides page & pageSize). */
	query?: Record<string, string>;
}

export function pageLink(info: PageInfo, page: number): string {
	const qs = new URLSearchParams({ ...(info.query ?? {}), page: String(page), pageSize: String(info.pageSize) });
	return `${info.basePath}?${qs.toString()}`;
}

/** `{ meta, data, links }` with prev/next null at the ends (https://developer.kustomer.com/docs/concepts/json-api-format, https://developer.kustomer.com/docs/concepts/pagination). */
export function listBody(data: ResourceObject[], info: PageInfo, extraMeta: Record<string, unknown> = {}) {
	const totalPages = Math.ceil(info.total / info.pageSize);
	return {
		meta: { page: info.page, pageSize: info.pageSize, total: info.total, totalPages, ...extraMeta },
		data,
		links: {
			self: pageLink(info, info.page),
			first: pageLink(info, 1),
			prev: info.page > 1 ? pageLink(info, Math.min(info.page - 1, Math.max(totalPages, 1))) : null,
			next: info.page < totalPages ? pageLink(info, info.page + 1) : null,
			last: pageLink(info, Math.max(totalPages, 1)),
		},
	};
}

/** Slices one page out of an already ordered array. */
export function pageOf<T>(items: T[], page: number, pageSize: number): T[] {
	const start = (page - 1) * pageSize;
	return items.slice(start, start + pageSize);
}
