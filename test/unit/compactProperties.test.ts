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

/** What the editor gets for one operation: its properties in order, the operation lists left out. */
function view(properties: INodeProperties[], resource: string, operation: string): string[] {
	return properties
		.filter((property) => showsFor(property, resource, operation))
		.map((property) => {
			const show = { ...(property.displayOptions?.show ?? {}) };
			delete show.operation;
			return JSON.stringify({ ...property, displayOptions: { ...property.displayOptions, show } });
		});
}

function operations(properties: INodeProperties[]): Array<[string, string]> {
	const resources = (properties.find((property) => property.name === 'resource')?.options ?? []) as Array<{ value: string }>;
	return resources.flatMap(({ value: resource }) => {
		const operation = properties.find((property) => property.name === 'operation' && showsFor(property, resource, ''));
		return ((operation?.options ?? []) as Array<{ value: string }>).map(({ value }): [string, string] => [resource, value]);
	});
}

describe('compactProperties', () => {
	const compacted = new Kustomer().description.properties;

	it('is the declared properties, each kept whole, copies that differ only in their operations merged', () => {
		// A property as written, without its operation list: what a merge may not change.
		const shape = (property: INodeProperties) => {
			const show = { ...(property.displayOptions?.show ?? {}) };
			delete show.operation;
			return JSON.stringify({ ...property, displayOptions: { ...property.displayOptions, show } });
		};
		const operationsOf = (property: INodeProperties) => (property.displayOptions?.show?.operation as string[] | undefined) ?? [];
		const unclaimed = [...kustomerProperties];
		for (const property of compacted) {
			// The declared copies this property stands for: same shape, their operations together are its own.
			const copies = unclaimed.filter((declared) => shape(declared) === shape(property) && operationsOf(declared).every((op) => operationsOf(property).includes(op)));
			expect([property.name, copies.flatMap(operationsOf).sort()]).toEqual([property.name, [...operationsOf(property)].sort()]);
			for (const copy of copies) unclaimed.splice(unclaimed.indexOf(copy), 1);
		}
		expect(unclaimed.map((property) => property.name)).toEqual([]);
	});

	it('leaves every operation with the same properties in the same order', () => {
		const pairs = operations(kustomerProperties);
		expect(pairs.length).toBeGreaterThanOrEqual(34);
		for (const [resource, operation] of pairs) {
			expect([resource, operation, view(compacted, resource, operation)]).toEqual([resource, operation, view(kustomerProperties, resource, operation)]);
		}
	});

	it('has fewer top-level properties, with one Simplify per resource', () => {
		expect(compacted.length).toBeLessThan(kustomerProperties.length);
		const simplify = compacted.filter((property) => property.name === 'simplify');
		expect(simplify.map((property) => property.displayOptions?.show?.resource)).toEqual([
			['conversation'],
			['customObject'],
			['customer'],
			['klass'],
			['message'],
			['note'],
		]);
		console.log(`top-level properties: ${kustomerProperties.length} declared, ${compacted.length} after compacting`);
	});

	it('keeps a copy apart when merging would move it, and never merges routing', () => {
		const field = (name: string, operation: string[], extra: Partial<INodeProperties> = {}): INodeProperties => ({
			displayName: name,
			name,
			type: 'string',
			default: '',
			displayOptions: { show: { resource: ['r'], operation } },
			...extra,
		});
		const routed: Partial<INodeProperties> = { routing: { send: { preSend: [async (options: IHttpRequestOptions) => options] } } };
		const input = [
			field('a', ['one']),
			field('b', ['one', 'two']),
			field('a', ['two']), // b shows for one and two between the copies: neither place keeps both orders
			field('c', ['three'], routed),
			field('c', ['four'], routed),
			field('d', ['three']),
			field('d', ['four']),
		];
		const output = compactProperties(input);
		expect(output.map((property) => [property.name, property.displayOptions?.show?.operation])).toEqual([
			['a', ['one']],
			['b', ['one', 'two']],
			['a', ['two']],
			['c', ['three']],
			['c', ['four']],
			['d', ['three', 'four']],
		]);
	});
});
