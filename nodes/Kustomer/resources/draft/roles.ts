import { endpointRoles } from '../../shared/roles';

/**
 * Roles of the draft and forward endpoints. Kustomer's Core Resources OpenAPI has role tables for
 * listing drafts, creating forwards and reading outbound accounts; its create, update and delete
 * draft operations have none, so those follow Kustomer's role naming for drafts (`org.user.draft.*`,
 * `org.permission.draft.<action>`, as the list table names them) and cite their docs pages.
 */
export const DRAFT_CREATE = endpointRoles(
	'https://developer.kustomer.com/api/core-resources/create-draft-for-customer',
	'to create and send the draft',
	'org.user.draft.write',
	'org.permission.draft.create',
);
export const DRAFT_UPDATE = endpointRoles('https://developer.kustomer.com/api/core-resources/update-draft', 'to update it', 'org.user.draft.write', 'org.permission.draft.update');
export const DRAFT_DELETE = endpointRoles('https://developer.kustomer.com/docs/get-started/api-keys-and-roles', 'to delete it', 'org.user.draft.write', 'org.permission.draft.delete');
export const DRAFT_LIST = endpointRoles('GetAllDraftsByCustomer', 'to list them', 'org.user.draft.read', 'org.permission.draft.read');
export const FORWARD_CREATE = endpointRoles(
	'CreateForwardByConversation',
	'to forward it',
	'org.user.conversation_forward.write',
	'org.permission.conversation_forward.create',
);
