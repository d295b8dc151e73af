import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { FieldSpecs } from '../../shared/body';
import { coerce, fieldError } from '../../shared/parameters';
import { toHttpUrl } from '../../shared/values';

/** Custom object (KObject) fields, https://developer.kustomer.com/api/core-resources/create-kobject. */

export const KOBJECT_FIELDS: FieldSpecs = {
	createdAt: { kind: 'date', label: 'Created At' },
	data: {
		kind: 'build',
		label: 'Data (JSON)',
		build: (context, value) => {
			if (value === '' || value === undefined || value === null) return undefined;
			let parsed = value;
			if (typeof value === 'string') {
				try {
					parsed = JSON.parse(value);
				} catch (error) {
					throw fieldError(context, 'Data (JSON)', `is not valid JSON: ${(error as Error).message}`);
				}
			}
			if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw fieldError(context, 'Data (JSON)', 'must be a JSON object');
			return parsed as IDataObject;
		},
	},
	description: { kind: 'text', label: 'Description', max: 10240 },
	externalId: { kind: 'text', label: 'External ID', max: 256, required: true },
	icon: { kind: 'text', label: 'Icon', max: 64 },
	images: {
		kind: 'build',
		label: 'Images',
		build: (context, value) => {
			const urls = (Array.isArray(value) ? value : String(value ?? '').split(',')).map((url) => String(url).trim()).filter(Boolean);
			if (urls.length > 20) throw fieldError(context, 'Images', `has ${urls.length} URLs; Kustomer allows at most 20`);
			return urls.map((url, index) => coerce(context, `Images [${index}]`, url, toHttpUrl));
		},
	},
	importedAt: { kind: 'date', label: 'Imported At' },
	tags: { kind: 'tags', label: 'Tags' },
	title: { kind: 'text', label: 'Title', max: 256, required: true },
};

export const klassNameProperty = (show: Record<string, string[]>): INodeProperties => ({
	displayName: 'Klass Name or ID',
	name: 'klassName',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getKlasses' },
	default: '',
	required: true,
	displayOptions: { show },
	description:
		'The Klass (custom object type), by its name. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
});

export function objectFieldOptions(mode: 'create' | 'update'): INodeProperties[] {
	const fields: INodeProperties[] = [
		{ displayName: 'Data (JSON)', name: 'data', type: 'json', default: '{}', description: 'Free-form JSON kept with the object (not typed or searchable; use custom attributes for that)' },
		{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '' },
		{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'Your own unique ID for this object (unique per Klass)' },
		{ displayName: 'Icon', name: 'icon', type: 'string', default: '' },
		{ displayName: 'Images', name: 'images', type: 'string', default: '', description: 'Comma-separated image URLs (at most 20)' },
		{ displayName: 'Tags', name: 'tags', type: 'string', default: '', description: 'Comma-separated tags (at most 20)' },
	];
	if (mode === 'create') {
		fields.push(
			{ displayName: 'Created At', name: 'createdAt', type: 'dateTime', default: '', description: 'Original creation date, for imported objects' },
			{ displayName: 'Imported At', name: 'importedAt', type: 'dateTime', default: '', description: 'When the object was imported; lifts Kustomer\'s per-customer creation limit' },
		);
	} else {
		fields.push({ displayName: 'Title', name: 'title', type: 'string', default: '' });
	}
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

