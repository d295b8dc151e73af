/** GET /v1/teams — Access Management API (Kustomer's API reference, https://developer.kustomer.com/docs/get-started/making-requests), not in the Core Resources document; feeds team pickers. */
import type { ResourceModule } from '../context';
import { pagedList } from '../paging';
import { renderAccountRecord } from './accountRecords';

const renderTeam = renderAccountRecord('team', 'teams');

export const teams: ResourceModule = {
	name: 'teams',
	extraRoutes: [
		{
			method: 'GET',
			pattern: /^\/teams\/?$/,
			operationId: 'GetTeams',
			handler: (ctx) => pagedList(ctx.query, [...ctx.state.store.teams.values()], renderTeam, '/v1/teams'),
		},
	],
};
