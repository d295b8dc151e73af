import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { requiredId } from '../../shared/parameters';
import { searchFields, searchRouting, type SearchAttribute } from '../../shared/search';
import { klassNameProperty } from './fields';

const show = { resource: ['customObject'], operation: ['search'] };

/** Custom object search attributes from Kustomer's search schema (kobject_*; the search operation's description). */
const ATTRIBUTES: SearchAttribute[] = [
	{ name: 'Any Text', value: 'any_text' },
	{ name: 'Created At', value: 'created_at' },
	{ name: 'Imported At', value: 'imported_at' },
	{ name: 'Updated At', value: 'updated_at' },
];

/** A Klass's objects are searched as queryContext kobject_<klass name> (https://developer.kustomer.com/docs/concepts/search). */
const klassContext = (context: IExecuteSingleFunctions) => `kobject_${requiredId(context, 'klassName', 'Klass')}`;

export const searchCustomObjectRouting = searchRouting(klassContext, ATTRIBUTES, 'objectFilters');

export const searchCustomObjectFields: INodeProperties[] = [klassNameProperty(show), ...searchFields('kobject', ATTRIBUTES, show, 'objectFilters')];
