import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	PreSendAction,
} from 'n8n-workflow';

import { ID_PLACEHOLDER, recordLocator } from '../../shared/descriptions';
import { fieldError, locatorMode, requiredId } from '../../shared/parameters';
import { kustomerApiRequest, kustomerPath } from '../../shared/transport';

/**
 * The Klass resource locator. Kustomer reads a Klass by ID only: GET /v1/klasses/{name} lists the
 * Klass's objects instead (https://developer.kustomer.com/api/core-resources/get-klass-by-id). So "by name" lists the Klasses and matches the
 * name.
 */

const PAGE_SIZE = 100;
const MAX_PAGES = 50;

export async function klassIdByName(context: IExecuteSingleFunctions, name: string, baseURL?: string): Promise<string> {
	for (let page = 1; page <= MAX_PAGES; page++) {
		const response = await kustomerApiRequest(context, {
			method: 'GET',
			url: '/v1/klasses',
			qs: { page, pageSize: PAGE_SIZE, status: 'existing_only' },
			baseURL,
		});
		const body = response.body as IDataObject;
		const data = (body?.data as IDataObject[] | undefined) ?? [];
		const match = data.find((klass) => (klass.attributes as IDataObject | undefined)?.name === name);
		if (match) return String(match.id);
		if (!(body?.links as IDataObject | undefined)?.next || !data.length) break;
	}
	throw fieldError(context, 'Klass', `"${name}" does not exist`, 'Check the Klass name (names are case-sensitive) or pick the Klass from the list.');
}

export function klassPath(template: string): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const value = requiredId(this, 'klassId', 'Klass');
		const id = locatorMode(this, 'klassId') === 'name' ? await klassIdByName(this, value, requestOptions.baseURL) : value;
		requestOptions.url = kustomerPath(template, { id });
		return requestOptions;
	};
}

export function klassLocator(show: Record<string, string[]>, description = 'The Klass: pick one, or give its ID or name'): INodeProperties {
	return recordLocator({
		displayName: 'Klass',
		name: 'klassId',
		description,
		show,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchKlasses', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: ID_PLACEHOLDER },
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'Purchase_History' },
		],
	});
}
