/**
 * Bulk seeding for scale tests: tens of thousands of customers straight into the store, without HTTP or
 * validation (25,000 take well under a second). The default records have spread-out updatedAt values with
 * many ties, so search windowing on customer_updated_at meets the hard cases: ties across page and window
 * boundaries, and an updatedAt order unlike the creation (id) order.
 */
import { MAIN_USER_ID } from './auth';
import type { SandboxState } from './context';
import { newCustomerAttributes } from './resources/customers';
import { registerTagNames } from './resources/tags';
import type { CustomerRecord } from './store';

export interface SeedCustomer {
	/** Fields as a create body would carry them (name, emails, tags, custom, ...). Not validated. */
	attributes?: Record<string, unknown>;
	/** Default: spread one minute apart from 2024-06-01T00:00:00Z in creation order. */
	createdAt?: string | number | Date;
	/** Default: see defaultSeedCustomer. */
	updatedAt?: string | number | Date;
}

/** index is 0-based; count is the size of the whole batch. */
export type SeedCustomerFactory = (index: number, count: number) => SeedCustomer;

export const SEED_BASE_MS = Date.UTC(2024, 5, 1);
const MINUTE_MS = 60_000;

/**
 * Customer `index` of `count`: name, email and externalId numbered from 1, created a minute apart. Its
 * updatedAt is one of count/8 whole seconds after the last creation, picked by a multiplicative hash, so
 * about 8 customers share each timestamp (anywhere from 1 to ~25) and the order differs from creation.
 */
export function defaultSeedCustomer(index: number, count: number): SeedCustomer {
	const n = index + 1;
	const buckets = Math.max(1, Math.ceil(count / 8));
	const bucket = Math.imul(n, 2654435761) >>> 0;
	return {
		attributes: { name: `Seeded Customer ${n}`, emails: [{ email: `seeded-${n}@example.com` }], externalId: `seed-${n}` },
		createdAt: SEED_BASE_MS + index * MINUTE_MS,
		updatedAt: SEED_BASE_MS + count * MINUTE_MS + (bucket % buckets) * 1000,
	};
}

function iso(value: string | number | Date): string {
	return (value instanceof Date ? value : new Date(value)).toISOString();
}

/**
 * Adds `count` customers and returns their ids in creation order. Not counted as API creates (like demo
 * data) and gone after reset(). `factory` fields override the defaults of defaultSeedCustomer.
 */
export function seedCustomers(state: SandboxState, count: number, factory?: SeedCustomerFactory): string[] {
	const { store } = state;
	const ids: string[] = new Array(count);
	for (let i = 0; i < count; i++) {
		const base = defaultSeedCustomer(i, count);
		const spec = factory ? { ...base, ...factory(i, count) } : base;
		const createdAt = iso(spec.createdAt ?? SEED_BASE_MS + i * MINUTE_MS);
		const attributes = newCustomerAttributes({ ...(spec.attributes ?? {}), createdAt }, createdAt);
		attributes.updatedAt = iso(spec.updatedAt ?? createdAt);
		attributes.modifiedAt = attributes.updatedAt;
		const record: CustomerRecord = {
			id: store.ids.next(new Date(createdAt)),
			attributes,
			createdBy: MAIN_USER_ID,
			modifiedBy: MAIN_USER_ID,
		};
		store.customers.set(record.id, record);
		if (attributes.tags.length) registerTagNames(state, attributes.tags, MAIN_USER_ID);
		ids[i] = record.id;
	}
	return ids;
}
