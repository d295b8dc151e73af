import type { INodeProperties } from 'n8n-workflow';

import { kustomerProperties } from '../../nodes/Kustomer/properties';
import { bodyCollections } from '../../nodes/Kustomer/shared/body';

/**
 * No field is dropped from a request unnoticed: every field a fields collection ("Additional Fields",
 * "Update Fields") offers has a rule in the specs its body is built with (shared/body.ts refuses, at
 * run time, a field without one; this finds it before anyone runs it).
 */

const isFieldsCollection = (name: string) => /(^|[a-z])(AdditionalFields|UpdateFields|additionalFields|updateFields|upsertFields)$/.test(name);

describe('request bodies from fields collections', () => {
	const collections = kustomerProperties.filter((property) => property.type === 'collection' && isFieldsCollection(property.name));

	it('finds the node\'s fields collections', () => {
		expect(collections.length).toBeGreaterThanOrEqual(14);
	});

	it.each(collections.map((property) => [property.name, property] as const))('%s: every field it offers has a spec', (name, property: INodeProperties) => {
		const specs = bodyCollections().get(name);
		expect(specs).toBeDefined();
		const offered = ((property.options ?? []) as Array<{ name: string }>).map((option) => option.name);
		expect(offered.length).toBeGreaterThan(0);
		expect(offered.filter((field) => !Object.prototype.hasOwnProperty.call(specs, field))).toEqual([]);
	});
});
