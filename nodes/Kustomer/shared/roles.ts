/**
 * The roles each operation's API key needs, per Kustomer endpoint the operation calls, as Kustomer's
 * Core Resources OpenAPI lists them in each endpoint's role table ("Any one of the following roles is
 * required for this endpoint"). Endpoints that document is silent on cite the docs page instead.
 * Each operation declares its roles in its own routing (operationRouting's `roles`); the roles shared
 * by several operations are here. test/unit/roles.test.ts compares every declaration with its
 * endpoint's table and checks that every operation of the node has one, so a hint cannot drift from
 * Kustomer's tables.
 */

export interface EndpointRoles {
	/** The endpoint's operationId in Kustomer's Core Resources OpenAPI, or the docs page that lists its roles. */
	endpoint: string;
	/** Why the operation calls it, shown in the hint when an operation calls several endpoints. */
	purpose: string;
	/** Any one of these roles is enough. */
	anyOf: string[];
}

export const endpointRoles = (endpoint: string, purpose: string, ...anyOf: string[]): EndpointRoles => ({ endpoint, purpose, anyOf });

export const CUSTOMER_READ = endpointRoles('GetCustomerById', 'to read the customer', 'org.user.customer.read', 'org.permission.customer.read');
export const CUSTOMER_UPDATE = endpointRoles('UpdateCustomerAttributes', 'to update it', 'org.user.customer.write', 'org.permission.customer.update');
export const SEARCH = endpointRoles(
	'CustomerSearch',
	'to search',
	'org.user.search.read',
	'org.permission.search.create',
	'org.admin.search.read',
	'org.permission.search.update',
	'org.permission.search_global.create',
	'org.permission.search_preview.create',
);
/** A Klass's own permission (`kobject_<klass>`) is enough for its objects, as the tables list it. */
export const kobject = (endpoint: string, purpose: string, legacy: string, action: string) =>
	endpointRoles(endpoint, purpose, legacy, `org.permission.kobject.${action}`, `org.permission.kobject.kobject_*.${action}`);
export const METADATA_UPDATE = endpointRoles(
	'UpdateCustomAttributeMetadata',
	'to define attributes',
	'org.admin.metadata.write',
	'org.permission.metadata.update',
);
/**
 * Users and teams (GET /v1/users, /v1/users/{id}, /v1/teams, /v1/teams/{id}) are Kustomer endpoints the
 * Core Resources OpenAPI does not contain, so they have no role table there. Their roles follow
 * Kustomer's role naming (`org.user.<resource>.read`, `org.permission.<resource>.read`), as listed on
 * https://developer.kustomer.com/docs/get-started/api-keys-and-roles
 */
const ROLES_PAGE = 'https://developer.kustomer.com/docs/get-started/api-keys-and-roles';
export const USER_READ = endpointRoles(ROLES_PAGE, 'to read users', 'org.user.user.read', 'org.permission.user.read');
export const TEAM_READ = endpointRoles(ROLES_PAGE, 'to read teams', 'org.user.team.read', 'org.permission.team.read');
const OUTBOUND_WEBHOOKS = 'https://developer.kustomer.com/api/apps-platform/list-outbound-webhooks';

/** The Kustomer Trigger's: it lists, registers and removes outbound webhooks. */
export const TRIGGER_ROLES: EndpointRoles[] = [
	endpointRoles(OUTBOUND_WEBHOOKS, 'to list outbound webhooks and read their token', 'org.outbound_webhooks', 'org.permission.outbound_webhook.read', 'org.admin.outbound_webhooks'),
	// The create page was not read; its permission-set role follows the naming of the others.
	endpointRoles('https://developer.kustomer.com/docs/events/outbound-webhooks', 'to register one', 'org.outbound_webhooks', 'org.permission.outbound_webhook.create', 'org.admin.outbound_webhooks'),
	endpointRoles(
		'https://developer.kustomer.com/api/apps-platform/delete-outbound-webhook',
		'to remove it on deactivation',
		'org.outbound_webhooks',
		'org.permission.outbound_webhook.delete',
		'org.admin.outbound_webhooks',
	),
];

/**
 * The roles of each operation, declared with the operation (its routing, shared/routing.ts) and
 * gathered here by resource and operation as each resource lists its operations.
 */
const declared = new WeakMap<object, EndpointRoles[]>();
const byOperation = new Map<string, EndpointRoles[]>([['trigger:webhook', TRIGGER_ROLES]]);

/** Keeps the roles an operation's routing declares. */
export function declareRoles(routing: object, endpoints: EndpointRoles[]): void {
	declared.set(routing, endpoints);
}

/** A resource's Operation options, as they are; each option's routing must have declared its roles. */
export function withRoles<T extends { value: unknown; routing?: object }>(resource: string, options: T[]): T[] {
	for (const option of options) {
		const endpoints = option.routing && declared.get(option.routing);
		if (!endpoints?.length) throw new Error(`Kustomer node: ${resource} › ${String(option.value)} declares no roles`);
		byOperation.set(`${resource}:${String(option.value)}`, endpoints);
	}
	return options;
}

/** Every operation's roles by `resource:operation` (the Kustomer Trigger is `trigger:webhook`). */
export function operationRoles(): ReadonlyMap<string, EndpointRoles[]> {
	return byOperation;
}

/** "org.user.customer.write or org.permission.customer.update", per endpoint, joined with "and". */
export function rolesHint(resource: string, operation: string): string | undefined {
	const endpoints = byOperation.get(`${resource}:${operation}`);
	if (!endpoints?.length) return undefined;
	const one = (entry: EndpointRoles) => entry.anyOf.join(' or ');
	if (endpoints.length === 1) return one(endpoints[0]);
	return endpoints.map((entry) => `${one(entry)} (${entry.purpose})`).join(', and ');
}
