import { toCustomAttributes, typeFromSuffix } from '../../nodes/Kustomer/shared/customAttributes';

const fail = (key: string, problem: string) => new Error(`${key} ${problem}`);

describe('custom attributes', () => {
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
			),
		).toEqual({
			loyaltyTierStr: 'gold',
			scoreNum: 8.5,
			lastPurchaseAt: '2024-01-15T00:00:00.000Z',
			premiumBool: true,
			profileUrl: 'https://example.com/p/1',
			bioTxt: 'line one\nline two',
		});
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
			ordersNum: 3,
			renewalAt: '2025-02-01T10:00:00.000Z',
			communication_preferenceStr: 'email_only',
			homepageUrl: 'http://a.example',
		});
	});

	it('clears non-text attributes given an empty value', () => {
		expect(toCustomAttributes([{ key: 'scoreNum', value: '' }], fail)).toEqual({ scoreNum: null });
	});

	it.each([
		[{ key: 'scoreNum', value: 'abc' }, /scoreNum \(Number\): "abc" is not a number/],
		[{ key: 'okBool', value: 'maybe' }, /okBool \(Boolean\)/],
		[{ key: 'whenAt', value: '15/01/2024' }, /whenAt \(Date\)/],
		[{ key: 'siteUrl', value: 'javascript:alert(1)' }, /siteUrl \(URL\)/],
		[{ key: 'noteStr', value: 'x'.repeat(1025) }, /limit is 1024/],
		[{ key: '1bad', value: 'x' }, /not a valid attribute name/],
		[{ key: 'a b', value: 'x' }, /not a valid attribute name/],
		[{ key: 'NaN', value: 'x' }, /starting with a lowercase letter/],
		[{ key: '', value: 'x' }, /has no key/],
		[{ key: 'x', type: 'color', value: 'x' }, /unknown type/],
	])('rejects %j naming the key', (entry, message) => {
		expect(() => toCustomAttributes([entry], fail)).toThrow(message);
	});

	it('rejects a key given twice once suffixed', () => {
		expect(() =>
			toCustomAttributes(
				[
					{ key: 'tier', value: 'a' },
					{ key: 'tierStr', value: 'b' },
				],
				fail,
			),
		).toThrow(/tierStr is given twice/);
	});

	it('reads the type from a suffix', () => {
		expect(typeFromSuffix('isVipBool')).toBe('boolean');
		expect(typeFromSuffix('At')).toBeUndefined();
		expect(typeFromSuffix('plain')).toBeUndefined();
	});
});
