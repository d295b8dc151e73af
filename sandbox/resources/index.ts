/** The resource registry: add a resource by writing resources/<name>.ts and listing it here. */
import type { ResourceModule, ResourceRegistry } from '../context';
import { customers } from './customers';
import { searchResource } from './search';
import { users } from './users';

export const RESOURCE_MODULES: ResourceModule[] = [customers, searchResource, users];

export function buildRegistry(modules: ResourceModule[] = RESOURCE_MODULES): ResourceRegistry {
	const registry: ResourceRegistry = { handlers: new Map(), extraRoutes: [], searchContexts: new Map() };
	for (const mod of modules) {
		for (const [operationId, handler] of Object.entries(mod.handlers ?? {})) {
			if (registry.handlers.has(operationId)) throw new Error(`${mod.name}: operation ${operationId} registered twice`);
			registry.handlers.set(operationId, handler);
		}
		registry.extraRoutes.push(...(mod.extraRoutes ?? []));
		for (const ctx of mod.searchContexts ?? []) registry.searchContexts.set(ctx.queryContext, ctx);
	}
	return registry;
}
