import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { conversationLocator } from '../../shared/descriptions';
import { CONVERSATION, recordPath } from '../../shared/locator';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { coerce, fieldError, parameter } from '../../shared/parameters';
import { endpointRoles } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { toTags } from '../../shared/values';

/**
 * Add Tags / Remove Tags: POST or DELETE /v1/conversations/{id}/tags with a JSON array of tag names
 * or IDs; other tags stay. Kustomer creates unknown tag names on add (https://developer.kustomer.com/api/core-resources/append-tags-to-conversation).
 */

const show = { resource: ['conversation'], operation: ['addTags', 'removeTags'] };

async function tagList(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const tags = coerce(this, 'Tags', parameter(this, 'tagNames', []), toTags);
	if (!tags.length) throw fieldError(this, 'Tags', 'are empty', 'Choose or enter at least one tag.');
	(requestOptions as { body: unknown }).body = tags;
	return requestOptions;
}

const tagsPath = recordPath(CONVERSATION, '/v1/conversations/{id}/tags');

export const addTagsRouting = operationRouting({
	roles: [endpointRoles('AppendTagsToConversation', 'to add tags', 'org.user.conversation.write', 'org.permission.conversation.update')], method: 'POST', path: tagsPath, preSend: [tagList], output: recordOutput });
	
	export const removeTagsRouting = operationRouting({
		// Removing tags is a conversation *delete* permission, unlike adding them.
	roles: [endpointRoles('RemoveTagsFromConversation', 'to remove tags', 'org.user.conversation.write', 'org.permission.conversation.delete')], method: 'DELETE', path: tagsPath, preSend: [tagList], output: recordOutput });
	
	export const tagsFields: INodeProperties[] = [
		conversationLocator(show),
		{
			displayName: 'Tag Names or IDs',
			name: 'tagNames',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTags' },
			default: [],
			required: true,
			displayOptions: { show },
			description: 'Tags to add or remove (at most 20); adding a new name creates the tag. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		simplifyProperty(show),
	];
	