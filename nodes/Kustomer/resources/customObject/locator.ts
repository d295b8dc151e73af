import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	PreSendAction,
} from 'n8n-workflow';

import { ID_PLACEHOLDER, recordLocator } from '../../shared/descriptions';
import { coerce, locatorMode, requiredId } from '../../shared/parameters';
import { kustomerApiRequest, kustomerPath } from '../../shared/transport';

/** A custom object of the chosen Klass, by ID or by external ID (GET /v1/klasses/{name}/externalId=…). */

export function objectLocator(show: Record<string, string[]>, description = 'The object, by ID or external ID'): INodeProperties {
	return recordLocator({
		displayName: 'Custom Object',
		name: 'objectId',
		description,
		show,
		modes: [
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: ID_PLACEHOLDER },
			{ displayName: 'By External ID', name: 'externalId', type: 'string', placeholder: 'order-1042' },
		],
	});
}

/**
 * preSend: the path of the chosen object. A read by external ID uses Kustomer's lookup path
 * directly; a write by external ID looks the object up first to learn its ID.
 */
export function objectPath(kind: 'read' | 'write'): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const klass = requiredId(this, 'klassName', 'Klass');
		let value = requiredId(this, 'objectId', 'Custom Object');
		if (locatorMode(this, 'objectId') === 'externalId') {
			const lookup = coerce(this, 'Custom Object', value, (v) =>
				kustomerPath('/v1/klasses/{klass}/externalId={value}', { klass, value: v as string }),
			);
			if (kind === 'read') {
				requestOptions.url = lookup;
				return requestOptions;
			}
			const response = await kustomerApiRequest(this, { method: 'GET', url: lookup, baseURL: requestOptions.baseURL });
			value = String(((response.body as IDataObject)?.data as IDataObject | undefined)?.id ?? '');
		}
		requestOptions.url = coerce(this, 'Custom Object', value, (v) => kustomerPath('/v1/klasses/{klass}/{value}', { klass, value: v as string }));
		return requestOptions;
	};
}
