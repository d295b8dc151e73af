import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import type { EndpointRoles } from './roles';

/**
 * The shape of one Kustomer request, shared by the transport that sends it and the error mapping
 * that words its failure (kept apart so neither imports the other's module for it).
 */

/** Node operations, dropdowns, the trigger's webhook lifecycle and the polling trigger's polls all send through here. */
export type KustomerContext = IExecuteSingleFunctions | ILoadOptionsFunctions | IHookFunctions | IPollFunctions;

export interface KustomerRequest {
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/** Base URL already resolved by the routing (requestDefaults); looked up from the credential otherwise. */
	baseURL?: string;
	/** Non-2xx statuses the caller handles itself (e.g. 404 on a lookup that may find nothing). */
	acceptStatus?: number[];
	/**
	 * Values besides the API key to remove from the answer (a webhook secret the request carries):
	 * pass only values the caller does not need to read back.
	 */
	secrets?: string[];
	/** Epoch ms after which no wait (rate limit, backoff) is begun for this request (see retry.ts). */
	deadline?: number;
	/** A create's way back to its record when the answer is lost (transport.ts); declared by the operation. */
	findCreated?: FindCreated;
}

/**
 * How a create finds the record it made when its answer was lost (a 5xx, a reset, a timeout), by
 * the External ID its body carries, so the create is never sent twice. Each create operation declares
 * it with its routing (or says why it has none: `NoFindCreated`); test/nodes/findCreated.test.ts checks
 * that every create that can carry an External ID does one or the other.
 */
export interface FindCreated {
	/** The GET that finds the record: a path, and a query when the lookup is a filtered list. */
	lookup: (externalId: string, create: KustomerRequest) => { url: string; qs?: IDataObject };
	/** The roles that GET needs (added to the operation's own). */
	roles: EndpointRoles;
}

/** A create that can carry an External ID but has no lookup to find its record by it: why. */
export interface NoFindCreated {
	none: string;
}
