import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listSearchPage } from './page';

const PAGE_SIZE = 50;

interface ConversationResource {
	id: string;
	attributes?: { name?: string; status?: string; preview?: string };
}

function label(conversation: ConversationResource): string {
	const attributes = conversation.attributes ?? {};
	const name = attributes.name?.trim() || attributes.preview?.trim() || conversation.id;
	return attributes.status ? `${name} (${attributes.status})` : name;
}

/**
 * The conversation list behind the Conversation resource locator: newest first; with a filter,
 * Kustomer's search for conversations whose name contains it, in the order search returns them.
 */
export async function searchConversations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = filter?.trim();
	return await listSearchPage<ConversationResource>(
		this,
		paginationToken,
		(page) =>
			text
				? {
						method: 'POST',
						url: '/v1/customers/search',
						qs: { page, pageSize: PAGE_SIZE },
						body: {
							queryContext: 'conversation',
							// No sort: Kustomer sorts searches on customer attributes only (see shared/search.ts).
							and: [{ conversation_name: { contains: text } }],
						},
					}
				: { method: 'GET', url: '/v1/conversations', qs: { page, pageSize: PAGE_SIZE, sort: 'desc' } },
		label,
	);
}
