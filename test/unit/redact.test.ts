import { REDACTED, redactSecrets, secretForms } from '../../nodes/Kustomer/shared/redact';

/** A key shaped like Kustomer's (a JWT): long, base64url parts joined by dots. */
const KEY =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJvcmciOiI1ZjFlMGMwYTlkM2IyYTAwMTdjMGZmZWUiLCJ1c2VyIjoiNWYxZTBjIn0.q1w2e3r4t5y6u7i8o9p0AsDfGhJkLzXcVbNm';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

/** What every HS256 token starts with (its header, the dot, the payload's `{"`): no trace of this key. */
const SHARED = KEY.indexOf('.') + 4;

/** True when no run of 8 characters of the key, in any form it was written in, is left (past what every token shares). */
function clean(value: unknown, key = KEY): boolean {
	const text = JSON.stringify(value);
	const shared = key === KEY ? SHARED : 0;
	for (const [form, skip] of [[key, shared], [base64(key), Math.floor((shared * 4) / 3)], [encodeURIComponent(key), shared], [hex(key), 2 * shared]] as const) {
		for (let index = Math.max(0, skip - 7); index + 8 <= form.length; index += 4) if (text.includes(form.slice(index, index + 8))) return false;
	}
	return true;
}

describe('redactSecrets', () => {
	it('removes the key whole, wherever it is in a string, and keeps everything else', () => {
		const body = { data: { id: 'c1', attributes: { note: `Authorization: Bearer ${KEY}; next`, name: 'Ada' } } };
		expect(redactSecrets(body, [KEY])).toEqual({ data: { id: 'c1', attributes: { note: `Authorization: Bearer ${REDACTED}; next`, name: 'Ada' } } });
		// The input is not changed, and a value without the key is returned as it is.
		expect(body.data.attributes.note).toContain(KEY);
		const untouched = { data: [{ id: 'x', attributes: { n: 1, ok: true, list: ['a', null] } }] };
		expect(redactSecrets(untouched, [KEY])).toBe(untouched);
	});

	it.each([
		['base64, at each of the three alignments', (prefix: string) => base64(`${prefix}Authorization: Bearer ${KEY}\nHost: x`)],
		['base64url', (prefix: string) => base64url(`${prefix}Bearer ${KEY}`)],
		['URL-encoded', (prefix: string) => new URLSearchParams({ [`h${prefix}`]: `Bearer ${KEY}` }).toString()],
		['JSON-escaped inside text', (prefix: string) => `${prefix}{"authorization":${JSON.stringify(`Bearer ${KEY}`)}}`],
		['hex', (prefix: string) => hex(`${prefix}Bearer ${KEY}`)],
		['cut off (a truncated excerpt)', (prefix: string) => `${prefix}Bearer ${KEY.slice(0, 60)}…`],
		['its tail only', (prefix: string) => `${prefix}…${KEY.slice(-30)}`],
	])('removes the key %s', (_name, encode) => {
		for (const prefix of ['', 'a', 'ab', 'abc']) {
			const redacted = redactSecrets({ trace: encode(prefix) }, [KEY]);
			expect(clean(redacted)).toBe(true);
			expect(redacted.trace).toContain(REDACTED);
		}
	});

	it('removes a key split over neighbouring fields, array entries and object keys', () => {
		const parts: string[] = [];
		for (let index = 0; index < KEY.length; index += 3) parts.push(KEY.slice(index, index + 3));
		const body = { data: { attributes: { parts, first: KEY.slice(0, 50), second: KEY.slice(50) }, [`Bearer ${KEY.slice(0, 20)}`]: KEY.slice(20) } };
		const redacted = redactSecrets(body, [KEY]);
		expect(clean(redacted)).toBe(true);
		// A reader joining the parts gets nothing of the key either.
		expect(clean((redacted.data.attributes.parts as string[]).join(''))).toBe(true);
	});

	it('removes a key\'s parts whatever separates them: spaces or commas in one string, a repeated field name', () => {
		const parts: string[] = [];
		for (let index = 0; index < KEY.length; index += 4) parts.push(KEY.slice(index, index + 4));
		const body = { spaced: parts.join(' '), commas: parts.join(', '), fields: parts.map((part) => ({ part })), single: [...KEY].join(' ') };
		const redacted = redactSecrets(body, [KEY]);
		const joined = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '');
		expect(clean(joined(redacted.spaced))).toBe(true);
		expect(clean(joined(redacted.commas))).toBe(true);
		expect(clean(joined(redacted.fields.map(({ part }) => part).join('')))).toBe(true);
		expect(clean(joined(redacted.single))).toBe(true);
		// Only the key's own characters go: the separators and the field names stay.
		expect(redacted.commas).toMatch(/(, \[redacted\])+$/);
		// What is left is the header every such token starts with, nothing of the key's own.
		expect(KEY.slice(0, SHARED).startsWith(redacted.commas.replace(/\[redacted\]/g, '').replace(/[, ]/g, ''))).toBe(true);
		expect(redacted.fields.every((entry) => Object.keys(entry).join() === 'part')).toBe(true);
	});

	it('leaves ordinary records alone, however their values read when joined', () => {
		const ids = Array.from({ length: 2000 }, (_, index) => ({ id: (index * 2654435761).toString(16).padStart(24, '0'), name: `Customer ${index}`, note: base64(`note ${index}`) }));
		const body = { data: ids, meta: { next: '/v1/customers?page=2' } };
		expect(redactSecrets(body, [KEY])).toBe(body);
	});

	it('leaves numbers and IDs alone that match a short run of the key\'s hex form by chance, together or spread over values', () => {
		// The key's hex form holds runs of 8 digits (this one at offset 6) and of 8 hex digits, as any phone, order number or record ID may.
		const digits = hex(KEY).slice(6, 14);
		const hexRun = hex(KEY).slice(40, 48);
		expect(digits).toMatch(/^\d{8}$/);
		const body = {
			order: `Order ${digits} shipped`,
			phones: [{ phone: `+1 ${digits.slice(0, 4)}` }, { phone: `${digits.slice(4)} 3456` }],
			split: { a: `Order ${digits.slice(0, 4)}`, b: `${digits.slice(4)} items` },
			id: `5f1e${hexRun}000000000000`,
		};
		expect(redactSecrets(body, [KEY])).toBe(body);
		// A run of the hex form long enough not to come up by chance still goes, spread over values too.
		expect(redactSecrets({ trace: `x${hex(KEY).slice(100, 116)}y` }, [KEY])).toEqual({ trace: `x${REDACTED}y` });
		const pairs = hex(KEY).match(/../g)!;
		const dump = redactSecrets({ dump: pairs.join(':'), xxd: hex(KEY).match(/.{1,4}/g)!.join(' ') }, [KEY]);
		expect(clean(dump.dump.replace(/:/g, ''))).toBe(true);
		expect(clean(dump.xxd.replace(/ /g, ''))).toBe(true);
	});

	it('leaves other tokens in the data alone: what every JWT of the kind starts with is no trace of the key', () => {
		const signature = 'q9W8e7R6t5Y4u3I2o1P0aSdFgHjKlZxCvBnM';
		const hs256 = `${KEY.slice(0, KEY.indexOf('.'))}.${base64url('{"id":"reset-4711","exp":1767225600}')}.${signature}`;
		const rs256 = `${base64url('{"alg":"RS256","typ":"JWT"}')}.${base64url('{"id":"u1"}')}.${signature}`;
		const body = { link: `https://shop.example.com/reset?token=${hs256}`, idToken: rs256, both: [hs256, rs256] };
		expect(redactSecrets(body, [KEY])).toBe(body);
		// The key itself, whole, goes with its header.
		expect(redactSecrets({ echo: `Bearer ${KEY}` }, [KEY])).toEqual({ echo: `Bearer ${REDACTED}` });
	});

	it('redacts a short secret only whole (in its encodings), and several secrets at once', () => {
		const redacted = redactSecrets({ a: 'sandbox-key', b: base64('x: Bearer sandbox-key'), c: 'sandbox-other', d: 'webhook-secret-1' }, ['sandbox-key', 'webhook-secret-1']);
		expect(redacted.a).toBe(REDACTED);
		expect(Buffer.from(redacted.b.replace(REDACTED, ''), 'base64').toString()).not.toContain('sandbox-key');
		expect(redacted.c).toBe('sandbox-other');
		expect(redacted.d).toBe(REDACTED);
	});

	it('leaves values alone when there is no secret, and handles repeated and circular references', () => {
		expect(redactSecrets('anything', [undefined, ''])).toBe('anything');
		const shared = { token: KEY };
		const looped: Record<string, unknown> = { a: shared, b: shared };
		looped.self = looped;
		const redacted = redactSecrets(looped, [KEY]);
		expect((redacted.a as { token: string }).token).toBe(REDACTED);
		expect(redacted.self).toBe(redacted);
	});

	it('lists the forms a key can come back in', () => {
		const forms = secretForms('a b/c');
		expect(forms).toEqual(expect.arrayContaining(['a b/c', 'a%20b%2Fc', 'a%20b%2fc', '6120622f63', '6120622F63']));
	});
});
