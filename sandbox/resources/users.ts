/**
 * Users. GET /v1/users/current, GET /v1/users and GET /v1/users/{id} are real, documented Kustomer endpoints (Access Management
 * API, https://developer.kustomer.com/docs/get-started/api-keys-and-roles, Kustomer's API reference, https://developer.kustomer.com/docs/get-started/making-requests) that the Core Resources document does not contain; credential tests and user pickers
 * call them, so the sandbox serves them.
 */
import type { HandlerContext, ResourceModule } from '../context';
import { notFound, relationship, type SandboxResponse } from '../envelope';
import { pagedList } from '../paging';
import { SANDBOX_ORG_ID } from '../store';
import { renderAccountRecord } from './accountRecords';

/** Fixed so that responses are reproducible. */
const USER_CREATED_AT = '2024-01-02T03:04:05.000Z';

function currentUser(ctx: HandlerContext): SandboxResponse {
	const p = ctx.principal;
	return {
		status: 200,
		body: {
			data: {
				type: 'user',
				id: p.userId,
				attributes: {
					name: p.name,
					displayName: p.displayName,
					email: p.email,
					userType: 'machine',
					roles: [...p.roles],
					createdAt: USER_CREATED_AT,
					updatedAt: USER_CREATED_AT,
				},
				relationships: { org: relationship({ type: 'org', id: SANDBOX_ORG_ID }) },
				links: { self: `/v1/users/${p.userId}` },
			},
		},
	};
}

const renderUser = renderAccountRecord('user', 'users');

/** The documented filters (userType, email, deleted; pending never matches: sandbox users are all active). */
function list(ctx: HandlerContext): SandboxResponse {
	const { userType, email, deleted, pending } = ctx.query;
	const keep: Record<string, string> = {};
	const all = [...ctx.state.store.users.values()].filter((u) => {
		const a = u.attributes;
		if (userType && a.userType !== userType) return false;
		if (email && String(a.email).toLowerCase() !== email.toLowerCase()) return false;
		if (deleted && Boolean(a.deleted) !== (deleted === 'true')) return false;
		return !(pending === 'true');
	});
	for (const [k, v] of Object.entries({ userType, email, deleted, pending })) if (v) keep[k] = v;
	return pagedList(ctx.query, all, renderUser, '/v1/users', keep);
}

function getById(ctx: HandlerContext): SandboxResponse {
	const record = ctx.state.store.users.get(ctx.params.id);
	return record ? { status: 200, body: { data: renderUser(record) } } : notFound(`user ${ctx.params.id} not found`);
}

export const users: ResourceModule = {
	name: 'users',
	extraRoutes: [
		{ method: 'GET', pattern: /^\/users\/current\/?$/, operationId: 'GetCurrentUser', handler: currentUser },
		{ method: 'GET', pattern: /^\/users\/?$/, operationId: 'GetUsers', handler: list },
		{ method: 'GET', pattern: /^\/users\/(?<id>[^/]+)\/?$/, operationId: 'GetUser', handler: getById },
	],
};
