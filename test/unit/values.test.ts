import { attributeTypeNamed, chosenType, SEED_TYPE_NAMES, toCustomAttributes } from '../../nodes/Kustomer/shared/customAttributes';
import { describeSubject } from '../../nodes/Kustomer/shared/errors';
import { ownValue, toFiniteNumber, toIsoDate, toSearchDate } from '../../nodes/Kustomer/shared/values';

/** The one parser per kind (dates, numbers, type names) that every field goes through. */

describe('toIsoDate: dates that do not exist are refused, never rolled over', () => {
	it.each([
		['2024-02-30', /"2024-02-30" is not a date: it has day 30, and 2024-02 has 29 days/],
		['2023-02-29', /has day 29, and 2023-02 has 28 days/],
		['1900-02-29', /has day 29, and 1900-02 has 28 days/],
		['2024-04-31T10:00:00Z', /has day 31, and 2024-04 has 30 days/],
		['2024-13-01', /has month 13/],
		['2024-00-10', /has month 00/],
		['2024-01-00', /has day 00/],
		['2024-01-15T24:30:00Z', /has time 24:30:00, which no day has/],
		['2024-01-15T10:60', /has time 10:60, which no day has/],
		['2024-01-15T10:00:61Z', /has time 10:00:61/],
		// JavaScript's parser reads trailing words as it can: "mar" as March, "junk" as June.
		['2024-01-01 mar', /"2024-01-01 mar" is not a valid date/],
		['2024-01-01junk', /is not a valid date/],
		['2024-01-01 UTC', /is not a valid date/],
		['2024-01-15T10:00:00 PM', /is not a valid date/],
		['2024-01-15Z', /is not a valid date/],
		['2024-01-15t24:00:00Z', /has time 24:00:00, which no day has/],
		['2024-01-15T10:00:00+5', /is not a valid date/],
		['2024-01-15T10:00:00 EST', /is not a valid date/],
	])('refuses %s', (text, message) => {
		expect(() => toIsoDate(text)).toThrow(message);
	});

	it.each([
		['2024-02-29', '2024-02-29T00:00:00.000Z'],
		['2024-12-31T23:59:59Z', '2024-12-31T23:59:59.000Z'],
		['2024-01-15T10:00', '2024-01-15T10:00:00.000Z'],
		['2024-01-15T10:00:00+02:00', '2024-01-15T08:00:00.000Z'],
		['2000-02-29', '2000-02-29T00:00:00.000Z'],
		['0400-02-29', '0400-02-29T00:00:00.000Z'],
		// A space for T, a lower-case t or z, an offset without colon; no offset is UTC whatever the server's zone.
		['2024-01-15 10:00', '2024-01-15T10:00:00.000Z'],
		['2024-01-15t10:00:00z', '2024-01-15T10:00:00.000Z'],
		['2024-01-15T10:00:00.123+0100', '2024-01-15T09:00:00.123Z'],
		// PostgreSQL's text form (+00, an hours-only offset ISO 8601 allows), Rails' " UTC", Luxon's toISO().
		['2024-01-01 10:00:00+00', '2024-01-01T10:00:00.000Z'],
		['2024-01-01T10:00:00+05', '2024-01-01T05:00:00.000Z'],
		['2024-01-01 10:00:00 UTC', '2024-01-01T10:00:00.000Z'],
		['2024-01-01T10:00:00GMT', '2024-01-01T10:00:00.000Z'],
		['2024-01-01T10:00:00.000-05:30', '2024-01-01T15:30:00.000Z'],
	])('keeps %s as it was given', (text, iso) => {
		expect(toIsoDate(text)).toBe(iso);
	});

	it('refuses epoch milliseconds beyond what a date holds', () => {
		expect(toIsoDate(0)).toBe('1970-01-01T00:00:00.000Z');
		expect(toIsoDate(1704103200000)).toBe('2024-01-01T10:00:00.000Z');
		// Epoch seconds would be a day in January 1970: refused, saying what to do.
		expect(() => toIsoDate(1704103200)).toThrow(/1704103200 looks like epoch seconds.*multiply by 1000/);
		expect(() => toIsoDate(-86400)).toThrow(/looks like epoch seconds/);
		expect(() => toIsoDate(1e20)).toThrow(/is not a valid date/);
	});

	it('keeps a search\'s bare day for its time zone, and checks it all the same', () => {
		expect(toSearchDate('2024-02-29')).toBe('2024-02-29');
		expect(toSearchDate('2024-02-29T10:00:00+01:00')).toBe('2024-02-29T09:00:00.000Z');
		expect(() => toSearchDate('2024-02-30')).toThrow(/has day 30/);
	});
});

describe('toFiniteNumber: decimal only, exact or refused', () => {
	it.each([['0x1F'], ['0X1f'], ['-0x10'], ['0b11'], ['0o17']])('refuses %s instead of reading it as another base', (text) => {
		expect(() => toFiniteNumber(text)).toThrow(/is not a decimal number: hexadecimal, octal and binary are not read/);
	});

	it.each([['Infinity'], ['-Infinity'], ['1_000'], ['1,5'], ['12abc'], [''], ['  ']])('refuses %j', (text) => {
		expect(() => toFiniteNumber(text)).toThrow(/is not a number/);
	});

	it.each([
		['9007199254740993'],
		['-9007199254740993'],
		['1e21'],
		[2 ** 53 + 2],
	])('refuses %s, beyond the range where numbers are exact', (value) => {
		expect(() => toFiniteNumber(value)).toThrow(/beyond ±9007199254740991, where numbers lose precision/);
	});

	it.each([['1e-400'], ['-0.1e-330']])('refuses %s, which would be sent as 0', (text) => {
		expect(() => toFiniteNumber(text)).toThrow(/too close to zero to be held as a number/);
	});

	it.each([
		['0', 0],
		['0.000e5', 0],
		['31', 31],
		[' 8.5 ', 8.5],
		['-0.25', -0.25],
		['.5', 0.5],
		['1e3', 1000],
		['007', 7],
		['9007199254740991', 9007199254740991],
		[-9007199254740991, -9007199254740991],
	])('reads %j as %s', (value, number) => {
		expect(toFiniteNumber(value)).toBe(number);
	});
});

describe('type names: only the ones the node defines', () => {
	const INHERITED = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

	it.each(INHERITED)('refuses %s as an attribute type and as a Field Type', (name) => {
		expect(() => chosenType(name)).toThrow(`has unknown type "${name}": use boolean, date, id, number, string, text, url or auto`);
		expect(() => attributeTypeNamed(name, SEED_TYPE_NAMES)).toThrow(`has unknown type "${name}": use bool, date, num, str, txt`);
	});

	it('refuses a row typed constructor instead of naming the attribute after Object', () => {
		const fail = (key: string, problem: string) => new Error(`${key} ${problem}`);
		expect(() => toCustomAttributes([{ key: 'score', type: 'constructor', value: '1' }], fail)).toThrow('score has unknown type "constructor"');
	});

	it('reads the names it defines, in any case', () => {
		expect(chosenType('Number')).toBe('number');
		expect(chosenType('auto')).toBeUndefined();
		expect(attributeTypeNamed(' NUM ', SEED_TYPE_NAMES)).toBe('number');
	});

	it('names a record whose ID is an inherited name as that record, not as [object Object]', () => {
		expect(describeSubject('/v1/customers/__proto__')).toBe('customer "__proto__"');
		expect(describeSubject('/v1/conversations/constructor/tags')).toBe('conversation "constructor"');
		expect(describeSubject('/v1/toString')).toBe('record');
	});

	it('ownValue reads only a record\'s own keys', () => {
		const paths: Record<string, string> = { email: '/by-email' };
		expect(ownValue(paths, 'email')).toBe('/by-email');
		expect(ownValue(paths, 'constructor')).toBeUndefined();
		expect(ownValue(paths, '__proto__')).toBeUndefined();
	});
});
