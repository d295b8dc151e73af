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
import { simplifyProperty, simplifyResource } from '../../shared/output';
import { coerce, fieldError, parameter } from '../../shared/parameters';
import { toText } from '../../shared/values';
import { endpointRoles, METADATA_UPDATE } from '../../shared/roles';
import { operationRouting, pathFrom, toKustomerRequest } from '../../shared/routing';
import { kustomerApiRequest } from '../../shared/transport';
import { KLASS_FIELDS, KLASS_NAME, attributesProperty, defineAttributes, readAttributeRows, withDescription } from './fields';

/**
 * Seed 004's "Create Custom Klass" (name, displayName, description, icon; output success, klassId,
 * name, note), plus color and, beyond the seed, the Klass's attributes in the same step.
 */

const show = { resource: ['klass'], operation: ['create'] };

declareBodyCollection('klassAdditionalFields', KLASS_FIELDS);

async function klassBody(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const name = coerce(this, 'Name', parameter(this, 'name', ''), (value) => toText(value, 255)).trim();
	if (!name) throw fieldError(this, 'Name', 'is empty');
	if (name.length > 255 || !KLASS_NAME.test(name)) {
		throw fieldError(this, 'Name', `"${name}" is not a valid Klass name`, 'Use only letters, digits, _ and - (no spaces or dots), at most 255 characters, e.g. Purchase_History.');
	}
	const fields = buildBody(
		this,
		{
			displayName: parameter(this, 'displayName', ''),
			icon: parameter(this, 'icon', ''),
			...(parameter(this, 'klassAdditionalFields', {}) as IDataObject),
		},
		KLASS_FIELDS,
	);
	requestOptions.body = withDescription({ name, ...fields }, parameter(this, 'description', ''));
	return requestOptions;
}

async function createKlass(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	// Read (and check) the attributes before anything is created.
	const properties = readAttributeRows(this);
	const created = await kustomerApiRequest(this, toKustomerRequest(requestData));
	const klass = ((created.body as IDataObject)?.data ?? {}) as IDataObject;
	const name = String((klass.attributes as IDataObject | undefined)?.name ?? (requestData.options.body as IDataObject).name);
	const notes = [`Klass "${name}" created.`];
	if (properties) {
		try {
			await defineAttributes(this, requestData, name, properties, { existing: false });
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `Klass "${name}" was created (ID ${String(klass.id)}), but its attributes could not be defined: ${(error as Error).message}`, {
				itemIndex: this.getItemIndex(),
				description: 'Do not run Create again (the name is taken now): fix the attributes and use Klass › Update with them.',
			});
		}
		notes.push(`Attributes defined: ${Object.keys(properties).join(', ')}.`);
	} else {
		notes.push('No attributes defined: add them with this operation\'s Attributes, Klass › Update, or in Kustomer.');
	}
	if ((requestData.options.body as IDataObject).jsonSchema) notes.push('The description is kept in the Klass\'s jsonSchema (Klasses have no description field).');
	const simplify = parameter(this, 'simplify', true) as boolean;
	return [
		{
			json: {
				success: true,
				klassId: String(klass.id ?? ''),
				name,
				note: notes.join(' '),
				klass: simplify ? simplifyResource(klass) : klass,
			},
		},
	];
}

export const createRouting = operationRouting({
	roles: [endpointRoles('CreateKlass', 'to create it', 'org.admin.klass.write', 'org.permission.klass.create'), METADATA_UPDATE],
	method: 'POST',
	path: pathFrom('/v1/klasses'),
	preSend: [klassBody],
	execute: createKlass,
});

export const createFields: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Purchase_History',
		displayOptions: { show },
		description: 'Unique name of the Klass: letters, digits, _ and - only. It cannot be changed later.',
	},
	{
		displayName: 'Display Name',
		name: 'displayName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Customer Purchase History',
		displayOptions: { show },
		description: 'Name shown in Kustomer',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		displayOptions: { show },
		description: 'What the Klass represents',
	},
	{
		displayName: 'Icon',
		name: 'icon',
		type: 'string',
		default: '',
		placeholder: 'shopping-cart',
		displayOptions: { show },
		description: 'Kustomer icon name',
	},
	attributesProperty(show),
	{
		displayName: 'Additional Fields',
		name: 'klassAdditionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [{ displayName: 'Color', name: 'color', type: 'color', default: '#64943E', description: 'Color of the Klass\'s icon' }],
	},
	simplifyProperty(show),
];
