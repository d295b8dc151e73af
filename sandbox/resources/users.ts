/**
 * Users. GET /v1/users/current is a real, documented Kustomer endpoint (Access Management API, §1.4) that
 * the Core Resources document does not contain; credential tests call it, so the sandbox serves it.
 */
import type { HandlerContext, ResourceModule } from '../context';
import { relationship, type SandboxResponse } from '../envelope';
import { SANDBOX_ORG_ID } from '../store';

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

export const users: ResourceModule = {
	name: 'users',
	extraRoutes: [{ method: 'GET', pattern: /^\/users\/current\/?$/, operationId: 'GetCurrentUser', handler: currentUser }],
};
