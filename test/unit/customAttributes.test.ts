import {
	accountAttributesFrom,
	attributeDefinitions,
	attributeName,
	toCustomAttributes,
	typeFromSuffix,
	type AccountAttribute,
} from '../../nodes/Kustomer/shared/customAttributes';

const fail = (key: string, problem: string) => new Error(`${key} ${problem}`);

/** The sandbox's seeded customer attributes, as GET /v1/metadata/customer lists them. */
const ACCOUNT: AccountAttribute[] = [
	{ name: 'loyaltyTierStr', type: 'string' },
	{ name: 'lifetimeValueNum', type: 'number' },
	{ name: 'vipBool', type: 'boolean' },
	{ name: 'renewalAt', type: 'date' },
	{ name: 'notesTxt', type: 'text' },
	{ name: 'legacy_codeStr', type: 'string' },
	{ name: 'orderId', type: 'id' },
];

describe('custom attributes: the naming rule (no account attribute matches)', () => {
	it('adds the suffix of the chosen type and coerces the value', () => {
		expect(
			toCustomAttributes(
				[
					{ key: 'loyaltyTier', type: 'string', value: 'gold' },
					{ key: 'score', type: 'number', value: '8.5' },
					{ key: 'lastPurchase', type: 'date', value: '2024-01-15' },
					{ key: 'premium', type: 'boolean', value: 'true' },
					{ key: 'profile', type: 'url', value: 'https://example.com/p/1' },
					{ key: 'bio', type: 'text', value: 'line one\nline two' },
				],
				fail,
			).custom,
		).toEqual({
			loyaltyTierStr: 'gold',
			scoreNum: 8.5,
			lastPurchaseAt: '2024-01-15T00:00:00.000Z',
			premiumBool: true,
			profileUrl: 'https://example.com/p/1',
			bioTxt: 'line one\nline two',
		});
	});

	it.each([
		['loyalty_tier', 'loyaltyTierStr'],
		['Loyalty Tier', 'loyaltyTierStr'],
		['loyalty-tier', 'loyaltyTierStr'],
		['loyalty.tier', 'loyaltyTierStr'],
		['  loyalty  tier ', 'loyaltyTierStr'],
		['loyaltyTier', 'loyaltyTierStr'],
		['LoyaltyTier', 'loyaltyTierStr'],
		['loyalty_tier_str', 'loyaltyTierStr'],
		['last_seen_at', 'lastSeenAt'],
		['URL path', 'urlPathStr'],
		['customer_id', 'customerIdStr'],
		['orderId', 'orderIdStr'],
		['preferred_contact_method', 'preferredContactMethodStr'],
	])('names %j as %j (camelCase + suffix)', (key, name) => {
		expect(attributeName(key.trim(), undefined).name).toBe(name);
	});

	it('keeps a suffix already present and infers the type from it in auto mode', () => {
		expect(
			toCustomAttributes(
				[
					{ key: 'ordersNum', type: 'auto', value: '3' },
					{ key: 'renewalAt', value: '2025-02-01T10:00:00' },
					{ key: 'communication_preference', type: 'auto', value: 'email_only' },
					{ key: 'homepageUrl', type: 'url', value: 'http://a.example' },
				],
				fail,
			),
		).toEqual({
			custom: {
				ordersNum: 3,
				renewalAt: '2025-02-01T10:00:00.000Z',
				communicationPreferenceStr: 'email_only',
				homepageUrl: 'http://a.example',
			},
			names: {
				ordersNum: 'ordersNum',
				renewalAt: 'renewalAt',
				communication_preference: 'communicationPreferenceStr',
				homepageUrl: 'homepageUrl',
			},
		});
	});

	it('appends the chosen type when the key ends in another suffix', () => {
		expect(attributeName('scoreNum', 'string')).toEqual({ name: 'scoreNumStr', type: 'string' });
	});

	it('clears non-text attributes given an empty value', () => {
		expect(toCustomAttributes([{ key: 'scoreNum', value: '' }], fail).custom).toEqual({ scoreNum: null });
	});

	it.each([
		[{ key: 'scoreNum', value: 'abc' }, /scoreNum \(attribute "scoreNum", Number\): "abc" is not a number/],
		[{ key: 'okBool', value: 'maybe' }, /okBool \(attribute "okBool", Boolean\)/],
		[{ key: 'whenAt', value: '15/01/2024' }, /whenAt \(attribute "whenAt", Date\)/],
		[{ key: 'siteUrl', value: 'javascript:alert(1)' }, /siteUrl \(attribute "siteUrl", URL\)/],
		[{ key: 'noteStr', value: 'x'.repeat(1025) }, /limit is 1024/],
		[{ key: '1bad', value: 'x' }, /must start with a letter/],
		[{ key: 'a/b', value: 'x' }, /not a valid attribute name/],
		[{ key: 'café', value: 'x' }, /not a valid attribute name/],
		[{ key: '__', value: 'x' }, /must start with a letter/],
		[{ key: '', value: 'x' }, /has no key/],
		[{ key: 'x', type: 'color', value: 'x' }, /unknown type "color"/],
	])('rejects %j naming the key', (entry, message) => {
		expect(() => toCustomAttributes([entry], fail)).toThrow(message);
	});

	it('refuses more than 100 attributes in one record', () => {
		const entries = Array.from({ length: 101 }, (_, index) => ({ key: `field${index}`, value: 'x' }));
		expect(() => toCustomAttributes(entries, fail)).toThrow(/101 attributes; Kustomer allows at most 100/);
	});
});

describe('custom attributes: matched to the account', () => {
	it.each([
		['loyalty_tier', 'loyaltyTierStr', 'string'],
		['Loyalty Tier', 'loyaltyTierStr', 'string'],
		['loyalty-tier', 'loyaltyTierStr', 'string'],
		['LOYALTY_TIER', 'loyaltyTierStr', 'string'],
		['lifetime_value', 'lifetimeValueNum', 'number'],
		['VIP', 'vipBool', 'boolean'],
		['renewal', 'renewalAt', 'date'],
		['notes', 'notesTxt', 'text'],
		['legacy_code', 'legacy_codeStr', 'string'],
		['legacy_codeStr', 'legacy_codeStr', 'string'],
		['order_id', 'orderId', 'id'],
		['order', 'orderId', 'id'],
	])('%j lands on the account\'s %j', (key, name, type) => {
		expect(attributeName(key, undefined, ACCOUNT)).toEqual({ name, type });
	});

	it('takes the account attribute\'s type when the row says Auto, and converts the value to it', () => {
		expect(toCustomAttributes([{ key: 'lifetime_value', type: 'auto', value: '1200.5' }], fail, ACCOUNT)).toEqual({
			custom: { lifetimeValueNum: 1200.5 },
			names: { lifetime_value: 'lifetimeValueNum' },
		});
	});

	it('accepts the same type given explicitly or by suffix', () => {
		expect(attributeName('loyalty_tier', 'string', ACCOUNT).name).toBe('loyaltyTierStr');
		expect(attributeName('lifetimeValueNum', 'number', ACCOUNT).name).toBe('lifetimeValueNum');
	});

	it('refuses a type that is not the account attribute\'s, naming the key, the attribute and its type', () => {
		expect(() => toCustomAttributes([{ key: 'loyalty_tier', type: 'number', value: '3' }], fail, ACCOUNT)).toThrow(
			'loyalty_tier has type Number, but the account\'s attribute "loyaltyTierStr" (String, suffix Str) has another type: choose its type or another name',
		);
		expect(() => attributeName('loyaltyTierTxt', undefined, ACCOUNT)).toThrow(/type Text, but the account's attribute "loyaltyTierStr" \(String, suffix Str\)/);
		expect(() => attributeName('vipBool', 'string', ACCOUNT)).toThrow(/is the account's attribute "vipBool" \(Boolean, suffix Bool\), not String/);
	});

	it('refuses a key that matches several attributes unless the type picks one', () => {
		const account: AccountAttribute[] = [
			{ name: 'tierStr', type: 'string' },
			{ name: 'tierNum', type: 'number' },
		];
		expect(() => attributeName('tier', undefined, account)).toThrow(/matches several of the account's attributes: "tierStr" \(String, suffix Str\), "tierNum" \(Number, suffix Num\)/);
		expect(attributeName('tier', 'number', account).name).toBe('tierNum');
		expect(attributeName('Tier Str', undefined, account).name).toBe('tierStr');
	});

	it('refuses two keys that land on one attribute, naming both, instead of overwriting', () => {
		expect(() =>
			toCustomAttributes(
				[
					{ key: 'loyalty_tier', value: 'gold' },
					{ key: 'Loyalty Tier', value: 'silver' },
				],
				fail,
				ACCOUNT,
			),
		).toThrow('Loyalty Tier and "loyalty_tier" both land on attribute "loyaltyTierStr": give its value once');
		expect(() =>
			toCustomAttributes(
				[
					{ key: 'tier', value: 'a' },
					{ key: 'tierStr', value: 'b' },
				],
				fail,
			),
		).toThrow('tierStr and "tier" both land on attribute "tierStr"');
		expect(() => toCustomAttributes([{ key: 'x', value: 'a' }, { key: 'x', value: 'b' }], fail)).toThrow('x is given twice');
	});

	it('reads the attributes of a metadata answer, without deleted ones, typed by suffix or definition', () => {
		const body = {
			data: {
				type: 'metadata',
				id: 'customer',
				attributes: {
					properties: {
						loyaltyTierStr: { type: 'string', displayName: 'Loyalty Tier' },
						oldScoreNum: { type: 'number', deletedAt: '2024-01-01T00:00:00Z' },
						legacyFlag: { type: 'boolean' },
						parentId: { type: 'string', target: 'customer' },
					},
				},
			},
		};
		expect(accountAttributesFrom(body)).toEqual([
			{ name: 'loyaltyTierStr', type: 'string', displayName: 'Loyalty Tier' },
			{ name: 'legacyFlag', type: 'boolean' },
			{ name: 'parentId', type: 'id' },
		]);
		expect(accountAttributesFrom(undefined)).toEqual([]);
	});
});

describe('custom attributes: Klass attribute definitions', () => {
	const failRow = (row: number, field: string, problem: string) => new Error(`[${row}] ${field} ${problem}`);

	it('names definitions by the same rule and types them', () => {
		expect(
			attributeDefinitions(
				[
					{ name: 'Order Total', type: 'number', displayName: 'Order Total' },
					{ name: 'order_channel', type: 'string' },
					{ name: 'placedAt', type: 'date' },
				],
				failRow,
			),
		).toEqual({
			orderTotalNum: { type: 'number', displayName: 'Order Total' },
			orderChannelStr: { type: 'string' },
			placedAt: { type: 'date' },
		});
	});

	it('refuses two rows that land on one name, an empty name and the Id type', () => {
		expect(() => attributeDefinitions([{ name: 'order_total', type: 'number' }, { name: 'Order Total', type: 'number' }], failRow)).toThrow(
			'[1] Name "Order Total" and "order_total" both land on attribute "orderTotalNum"',
		);
		expect(() => attributeDefinitions([{ name: ' ', type: 'string' }], failRow)).toThrow('[0] Name is empty');
		expect(() => attributeDefinitions([{ name: 'parent', type: 'id' }], failRow)).toThrow(/\[0\] Type is Id/);
		expect(() => attributeDefinitions([{ name: '9lives', type: 'string' }], failRow)).toThrow(/\[0\] Name "9lives" is not a valid attribute name/);
	});
});

describe('typeFromSuffix', () => {
	it('reads the type from a camelCase suffix only', () => {
		expect(typeFromSuffix('isVipBool')).toBe('boolean');
		expect(typeFromSuffix('loyalty_tierStr')).toBe('string');
		expect(typeFromSuffix('orderId')).toBe('id');
		expect(typeFromSuffix('At')).toBeUndefined();
		expect(typeFromSuffix('plain')).toBeUndefined();
		expect(typeFromSuffix('loyalty_tier_str')).toBeUndefined();
		expect(typeFromSuffix('chatURL')).toBeUndefined();
	});
});
