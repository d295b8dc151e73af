/**
 * queryContext "conversation" of POST /customers/search. Attribute names are the ones the document's
 * "Standard attributes JSON Schema" lists (conversation_status, conversation_customer_id, ...); it lists no
 * conversation external id, so none is offered. Sorting: Kustomer sorts on customer attributes only
 * (https://developer.kustomer.com/kustomer-api-docs/reference/customersearch), so a conversation sort is
 * refused (see SORTABLE_ATTRIBUTES in ../search.ts).
 */
import type { SearchAttribute, SearchContext } from '../context';
import type { ConversationAttributes, ConversationRecord } from '../store';
import { renderConversation } from './conversationModel';
import { tagName } from './tags';

type Attr = SearchAttribute<ConversationRecord>;

const list = (pick: (a: ConversationAttributes) => unknown): Attr => ({
	kind: 'string',
	values: (r) => {
		const v = pick(r.attributes);
		return Array.isArray(v) ? v : [v];
	},
});
const date = (key: 'createdAt' | 'updatedAt' | 'modifiedAt'): Attr => ({ kind: 'date', values: (r) => [r.attributes[key]] });
const num = (key: keyof ConversationAttributes): Attr => ({ kind: 'number', values: (r) => [r.attributes[key]] });

const ATTRIBUTES: Record<string, Attr> = {
	conversation_name: list((a) => a.name),
	conversation_status: list((a) => a.status),
	conversation_priority: num('priority'),
	conversation_direction: list((a) => a.direction),
	conversation_channels: list((a) => a.channels),
	conversation_message_count: num('messageCount'),
	conversation_note_count: num('noteCount'),
	// stored as tag ids; a tag's name finds it too, so both are values of the attribute
	conversation_tags: { kind: 'string', values: (r, state) => r.attributes.tags.flatMap((id) => [id, tagName(state, id)]) },
	conversation_assigned_users: list((a) => a.assignedUsers),
	conversation_assigned_teams: list((a) => a.assignedTeams),
	conversation_customer_id: { kind: 'string', values: (r) => [r.customerId] },
	conversation_queue: { kind: 'string', values: (r) => [r.queueId] },
	conversation_created_at: date('createdAt'),
	conversation_updated_at: date('updatedAt'),
	conversation_modified_at: date('modifiedAt'),
};

/** customer_custom_<name>-style typing for conversation_custom_<name>: the suffix gives the kind (https://developer.kustomer.com/docs/concepts/custom-attributes). */
function customAttribute(name: string): Attr | undefined {
	const key = name.slice('conversation_custom_'.length);
	if (!key) return undefined;
	const kind: Attr['kind'] = key.endsWith('Num') ? 'number' : key.endsWith('At') ? 'date' : key.endsWith('Bool') ? 'boolean' : 'string';
	return { kind, values: (r) => [r.attributes.custom?.[key]] };
}

export const conversationSearch: SearchContext<ConversationRecord> = {
	queryContext: 'conversation',
	records: (state) => state.store.conversations,
	attribute: (name) => (name.startsWith('conversation_custom_') ? customAttribute(name) : ATTRIBUTES[name]),
	render: renderConversation,
};
