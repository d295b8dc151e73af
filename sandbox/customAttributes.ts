/**
 * Custom attribute metadata helpers (https://developer.kustomer.com/api/core-resources/update-custom-attribute-metadata, https://developer.kustomer.com/docs/concepts/custom-attributes) and the definitions every sandbox org starts with, so a
 * node's attribute dropdowns have something to list. The customer set covers the demo customers' custom
 * attributes (demo.ts) plus a few more of each suffix.
 */
import { MAIN_USER_ID } from './auth';
import type { AttributeDefinition, MetadataRecord, SandboxStore } from './store';

const SEEDED_AT = '2024-01-02T03:04:05.000Z';

/**
 * The `type` a definition gets from its name's suffix when the client sends none ("the type is determined
 * automatically", PUT /metadata). Num -> number and Str / Id -> string follow the document's example;
 * the others are the sandbox's reading of the suffix table.
 */
export const SUFFIX_TYPES: ReadonlyArray<[suffix: string, type: string]> = [
	['Num', 'number'],
	['At', 'date'],
	['Str', 'string'],
	['Txt', 'text'],
	['Bool', 'boolean'],
	['Url', 'url'],
	['Id', 'string'],
];

export function suffixOf(name: string): string | undefined {
	return SUFFIX_TYPES.find(([suffix]) => name.length > suffix.length && name.endsWith(suffix))?.[0];
}

export function typeForName(name: string): string {
	const suffix = suffixOf(name);
	return SUFFIX_TYPES.find(([s]) => s === suffix)?.[1] ?? 'string';
}

/** "The displayName default value is the title cased version of the camelCase property name": totalOrdersNum -> Total Orders. */
export function defaultDisplayName(name: string): string {
	const suffix = suffixOf(name) ?? '';
	const stem = name.slice(0, name.length - suffix.length);
	return stem
		.replace(/_/g, ' ')
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(/\s+/)
		.filter(Boolean)
		.map((word) => word[0].toUpperCase() + word.slice(1))
		.join(' ');
}

type Seed = Array<[name: string, displayName: string, extra?: AttributeDefinition]>;

const CUSTOMER: Seed = [
	['tierStr', 'Tier', { enumeration: ['bronze', 'silver', 'gold', 'platinum'] }],
	['loyaltyTierStr', 'Loyalty Tier'],
	['lifetimeValueNum', 'Lifetime Value'],
	['vipBool', 'VIP'],
	['newsletterBool', 'Newsletter'],
	['renewalAt', 'Renewal'],
	['lastOrderAt', 'Last Order'],
	['homepageUrl', 'Homepage'],
	['crmProfileUrl', 'CRM Profile'],
	['notesTxt', 'Notes'],
];

const CONVERSATION: Seed = [
	['orderNumberStr', 'Order Number'],
	['refundAmountNum', 'Refund Amount'],
	['escalatedBool', 'Escalated'],
	['followUpAt', 'Follow Up'],
	['ticketUrl', 'Ticket'],
	['summaryTxt', 'Summary'],
];

/** A definition as the sandbox stores it: defaults from the name, then the given members, then bookkeeping. */
export function definitionFor(name: string, given: AttributeDefinition, modifiedBy: string, at: string): AttributeDefinition {
	return { type: typeForName(name), displayName: defaultDisplayName(name), ...given, modifiedBy, modifiedAt: at, updatedAt: at };
}

export function emptyMetadata(resource: string, by: string = MAIN_USER_ID): MetadataRecord {
	return { id: resource, attributes: { properties: {}, relationships: {} }, createdBy: by, modifiedBy: by };
}

function seeded(resource: string, seed: Seed): MetadataRecord {
	const record = emptyMetadata(resource);
	for (const [name, displayName, extra] of seed) {
		record.attributes.properties[name] = definitionFor(name, { displayName, ...(extra ?? {}) }, MAIN_USER_ID, SEEDED_AT);
	}
	return record;
}

/** Puts the seeded metadata of customer and conversation (and empty message/company metadata) into the store. */
export function seedMetadata(store: SandboxStore): void {
	store.metadata.set('customer', seeded('customer', CUSTOMER));
	store.metadata.set('conversation', seeded('conversation', CONVERSATION));
	store.metadata.set('message', emptyMetadata('message'));
	store.metadata.set('company', emptyMetadata('company'));
}
