import { NodeOperationError } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { buildBody, declareBodyCollection } from '../../shared/body';
import { endpointRoles, METADATA_UPDATE } from '../../shared/roles';
import { applyOutput, operationRouting, toKustomerRequest } from '../../shared/routing';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { fieldError, parameter } from '../../shared/parameters';
import { kustomerApiRequest } from '../../shared/transport';
import { KLASS_FIELDS, attributesProperty, defineAttributes, readAttributeRows, withDescription } from './fields';
import { klassLocator, klassPath } from './locator';

const show = { resource: ['klass'], operation: ['update'] };

declareBodyCollection('klassUpdateFields', KLASS_FIELDS);

async function klassChanges(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const fields = parameter(this, 'klassUpdateFields', {}) as IDataObject;
	requestOptions.body = withDescription(buildBody(this, fields, KLASS_FIELDS), fields.description);
	return requestOptions;
}

/** PUT the Klass's changed fields (if any), then define the given attributes (if any). */
async function updateKlass(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const properties = readAttributeRows(this);
	const request = toKustomerRequest(requestData);
	const hasChanges = Object.keys((request.body as IDataObject) ?? {}).length > 0;
	if (!hasChanges && !properties) {
		throw fieldError(this, 'Update Fields', 'are empty', 'Add a field to change or an attribute to define.');
	}
	const response = await kustomerApiRequest(this, hasChanges ? request : { ...request, method: 'GET', body: undefined });
	if (properties) {
		const name = String((((response.body as IDataObject)?.data as IDataObject)?.attributes as IDataObject | undefined)?.name ?? '');
		if (!name) throw new NodeOperationError(this.getNode(), 'Kustomer returned the Klass without its name', { itemIndex: this.getItemIndex() });
		await defineAttributes(this, requestData, name, properties, { existing: true });
	}
	return await applyOutput(this, requestData, response);
}

export const updateRouting = operationRouting({
	roles: [
		endpointRoles('UpdateKlass', 'to update it', 'org.admin.klass.write', 'org.permission.klass.update'),
		endpointRoles('GetCustomAttributeMetadata', 'to read the attributes it has', 'org.user.metadata.read', 'org.permission.metadata.read', 'org.admin.metadata.read'),
		METADATA_UPDATE,
	],
	method: 'PUT',
	path: klassPath('/v1/klasses/{id}'),
	preSend: [klassChanges],
	output: recordOutput,
	execute: updateKlass,
});

export const updateFields: INodeProperties[] = [
	klassLocator(show),
	{
		displayName: 'Update Fields',
		name: 'klassUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Color', name: 'color', type: 'color', default: '#64943E' },
			{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'Kept in the Klass\'s jsonSchema' },
			{ displayName: 'Display Name', name: 'displayName', type: 'string', default: '' },
			{ displayName: 'Icon', name: 'icon', type: 'string', default: '' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Disabled', value: 'disabled' },
					{ name: 'Enabled', value: 'enabled' },
				],
				default: 'enabled',
			},
		],
	},
	attributesProperty(show),
	simplifyProperty(show),
];
