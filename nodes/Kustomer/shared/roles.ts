/**
 * The roles each operation's API key needs, per Kustomer endpoint the operation calls, as Kustomer's
 * Core Resources OpenAPI lists them in each endpoint's role table ("Any one of the following roles is
 * required for this endpoint"). Endpoints that document is silent on cite the docs page instead.
 * test/unit/roles.test.ts compares every entry with its endpoint's table and checks that every
 * operation of the node has one, so a hint cannot drift from Kustomer's tables.
 */

export interface EndpointRoles {
	/** The endpoint's operationId in Kustomer's Core Resources OpenAPI, or the docs page that lists its roles. */
	endpoint: string;
	/** Why the operation calls it, shown in the hint when an operation calls several endpoints. */
	purpose: string;
	/** Any one of these roles is enough. */
	anyOf: string[];
}

const roles = (endpoint: string, purpose: string, ...anyOf: string[]): EndpointRoles => ({ endpoint, purpose, anyOf });

const CUSTOMER_READ = roles('GetCustomerById', 'to read the customer', 'org.user.customer.read', 'org.permission.customer.read');
const CUSTOMER_UPDATE = roles('UpdateCustomerAttributes', 'to update it', 'org.user.customer.write', 'org.permission.customer.update');
const SEARCH = roles(
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
const kobject = (endpoint: string, purpose: string, legacy: string, action: string) =>
	roles(endpoint, purpose, legacy, `org.permission.kobject.${action}`, `org.permission.kobject.kobject_*.${action}`);
const METADATA_UPDATE = roles(
	'UpdateCustomAttributeMetadata',
	'to define attributes',
	'org.admin.metadata.write',
	'org.permission.metadata.update',
);
const OUTBOUND_WEBHOOKS = 'https://developer.kustomer.com/api/apps-platform/list-outbound-webhooks';

/** By `resource:operation`; the Kustomer Trigger is `trigger:webhook`. */
export const OPERATION_ROLES: Record<string, EndpointRoles[]> = {
	'conversation:addTags': [roles('AppendTagsToConversation', 'to add tags', 'org.user.conversation.write', 'org.permission.conversation.update')],
	'conversation:create': [
		roles('CreateConversationForCustomer', 'to create it', 'org.user.conversation.write', 'org.permission.conversation.create'),
		roles('GetConversationByExternalId', 'to find it by its External ID after a lost answer', 'org.user.conversation.read', 'org.permission.conversation.read'),
	],
	'conversation:delete': [roles('DeleteConversation', 'to delete it', 'org.user.conversation.delete', 'org.permission.conversation.delete')],
	'conversation:get': [roles('GetConversation', 'to read it', 'org.user.conversation.read', 'org.permission.conversation.read')],
	'conversation:getAll': [roles('GetConversations', 'to list them', 'org.user.conversation.read', 'org.permission.conversation.read')],
	// Removing tags is a conversation *delete* permission, unlike adding them.
	'conversation:removeTags': [roles('RemoveTagsFromConversation', 'to remove tags', 'org.user.conversation.write', 'org.permission.conversation.delete')],
	'conversation:search': [SEARCH],
	'conversation:update': [roles('UpdateConversationAttributes', 'to update it', 'org.user.conversation.write', 'org.permission.conversation.update')],
	'customObject:getBulkJob': [roles('https://developer.kustomer.com/docs/guides/bulk-operations', 'to read the bulk job', 'org.permission.bulk.read')],
	'customObject:create': [kobject('CreateKObject', 'to create it', 'org.user.kobject.write', 'create')],
	'customObject:createMany': [
		kobject('BulkCreateKObjects', 'to create them', 'org.user.kobject.write', 'create'),
		roles('https://developer.kustomer.com/docs/guides/bulk-operations', 'to follow the bulk job', 'org.permission.bulk.read'),
	],
	'customObject:delete': [kobject('DeleteKObject', 'to delete it', 'org.user.kobject.delete', 'delete')],
	'customObject:get': [kobject('GetKObject', 'to read it', 'org.user.kobject.read', 'read')],
	'customObject:getAll': [roles('GetKObjects', 'to list them', 'org.user.klass.read', 'org.permission.klass.read', 'org.admin.klass.read')],
	'customObject:search': [SEARCH],
	'customObject:update': [kobject('UpdateKObject', 'to update it', 'org.user.kobject.write', 'update')],
	'customer:create': [roles('CreateCustomer', 'to create it', 'org.user.customer.write', 'org.permission.customer.create')],
	'customer:delete': [roles('DeleteCustomer', 'to delete it', 'org.user.customer.delete', 'org.permission.customer.delete')],
	'customer:get': [CUSTOMER_READ],
	'customer:getAll': [roles('GetCustomers', 'to list them', 'org.user.customer.read', 'org.permission.customer.read')],
	'customer:search': [SEARCH],
	// An update reads the customer first to keep its company linked (resources/customer/companyLink.ts).
	'customer:update': [CUSTOMER_READ, CUSTOMER_UPDATE],
	'customer:updateData': [CUSTOMER_READ, CUSTOMER_UPDATE],
	'customer:upsert': [
		roles('GetCustomerByExternalId', 'to look it up by External ID', 'org.user.customer.read', 'org.permission.customer.read'),
		roles('GetCustomerByEmail', 'to look it up by email', 'org.user.customer.read', 'org.permission.customer.read'),
		roles('CreateCustomer', 'to create it', 'org.user.customer.write', 'org.permission.customer.create'),
		CUSTOMER_UPDATE,
	],
	'klass:create': [roles('CreateKlass', 'to create it', 'org.admin.klass.write', 'org.permission.klass.create'), METADATA_UPDATE],
	'klass:get': [roles('GetKlass', 'to read it', 'org.user.klass.read', 'org.permission.klass.read', 'org.admin.klass.read')],
	'klass:getAll': [roles('GetKlasses', 'to list them', 'org.user.klass.read', 'org.permission.klass.read', 'org.admin.klass.read')],
	'klass:update': [
		roles('UpdateKlass', 'to update it', 'org.admin.klass.write', 'org.permission.klass.update'),
		roles('GetCustomAttributeMetadata', 'to read the attributes it has', 'org.user.metadata.read', 'org.permission.metadata.read', 'org.admin.metadata.read'),
		METADATA_UPDATE,
	],
	'message:get': [roles('GetMessage', 'to read it', 'org.user.message.read', 'org.permission.message.read')],
	'message:getAll': [roles('GetMessagesByConversation', 'to list them', 'org.user.message.read', 'org.permission.message.read')],
	'message:search': [SEARCH],
	'message:log': [
		roles('CreateMessageFromConversation', 'to record it on a conversation', 'org.user.message.write', 'org.permission.message.create'),
		roles('CreateMessageByCustomer', 'to record it on a customer', 'org.user.message.write', 'org.permission.message.create'),
	],
	// The OpenAPI's table really lists the legacy *read* role for creating a note.
	'note:create': [roles('CreateNoteWithinConversation', 'to create it', 'org.user.note.read', 'org.permission.note.create')],
	'note:delete': [roles('DeleteNoteById', 'to delete it', 'org.user.note.write', 'org.permission.note.delete')],
	'note:get': [roles('GetNoteById', 'to read it', 'org.user.note.read', 'org.permission.note.read')],
	'note:getAll': [roles('GetNotesByConversation', 'to list them', 'org.user.note.read', 'org.permission.note.read')],
	'note:search': [SEARCH],
	'note:update': [roles('PatchNoteById', 'to update it', 'org.user.note.write', 'org.permission.note.update')],
	'trigger:webhook': [
		roles(OUTBOUND_WEBHOOKS, 'to list outbound webhooks and read their token', 'org.outbound_webhooks', 'org.permission.outbound_webhook.read', 'org.admin.outbound_webhooks'),
		// The create page was not read; its permission-set role follows the naming of the others.
		roles('https://developer.kustomer.com/docs/events/outbound-webhooks', 'to register one', 'org.outbound_webhooks', 'org.permission.outbound_webhook.create', 'org.admin.outbound_webhooks'),
		roles(
			'https://developer.kustomer.com/api/apps-platform/delete-outbound-webhook',
			'to remove it on deactivation',
			'org.outbound_webhooks',
			'org.permission.outbound_webhook.delete',
			'org.admin.outbound_webhooks',
		),
	],
};

/** "org.user.customer.write or org.permission.customer.update", per endpoint, joined with "and". */
export function rolesHint(resource: string, operation: string): string | undefined {
	const endpoints = OPERATION_ROLES[`${resource}:${operation}`];
	if (!endpoints?.length) return undefined;
	const one = (entry: EndpointRoles) => entry.anyOf.join(' or ');
	if (endpoints.length === 1) return one(endpoints[0]);
	return endpoints.map((entry) => `${one(entry)} (${entry.purpose})`).join(', and ');
}
