/** The resource registry: add a resource by writing resources/<name>.ts and listing it here. */
import type { ResourceModule, ResourceRegistry } from '../context';
import { bulk } from './bulk';
import { companies } from './companies';
import { conversations } from './conversations';
import { customerMerges } from './customerMerges';
import { customers } from './customers';
import { drafts } from './drafts';
import { klasses } from './klasses';
import { kobjects } from './kobjects';
import { messages } from './messages';
import { metadata } from './metadata';
import { notes } from './notes';
import { outboundWebhooks } from './outboundWebhooks';
import { queues } from './queues';
import { searchResource } from './search';
import { tags } from './tags';
import { teams } from './teams';
import { users } from './users';

export const RESOURCE_MODULES: ResourceModule[] = [
	customers,
	customerMerges,
	companies,
	conversations,
	notes,
	messages,
	drafts,
	searchResource,
	users,
	teams,
	tags,
	queues,
	klasses,
	kobjects,
	metadata,
	bulk,
	outboundWebhooks,
];

export function buildRegistry(modules: ResourceModule[] = RESOURCE_MODULES): ResourceRegistry {
	const registry: ResourceRegistry = { handlers: new Map(), extraRoutes: [], searchContexts: new Map(), reroutes: [] };
	for (const mod of modules) {
		for (const [operationId, handler] of Object.entries(mod.handlers ?? {})) {
			if (registry.handlers.has(operationId)) throw new Error(`${mod.name}: operation ${operationId} registered twice`);
			registry.handlers.set(operationId, handler);
		}
		registry.extraRoutes.push(...(mod.extraRoutes ?? []));
		for (const ctx of mod.searchContexts ?? []) registry.searchContexts.set(ctx.queryContext, ctx);
		if (mod.reroute) registry.reroutes.push(mod.reroute);
	}
	return registry;
}
