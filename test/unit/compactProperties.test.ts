import type { IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { Kustomer } from '../../nodes/Kustomer/Kustomer.node';
import { kustomerProperties } from '../../nodes/Kustomer/properties';
import { compactProperties } from '../../nodes/Kustomer/shared/compactProperties';

/** Shown for this resource and operation as far as those two decide (other conditions are kept as they are). */
function showsFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show ?? {};
	const resources = show.resource as string[] | undefined;
	const operations = show.operation as string[] | undefined;
	return (!resources || resources.includes(resource)) && (!operations || operations.includes(operation));
}

/** What the editor gets for one operation: its properties in order, the resource and operation lists left out. */
function view(properties: INodeProperties[], resource: string, operation: string): string[] {
	return properties
		.filter((property) => showsFor(property, resource, operation))
		.map((property) => {
			const show = { ...(property.displayOptions?.show ?? {}) };
			delete show.operation;
			if (property.name !== 'operation') delete show.resource;
			return JSON.stringify({ ...property, displayOptions: { ...property.displayOptions, show } });
		});
}

const distinct = (values: string[]) => [...new Set(values)];

function operations(properties: INodeProperties[]): Array<[string, string]> {
	const resources = (properties.find((property) => property.name === 'resource')?.options ?? []) as Array<{ value: string }>;
	return resources.flatMap(({ value: resource }) => {
		const operation = properties.find((property) => property.name === 'operation' && showsFor(property, resource, ''));
		return ((operation?.options ?? []) as Array<{ value: string }>).map(({ value }): [string, string] => [resource, value]);
	});
}

describe('compactProperties', () => {
	const compacted = new Kustomer().description.properties;

	it('is the declared properties, each kept whole, copies that differ only in their resources and operations merged', () => {
		// A property as written, without its resource and operation lists: what a merge may not change.
		const shape = (property: INodeProperties) => {
			const show = { ...(property.displayOptions?.show ?? {}) };
			delete show.resource;
			delete show.operation;
			return JSON.stringify({ ...property, displayOptions: { ...property.displayOptions, show } });
		};
		const list = (property: INodeProperties, key: 'resource' | 'operation') => (property.displayOptions?.show?.[key] as string[] | undefined) ?? [];
		const pairsOf = (property: INodeProperties) => list(property, 'resource').flatMap((resource) => list(property, 'operation').map((operation) => `${resource} › ${operation}`));
		const existing = new Set(operations(kustomerProperties).map(([resource, operation]) => `${resource} › ${operation}`));
		const unclaimed = [...kustomerProperties];
		for (const property of compacted) {
			// The declared copies this property stands for: same shape, their pairs together are its own pairs that exist.
			const copies = unclaimed.filter((declared) => shape(declared) === shape(property) && pairsOf(declared).every((pair) => pairsOf(property).includes(pair)));
			const shown = pairsOf(property).filter((pair) => existing.has(pair) || property.name === 'operation').sort();
			expect([property.name, distinct(copies.flatMap(pairsOf)).filter((pair) => existing.has(pair) || property.name === 'operation').sort()]).toEqual([property.name, shown]);
			for (const copy of copies) unclaimed.splice(unclaimed.indexOf(copy), 1);
		}
		expect(unclaimed.map((property) => property.name)).toEqual([]);
	});

	it('gives each parameter name one top-level property (but the Operation selector of each resource)', () => {
		const names = compacted.map((property) => property.name).filter((name) => name !== 'operation');
		expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
	});

	it('leaves every operation with the same properties in the same order', () => {
		const pairs = operations(kustomerProperties);
		expect(pairs.length).toBeGreaterThanOrEqual(34);
		for (const [resource, operation] of pairs) {
			expect([resource, operation, view(compacted, resource, operation)]).toEqual([resource, operation, view(kustomerProperties, resource, operation)]);
		}
	});

	it('has fewer top-level properties, with one Simplify for every resource', () => {
		expect(compacted.length).toBeLessThan(kustomerProperties.length);
		const simplify = compacted.filter((property) => property.name === 'simplify');
		expect(simplify.map((property) => property.displayOptions?.show?.resource)).toEqual([
			['company', 'conversation', 'customObject', 'customer', 'draft', 'klass', 'message', 'note', 'team', 'user'],
		]);
		console.log(`top-level properties: ${kustomerProperties.length} declared, ${compacted.length} after compacting`);
	});

	describe('on a small node', () => {
		const field = (name: string, operation: string[], extra: Partial<INodeProperties> = {}, resource = ['r']): INodeProperties => ({
			displayName: name,
			name,
			type: 'string',
			default: '',
			displayOptions: { show: { resource, operation } },
			...extra,
		});
		const operationSelector = (resource: string, values: string[]): INodeProperties => ({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			displayOptions: { show: { resource: [resource] } },
			options: values.map((value) => ({ name: value, value })),
			default: values[0],
		});
		const lists = (output: INodeProperties[]) =>
			output.filter((property) => property.name !== 'operation').map((property) => [property.name, property.displayOptions?.show?.resource, property.displayOptions?.show?.operation]);

		it('keeps a copy apart when no order keeps both operations\' fields in place, and never merges routing', () => {
			const routed: Partial<INodeProperties> = { routing: { send: { preSend: [async (options: IHttpRequestOptions) => options] } } };
			const input = [
				operationSelector('r', ['one', 'two', 'three', 'four']),
				field('a', ['one']),
				field('b', ['one', 'two']),
				field('a', ['two']), // one wants a before b, two wants b before a
				field('c', ['three'], routed),
				field('c', ['four'], routed),
				field('d', ['three']),
				field('d', ['four']),
			];
			expect(lists(compactProperties(input))).toEqual([
				['a', ['r'], ['one']],
				['b', ['r'], ['one', 'two']],
				['a', ['r'], ['two']],
				['c', ['r'], ['three']],
				['c', ['r'], ['four']],
				['d', ['r'], ['three', 'four']],
			]);
		});

		it('merges across resources only where that shows the field for no other operation of the node', () => {
			const input = [
				operationSelector('r', ['one', 'two']),
				operationSelector('s', ['one', 'two']),
				field('x', ['one'], {}, ['r']),
				field('y', ['one'], {}, ['r']),
				field('x', ['one'], {}, ['s']),
				field('y', ['two'], {}, ['s']), // merged, y would also show for r › two and s › one
			];
			expect(lists(compactProperties(input))).toEqual([
				['x', ['r', 's'], ['one']],
				['y', ['r'], ['one']],
				['y', ['s'], ['two']],
			]);
		});
	});
});
