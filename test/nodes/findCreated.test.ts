import type { INodeProperties, INodeParameters } from 'n8n-workflow';

import { kustomerProperties } from '../../nodes/Kustomer/properties';
import { findCreatedOf } from '../../nodes/Kustomer/shared/routing';
import { apiRequests, runKustomer, seedCustomer, useSandbox } from './setup';

/**
 * A create whose answer is lost (the connection drops after Kustomer made the record) finds its record
 * by the External ID it sent, instead of sending the create again. Each create operation declares how
 * (its routing's `findCreated`), or why it cannot: checked here for every operation of the node, and
 * each declared lookup is run against the sandbox.
 */

const sandbox = useSandbox();
const byId = (value: unknown) => ({ __rl: true, mode: 'id', value: String(value) });

type OperationOption = { value: string; routing?: { request?: { method?: string } } };

/** Whether a property, or any option nested in it, is a field named `externalId`. */
function hasExternalId(property: INodeProperties | { name?: string; values?: unknown; options?: unknown }): boolean {
	if (property.name === 'externalId') return true;
	const nested = [...((property as { options?: unknown[] }).options ?? []), ...((property as { values?: unknown[] }).values ?? [])];
	return nested.some((entry) => entry && typeof entry === 'object' && hasExternalId(entry as INodeProperties));
}

function shownFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show ?? {};
	const matches = (name: string, value: string) => !show[name] || (show[name] as unknown[]).includes(value);
	return matches('resource', resource) && matches('operation', operation);
}

describe('every create that can carry an External ID declares how to find its record', () => {
	const resources = (kustomerProperties.find((property) => property.name === 'resource')?.options ?? []) as Array<{ value: string }>;
	const operations = resources.flatMap(({ value: resource }) =>
		kustomerProperties
			.filter((property) => property.name === 'operation' && (property.displayOptions?.show?.resource as string[]).includes(resource))
			.flatMap((property) => (property.options ?? []) as OperationOption[])
			.map((option) => ({ resource, option })),
	);
	const creates = operations.filter(
		({ resource, option }) =>
			option.routing?.request?.method === 'POST' &&
			kustomerProperties.some((property) => property.name !== 'operation' && shownFor(property, resource, option.value) && hasExternalId(property)),
	);

	it('finds the creates with an External ID field', () => {
		expect(creates.map(({ resource, option }) => `${resource}:${option.value}`).sort()).toEqual(
			expect.arrayContaining(['company:create', 'conversation:create', 'customObject:create', 'customer:create', 'customer:upsert', 'message:log', 'note:create']),
		);
	});

	it.each(creates.map(({ resource, option }) => [`${resource}:${option.value}`, option] as const))('%s declares a lookup or why it has none', (_name, option) => {
		const declared = findCreatedOf(option.routing!);
		expect(declared).toBeDefined();
		expect('lookup' in declared! || (typeof (declared as { none: string }).none === 'string' && (declared as { none: string }).none.length > 10)).toBe(true);
	});
});

describe('each declared lookup finds the record after a lost answer, and nothing is created twice', () => {
	const cases: Array<[string, () => Promise<{ parameters: INodeParameters; create: string; lookup: string; counter: string; externalId: string }>]> = [
		['Customer › Create', async () => ({
			parameters: { resource: 'customer', operation: 'create', customerName: 'Lost One', additionalFields: { externalId: 'lost-c1' } },
			create: '/v1/customers',
			lookup: '/v1/customers/externalId=lost-c1',
			counter: 'customer',
			externalId: 'lost-c1',
		})],
		['Customer › Create or Update', async () => ({
			parameters: { resource: 'customer', operation: 'upsert', matchOn: 'externalId', matchValue: 'lost-u1', upsertFields: { name: 'Lost Upsert' } },
			create: '/v1/customers',
			lookup: '/v1/customers/externalId=lost-u1',
			counter: 'customer',
			externalId: 'lost-u1',
		})],
		['Conversation › Create', async () => {
			const customer = await seedCustomer(sandbox, { name: 'Lost Conversation Owner' });
			return {
				parameters: { resource: 'conversation', operation: 'create', customer: byId(customer.id), conversationName: 'Lost', conversationAdditionalFields: { externalId: 'lost-v1' } },
				create: `/v1/customers/${String(customer.id)}/conversations`,
				lookup: '/v1/conversations/externalId=lost-v1',
				counter: 'conversation',
				externalId: 'lost-v1',
			};
		}],
		['Custom Object › Create (under a customer)', async () => {
			const klass = await runKustomer(sandbox, { resource: 'klass', operation: 'create', name: 'Customer_Preferences', displayName: 'Customer Preferences' });
			expect(klass.error).toBeUndefined();
			const customer = await seedCustomer(sandbox, { name: 'Lost Object Owner' });
			return {
				parameters: { resource: 'customObject', operation: 'create', klassName: 'Customer_Preferences', title: 'Lost', objectCustomerId: String(customer.id), objectAdditionalFields: { externalId: 'lost-o1' } },
				create: `/v1/customers/${String(customer.id)}/klasses/Customer_Preferences`,
				lookup: '/v1/klasses/Customer_Preferences/externalId=lost-o1',
				counter: 'kobject',
				externalId: 'lost-o1',
			};
		}],
		['Company › Create (found in the filtered company list)', async () => ({
			parameters: { resource: 'company', operation: 'create', companyName: 'Lost Company', companyAdditionalFields: { externalId: 'lost-co1' } },
			create: '/v1/companies',
			lookup: '/v1/companies',
			counter: 'company',
			externalId: 'lost-co1',
		})],
	];

	it.each(cases)('%s', async (_name, prepare) => {
		const { parameters, create, lookup, counter, externalId } = await prepare();
		const before = sandbox.counters.created[counter as keyof typeof sandbox.counters.created] ?? 0;
		sandbox.clearRequests();
		sandbox.faults.add({ kind: 'reset', after: true, match: { method: 'POST', path: create } });
		const result = await runKustomer(sandbox, parameters);
		expect(result.error).toBeUndefined();
		const requests = apiRequests(sandbox).filter((request) => !request.path.startsWith('/v1/metadata/'));
		const writes = requests.filter((request) => request.method !== 'GET');
		expect(writes.map((request) => [request.method, request.path, request.status])).toEqual([['POST', create, 0]]);
		expect(requests.at(-1)).toMatchObject({ method: 'GET', path: lookup, status: 200 });
		expect(sandbox.counters.created[counter as keyof typeof sandbox.counters.created]).toBe(before + 1);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ externalId });
	});
});
