import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { kustomerApiRequest } from '../shared/transport';

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
 * Kustomer's search for conversations whose name contains it.
 */
export async function searchConversations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Math.max(1, Number(paginationToken) || 1);
	const text = filter?.trim();
	const response = text
		? await kustomerApiRequest(this, {
				method: 'POST',
				url: '/v1/customers/search',
				qs: { page, pageSize: PAGE_SIZE },
				body: {
					queryContext: 'conversation',
					and: [{ conversation_name: { contains: text } }],
					sort: [{ conversation_updated_at: 'desc' }],
				},
			})
		: await kustomerApiRequest(this, {
				method: 'GET',
				url: '/v1/conversations',
				qs: { page, pageSize: PAGE_SIZE, sort: 'desc' },
			});
	const body = response.body as IDataObject;
	const conversations = (body?.data as ConversationResource[] | undefined) ?? [];
	const next = (body?.links as IDataObject | undefined)?.next;
	return {
		results: conversations.map((conversation) => ({ name: label(conversation), value: conversation.id })),
		paginationToken: next && conversations.length ? String(page + 1) : undefined,
	};
}
