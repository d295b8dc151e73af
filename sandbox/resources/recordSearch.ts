/**
 * queryContext "message", "note" and "kobject_<klass>" of POST /customers/search
 * (https://developer.kustomer.com/docs/concepts/search). Attribute names are those of the document's
 * "Standard attributes JSON Schema" that these records hold; custom attributes are
 * message_custom_<attr>, note_custom_<attr> and kobject_custom_<klass>_<attr>
 * (https://developer.kustomer.com/kustomer-api-docs/reference/customersearch).
 */
import type { SearchAttribute, SearchContext } from '../context';
import { customAttributeKind } from '../search';
import type { KObjectRecord, MessageRecord, NoteRecord, StoredRecord } from '../store';
import { findKlassByName, renderKObject } from './kobjectModel';
import { renderMessage } from './messages';
import { renderNote } from './notes';

type Getter<R> = (record: R) => unknown;

function attribute<R>(kind: SearchAttribute<R>['kind'], pick: Getter<R>): SearchAttribute<R> {
	return {
		kind,
		values: (record) => {
			const value = pick(record);
			return Array.isArray(value) ? value : [value];
		},
	};
}

const attr = <R extends StoredRecord>(key: string, kind: SearchAttribute<R>['kind'] = 'string') => attribute<R>(kind, (r) => r.attributes[key]);

function customOf<R extends StoredRecord>(prefix: string): (name: string) => SearchAttribute<R> | undefined {
	return (name) => {
		if (!name.startsWith(prefix)) return undefined;
		const key = name.slice(prefix.length);
		if (!key) return undefined;
		return attribute<R>(customAttributeKind(key), (r) => (r.attributes.custom as Record<string, unknown> | undefined)?.[key]);
	};
}

function context<R extends StoredRecord>(
	queryContext: string,
	records: SearchContext<R>['records'],
	attributes: Record<string, SearchAttribute<R>>,
	customPrefix: string,
	render: SearchContext<R>['render'],
): SearchContext<R> {
	const custom = customOf<R>(customPrefix);
	return { queryContext, records, attribute: (name) => attributes[name] ?? custom(name), render };
}

export const messageSearch = context<MessageRecord>(
	'message',
	(state) => state.store.messages,
	{
		message_channel: attr('channel'),
		message_direction: attr('direction'),
		message_direction_type: attr('directionType'),
		message_preview: attr('preview'),
		message_subject: attr('subject'),
		message_status: attr('status'),
		message_external_id: attr('externalId'),
		message_customer_id: attribute('string', (r) => r.customerId),
		message_sent_at: attr('sentAt', 'date'),
		message_created_at: attr('createdAt', 'date'),
		message_updated_at: attr('updatedAt', 'date'),
	},
	'message_custom_',
	renderMessage,
);

export const noteSearch = context<NoteRecord>(
	'note',
	(state) => state.store.notes,
	{
		note_body: attr('body'),
		note_external_id: attr('externalId'),
		note_conversation_id: attribute('string', (r) => r.conversationId),
		note_customer_id: attribute('string', (r) => r.customerId),
		note_user_mentions: attribute('string', (r) => (r.attributes.userMentions ?? []).map((m) => m.user ?? m.team)),
		note_created_at: attr('createdAt', 'date'),
		note_updated_at: attr('updatedAt', 'date'),
		note_modified_at: attr('modifiedAt', 'date'),
	},
	'note_custom_',
	renderNote,
);

const KOBJECT_ATTRIBUTES: Record<string, SearchAttribute<KObjectRecord>> = {
	kobject_created_at: attr('createdAt', 'date'),
	kobject_updated_at: attr('updatedAt', 'date'),
	kobject_imported_at: attr('importedAt', 'date'),
};

/** queryContext kobject_<klass name>, or undefined when no Klass has that name. */
export function kobjectSearch(queryContext: string, state: Parameters<SearchContext['records']>[0]): SearchContext<KObjectRecord> | undefined {
	const klassName = queryContext.slice('kobject_'.length);
	if (!klassName || !findKlassByName(state, klassName)) return undefined;
	return context<KObjectRecord>(
		queryContext,
		(s) => new Map([...s.store.kobjects].filter(([, k]) => k.klassName === klassName)),
		KOBJECT_ATTRIBUTES,
		`kobject_custom_${klassName}_`,
		renderKObject,
	);
}
