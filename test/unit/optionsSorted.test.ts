import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { Kustomer } from '../../nodes/Kustomer/Kustomer.node';
import { KustomerPollingTrigger } from '../../nodes/KustomerPollingTrigger/KustomerPollingTrigger.node';
import { KustomerTrigger } from '../../nodes/KustomerTrigger/KustomerTrigger.node';

/**
 * n8n's convention: every dropdown lists its options alphabetically by name. eslint-plugin-n8n-nodes-base
 * checks the lists written as literals; this checks every list the editor really gets, including the
 * ones built from a table (shared/channels.ts), in every node, collection and fixedCollection.
 */
type Entry = INodeProperties | INodePropertyOptions | INodePropertyCollection;

function* optionLists(properties: readonly Entry[], path: string): Generator<[string, string[]]> {
	for (const property of properties) {
		if (!('options' in property) || !Array.isArray(property.options)) continue;
		const here = `${path} › ${property.displayName ?? property.name}`;
		const options = property.options as Entry[];
		if ('type' in property && (property.type === 'options' || property.type === 'multiOptions')) {
			yield [here, options.map((option) => String(option.name))];
		} else {
			yield* optionLists(options, here);
		}
	}
}

const nodes: INodeTypeDescription[] = [new Kustomer().description, new KustomerTrigger().description, new KustomerPollingTrigger().description];

describe('every dropdown lists its options alphabetically', () => {
	const lists = nodes.flatMap((node) => [...optionLists(node.properties, node.displayName)]);

	it('finds the lists built from a table, not only the literals', () => {
		expect(lists.length).toBeGreaterThan(50);
		expect(lists.filter(([, names]) => names.includes('Voice')).length).toBe(1);
		expect(lists.filter(([, names]) => names.includes('Twitter Tweet')).length).toBeGreaterThanOrEqual(2);
	});

	it.each(lists.map(([path, names]) => [path, names] as const))('%s', (_path, names) => {
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
	});
});
