/**
 * GET /v1/routing/queues — used by integrations for queue pickers (label `attributes.displayName`, Kustomer's API reference, https://developer.kustomer.com/docs/get-started/making-requests);
 * not in the Core Resources document.
 */
import type { ResourceModule } from '../context';
import { pagedList } from '../paging';
import { renderAccountRecord } from './accountRecords';

const renderQueue = renderAccountRecord('queue', 'routing/queues');

export const queues: ResourceModule = {
	name: 'queues',
	extraRoutes: [
		{
			method: 'GET',
			pattern: /^\/routing\/queues\/?$/,
			operationId: 'GetQueues',
			handler: (ctx) => pagedList(ctx.query, [...ctx.state.store.queues.values()], renderQueue, '/v1/routing/queues'),
		},
	],
};
