/** GET /v1/teams and GET /v1/teams/{id} — Access Management API (Kustomer's API reference, https://developer.kustomer.com/docs/get-started/making-requests), not in the Core Resources document; feeds team pickers. */
import type { HandlerContext, ResourceModule } from '../context';
import { notFound, type SandboxResponse } from '../envelope';
import { pagedList } from '../paging';
import { renderAccountRecord } from './accountRecords';

const renderTeam = renderAccountRecord('team', 'teams');

function getById(ctx: HandlerContext): SandboxResponse {
	const record = ctx.state.store.teams.get(ctx.params.id);
	return record ? { status: 200, body: { data: renderTeam(record) } } : notFound(`team ${ctx.params.id} not found`);
}

export const teams: ResourceModule = {
	name: 'teams',
	extraRoutes: [
		{
			method: 'GET',
			pattern: /^\/teams\/?$/,
			operationId: 'GetTeams',
			handler: (ctx) => pagedList(ctx.query, [...ctx.state.store.teams.values()], renderTeam, '/v1/teams'),
		},
		{ method: 'GET', pattern: /^\/teams\/(?<id>[^/]+)\/?$/, operationId: 'GetTeam', handler: getById },
	],
};
