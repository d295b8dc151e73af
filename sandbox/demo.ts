/** Deterministic demo org: 25 customers with emails, phones, tags and custom attributes. */
import { MAIN_USER_ID } from './auth';
import type { SandboxState } from './context';
import { newCustomerAttributes } from './resources/customers';
import type { CustomerRecord } from './store';

const PEOPLE: Array<[string, string, string]> = [
	['Ada Lovelace', 'ada.lovelace@example.com', 'US'],
	['Grace Hopper', 'grace.hopper@example.com', 'US'],
	['Alan Turing', 'alan.turing@example.co.uk', 'GB'],
	['Katherine Johnson', 'katherine.johnson@example.com', 'US'],
	['Linus Torvalds', 'linus@example.fi', 'FI'],
	['Margaret Hamilton', 'margaret.hamilton@example.com', 'US'],
	['Tim Berners-Lee', 'tim.bl@example.org', 'GB'],
	['Hedy Lamarr', 'hedy.lamarr@example.at', 'AT'],
	['Dennis Ritchie', 'dmr@example.com', 'US'],
	['Barbara Liskov', 'barbara.liskov@example.edu', 'US'],
	['Guido van Rossum', 'guido@example.nl', 'NL'],
	['Frances Allen', 'frances.allen@example.com', 'US'],
	['Ken Thompson', 'ken@example.com', 'US'],
	['Radia Perlman', 'radia.perlman@example.com', 'US'],
	['Bjarne Stroustrup', 'bjarne@example.dk', 'DK'],
	['Sophie Wilson', 'sophie.wilson@example.co.uk', 'GB'],
	['Donald Knuth', 'knuth@example.edu', 'US'],
	['Anita Borg', 'anita.borg@example.org', 'US'],
	['John McCarthy', 'jmc@example.edu', 'US'],
	['Karen Spärck Jones', 'karen.sparck@example.co.uk', 'GB'],
	['Edsger Dijkstra', 'edsger@example.nl', 'NL'],
	['Adele Goldberg', 'adele.goldberg@example.com', 'US'],
	['Yukihiro Matsumoto', 'matz@example.jp', 'JP'],
	['Shafi Goldwasser', 'shafi@example.il', 'IL'],
	['Vint Cerf', 'vint.cerf@example.com', 'US'],
];

const TAGS = ['vip', 'wholesale', 'newsletter', 'churn-risk', 'beta-tester', 'enterprise'];
const TIERS = ['bronze', 'silver', 'gold', 'platinum'];

/** 2024-01-15T09:00:00Z; demo customers are created a little over 11 days apart. */
const BASE_MS = Date.UTC(2024, 0, 15, 9, 0, 0);
const STEP_MS = 11 * 86_400_000 + 3_600_000;

function hex(value: number, width: number): string {
	return value.toString(16).padStart(width, '0');
}

/** Fixed ids so links, docs and tests can name demo customers. */
export function demoCustomerId(index: number): string {
	const createdSeconds = Math.floor((BASE_MS + index * STEP_MS) / 1000);
	return `${hex(createdSeconds, 8)}5a4dde${hex(index + 1, 10)}`;
}

/** The request body that would create demo customer `index` (valid against the spec; tests check that). */
export function demoCustomerBody(index: number): Record<string, unknown> {
	const [name, email, country] = PEOPLE[index];
	const n = index + 1;
	const body: Record<string, unknown> = {
		name,
		externalId: `crm-${1000 + n}`,
		emails: [{ email, type: n % 3 === 0 ? 'work' : 'home', verified: n % 2 === 0 }],
		phones: [{ phone: `+1415555${String(100 + n).padStart(4, '0')}`, type: n % 4 === 0 ? 'work' : 'mobile' }],
		tags: TAGS.filter((_, t) => (n + t) % 3 === 0).slice(0, 3),
		locale: country === 'US' || country === 'GB' ? 'en_US' : 'en_GB',
		locations: [{ type: 'home', countryCode: country }],
		custom: {
			tierStr: TIERS[n % TIERS.length],
			lifetimeValueNum: ((n * 7919) % 5000) + 0.5,
			newsletterBool: n % 2 === 1,
			lastOrderAt: new Date(BASE_MS + index * STEP_MS + 5 * 86_400_000).toISOString(),
			crmProfileUrl: `https://crm.example.com/customers/${1000 + n}`,
			...(n % 5 === 0 ? { notesTxt: 'Prefers email over phone. Ask about the annual plan.' } : {}),
		},
	};
	if (n % 4 === 0) body.emails = [...(body.emails as object[]), { email: `${email.split('@')[0]}@work.example.com`, type: 'work' }];
	return body;
}

export const DEMO_CUSTOMER_COUNT = PEOPLE.length;

/** Puts the demo customers into the store (not counted as API creates). */
export function seedDemo(state: SandboxState): void {
	for (let i = 0; i < DEMO_CUSTOMER_COUNT; i++) {
		const createdAt = new Date(BASE_MS + i * STEP_MS).toISOString();
		const attributes = newCustomerAttributes(demoCustomerBody(i), createdAt);
		// a few demo customers look edited since creation
		const edits = i % 3;
		attributes.rev = 1 + edits;
		attributes.updatedAt = new Date(BASE_MS + i * STEP_MS + edits * 2 * 86_400_000).toISOString();
		attributes.modifiedAt = attributes.updatedAt;
		const record: CustomerRecord = { id: demoCustomerId(i), attributes, createdBy: MAIN_USER_ID, modifiedBy: MAIN_USER_ID };
		state.store.customers.set(record.id, record);
	}
}
