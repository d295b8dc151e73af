import type { IDataObject } from 'n8n-workflow';

import { simplifyResource } from '../../nodes/Kustomer/shared/output';

/** Simplify flattens a record to `{ id, ...attributes }`: the Kustomer node's output and the polling trigger's. */
describe('simplifyResource', () => {
	it('keeps the record\'s own id, first, when an attribute has the same name', () => {
		const flat = simplifyResource({ type: 'customer', id: '5f3c6a1b2c3d4e5f6a7b8c9d', attributes: { name: 'Ada', id: 'attribute-id' } });
		expect(flat).toEqual({ id: '5f3c6a1b2c3d4e5f6a7b8c9d', name: 'Ada' });
		expect(Object.keys(flat)[0]).toBe('id');
	});

	it('keeps an attribute named __proto__ as a field, never as the prototype', () => {
		const attributes = JSON.parse('{"__proto__": {"polluted": true}, "name": "Ada"}') as IDataObject;
		const flat = simplifyResource({ id: 'c1', attributes });
		expect(Object.getPrototypeOf(flat)).toBe(Object.prototype);
		expect((flat as { polluted?: unknown }).polluted).toBeUndefined();
		expect(Object.keys(flat)).toEqual(['id', '__proto__', 'name']);
	});
});
