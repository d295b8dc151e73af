import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { coerce, requiredId } from '../../shared/parameters';
import { operationRouting } from '../../shared/routing';
import { kustomerPath } from '../../shared/transport';
import { COMPANY_ID, companyIdField } from './get';
import { chosenCompanyId } from './locator';
import { COMPANY_LIST, COMPANY_OBJECTS } from './roles';

const show = { resource: ['company'], operation: ['getCustomObjects'] };

/** GET /v1/companies/{id}/klasses/{name}: the company's custom objects of one Klass (FindCompanyKObjects). */
async function objectsPath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const klass = requiredId(this, 'companyKlassName', 'Klass');
	const id = await chosenCompanyId(this, COMPANY_ID, 'Company', requestOptions.baseURL);
	requestOptions.url = coerce(this, 'Klass', klass, () => kustomerPath('/v1/companies/{id}/klasses/{klass}', { id, klass }));
	return requestOptions;
}

export const customObjectsRouting = operationRouting({
	roles: [COMPANY_OBJECTS, COMPANY_LIST],
	method: 'GET',
	path: objectsPath,
	output: recordOutput,
	execute: paginateKustomerList,
});

export const customObjectsFields: INodeProperties[] = [
	companyIdField('getCustomObjects'),
	{
		displayName: 'Klass Name or ID',
		name: 'companyKlassName',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getKlasses' },
		default: '',
		required: true,
		displayOptions: { show },
		description:
			'The Klass (custom object type) of the objects, by its name. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	...returnAllAndLimit(show),
	simplifyProperty(show),
];
