import { readFileSync } from 'fs';
import { join } from 'path';

import type { INodeProperties } from 'n8n-workflow';

import { kustomerProperties } from '../../nodes/Kustomer/properties';
import { operationRoles, rolesHint } from '../../nodes/Kustomer/shared/roles';
import { loadSpec } from '../../sandbox/spec';

/**
 * The roles in the node's error hints and README come from the role tables of Kustomer's Core
 * Resources OpenAPI (the copy in sandbox/). This reads that document and fails when a hint disagrees
 * with its endpoint's table, or when an operation has no hint.
 */

const spec = loadSpec();

function nodeOperations(properties: INodeProperties[]): string[] {
	const resources = (properties.find((property) => property.name === 'resource')?.options ?? []) as Array<{ value: string }>;
	return resources.flatMap(({ value: resource }) =>
		properties
			.filter((property) => property.name === 'operation' && (property.displayOptions?.show?.resource as string[] | undefined)?.includes(resource))
			.flatMap((property) => (property.options ?? []) as Array<{ value: string }>)
			.map(({ value }) => `${resource}:${value}`),
	);
}

describe('roles per operation', () => {
	// Loading the node's properties has every resource list its operations, each with the roles its routing declares.
	const entries = [...operationRoles()].flatMap(([operation, endpoints]) =>
		endpoints.map((entry): [string, string, string[]] => [operation, entry.endpoint, entry.anyOf]),
	);

	it.each(entries.filter(([, endpoint]) => !endpoint.startsWith('https://')))(
		'%s: %s lists exactly the roles of its OpenAPI role table',
		(_operation, endpoint, anyOf) => {
			const table = spec.rolesByOperation.get(endpoint);
			expect(table).toBeDefined();
			expect([...anyOf].sort()).toEqual([...(table ?? [])].sort());
		},
	);

	it('endpoints the OpenAPI has no table for cite Kustomer\'s docs instead', () => {
		for (const [, endpoint] of entries.filter(([, endpoint]) => endpoint.startsWith('https://'))) {
			expect(endpoint).toMatch(/^https:\/\/developer\.kustomer\.com\//);
			expect([...spec.rolesByOperation.keys()]).not.toContain(endpoint);
		}
	});

	it('every operation of the node has its roles, and nothing else does', () => {
		const operations = nodeOperations(kustomerProperties);
		expect(operations.length).toBeGreaterThan(30);
		expect([...operationRoles().keys()].filter((key) => key !== 'trigger:webhook').sort()).toEqual([...operations].sort());
	});

	it('the README\'s role table names every role of every hint', () => {
		const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
		const table = readme.slice(readme.indexOf('| Operations | Legacy role | Permission-set role |'), readme.indexOf('3. In n8n create'));
		const missing = [...new Set(entries.flatMap(([, , anyOf]) => anyOf))].filter((role) => !table.includes(`\`${role}\``));
		expect(missing).toEqual([]);
	});

	it('Remove Tags asks for the conversation delete permission, as Kustomer\'s table says', () => {
		expect(rolesHint('conversation', 'removeTags')).toBe('org.user.conversation.write or org.permission.conversation.delete');
		expect(rolesHint('customer', 'update')).toBe(
			'org.user.customer.read or org.permission.customer.read (to read the customer), and org.user.customer.write or org.permission.customer.update (to update it)',
		);
	});
});
