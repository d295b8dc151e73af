import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

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
}
