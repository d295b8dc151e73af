import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	PreSendAction,
} from 'n8n-workflow';

import { ID_PLACEHOLDER, recordLocator } from '../../shared/descriptions';
import { coerce, fieldError, locatorMode, requiredId } from '../../shared/parameters';
import { kustomerApiRequest, kustomerPath } from '../../shared/transport';

/**
 * The company locator: from the list, by ID, by external ID or by name. Kustomer has no lookup path
 * for companies; GET /v1/companies filters by `externalId` or by name (`filter`), and ignores both when
 * both are given (https://developer.kustomer.com/api/core-resources/get-companies). So a lookup lists
 * the matches and takes the one whose external ID or name is exactly the value given (a name matching
 * several companies is refused: the node would not know which one is meant).
 */

const PAGE_SIZE = 100;
const MAX_PAGES = 10;

export type CompanyLookup = 'externalId' | 'name';

/** The ID of the company whose external ID or name is `value`; a clear error when none or several. */
export async function companyIdBy(
	context: IExecuteSingleFunctions,
	label: string,
	by: CompanyLookup,
	value: string,
	baseURL?: string,
): Promise<string> {
	const matches: string[] = [];
	const wanted = value.toLowerCase();
	for (let page = 1; page <= MAX_PAGES; page++) {
		const response = await kustomerApiRequest(context, {
			method: 'GET',
			url: '/v1/companies',
			qs: { [by === 'name' ? 'filter' : 'externalId']: value, page, pageSize: PAGE_SIZE },
			baseURL,
		});
		const body = response.body as IDataObject;
		const data = (body?.data as IDataObject[] | undefined) ?? [];
		for (const company of data) {
			const attributes = (company.attributes ?? {}) as IDataObject;
			// External IDs are exact; names are matched without regard to case, as Kustomer's filter does.
			const found = by === 'externalId' ? attributes.externalId === value : String(attributes.name ?? '').toLowerCase() === wanted;
			if (found && typeof company.id === 'string') matches.push(company.id);
		}
		if (!(body?.links as IDataObject | undefined)?.next || !data.length) break;
	}
	const what = by === 'name' ? 'name' : 'external ID';
	if (matches.length === 1) return matches[0];
	if (!matches.length) {
		throw fieldError(context, label, `has no company with the ${what} "${value}"`, `Check the ${what}, or pick the company from the list.`);
	}
	throw fieldError(context, label, `matches ${matches.length} companies named "${value}"`, 'Choose the company by ID or external ID instead.');
}

/** The chosen company's ID: the locator's value, or what a lookup by external ID or name finds. */
export async function chosenCompanyId(context: IExecuteSingleFunctions, name: string, label: string, baseURL?: string): Promise<string> {
	const value = requiredId(context, name, label);
	const mode = locatorMode(context, name);
	return mode === 'externalId' || mode === 'name' ? await companyIdBy(context, label, mode, value, baseURL) : value;
}

/** preSend: the URL from a template whose `{id}` is the chosen company's ID. */
export function companyPath(name: string, template: string): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const id = await chosenCompanyId(this, name, 'Company', requestOptions.baseURL);
		requestOptions.url = coerce(this, 'Company', id, (v) => kustomerPath(template, { id: v as string }));
		return requestOptions;
	};
}

export function companyLocator(show: Record<string, string[]>, description: string, name: string): INodeProperties {
	return recordLocator({
		displayName: 'Company',
		name,
		description,
		show,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchCompanies', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: ID_PLACEHOLDER },
			{ displayName: 'By External ID', name: 'externalId', type: 'string', placeholder: 'acct-1042' },
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'Acme Inc.' },
		],
	});
}
