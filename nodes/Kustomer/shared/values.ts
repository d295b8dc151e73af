/**
 * Value coercion shared by every resource: dates, numbers, booleans, URLs, emails, phones, tags.
 * Each function throws a plain Error whose message says what is wrong with the value; callers add
 * the field name and item index (see parameters.ts).
 */

/** A user's value as an error message shows it: quoted and cut short, or what kind of thing it is. */
export function shown(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	const text = String(value);
	return `"${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`;
}

/** Strings and numbers as trimmed text; anything else (objects, lists, null) as empty. */
export function plainText(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value).trim() : '';
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/**
 * ISO 8601 as people, n8n and databases write it: a day; optionally a time after T or a space;
 * optionally, after a time, Z, UTC or GMT, or an offset (+01:00, +0100, +01 as PostgreSQL writes
 * it). Nothing else may follow: JavaScript's parser reads trailing words as it can ("2024-01-01 mar"
 * is March 1, "2024-01-01junk" June 1) and a time without offset after a space in the server's own zone.
 */
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?) ?([Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/;
/** +01 → +01:00, +0130 → +01:30, +01:30 as it is. */
const offsetWithColon = (offset: string) => `${offset.slice(0, 3)}:${offset.length === 3 ? '00' : offset.slice(-2)}`;
/** The calendar and clock fields a date text starts with: year, month, day, then hour, minute, second if given. */
const DATE_FIELDS = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2}))?)?/;
/** Epoch milliseconds below this (March 1973) are taken for seconds given by mistake (now is about 1.8e9 s). */
const EPOCH_SECONDS_BELOW = 1e11;
/** The largest time a JavaScript date holds, in ms either side of 1970. */
const MAX_TIME_MS = 8.64e15;
const DATE_HINT = 'use ISO 8601, e.g. 2024-01-15 or 2024-01-15T10:00:00Z';

function daysInMonth(year: number, month: number): number {
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/**
 * Refuses a date whose fields do not exist (2024-02-30, 2023-02-29, month 13, 24:30): JavaScript's
 * parser rolls them over (2024-02-30 becomes March 1), which would send another day than the one given.
 */
function checkCalendar(value: unknown, text: string): void {
	const fields = DATE_FIELDS.exec(text);
	if (!fields) return;
	const [year, month, day] = [Number(fields[1]), Number(fields[2]), Number(fields[3])];
	const problem =
		month < 1 || month > 12
			? `has month ${fields[2]}`
			: day < 1 || day > daysInMonth(year, month)
				? `has day ${fields[3]}, and ${fields[1]}-${fields[2]} has ${daysInMonth(year, month)} days`
				: fields[4] !== undefined && (Number(fields[4]) > 23 || Number(fields[5]) > 59 || Number(fields[6] ?? 0) > 59)
					? `has time ${fields[4]}:${fields[5]}${fields[6] === undefined ? '' : `:${fields[6]}`}, which no day has`
					: undefined;
	if (problem) throw new Error(`${shown(value)} is not a date: it ${problem} (${DATE_HINT})`);
}

/**
 * The one date parser: any date n8n can hand us (ISO string, date picker value without offset, epoch
 * ms, Date, Luxon) → ISO 8601 UTC. Dates that do not exist are refused, never rolled over.
 */
export function toIsoDate(value: unknown): string {
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw new Error('is not a valid date');
		return value.toISOString();
	}
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		const iso = (value as { toISO: () => string | null }).toISO();
		if (!iso) throw new Error('is not a valid date');
		return toIsoDate(iso);
	}
	if (typeof value === 'number') {
		if (!Number.isFinite(value) || Math.abs(value) > MAX_TIME_MS) throw new Error(`${shown(value)} is not a valid date (epoch milliseconds, or ${DATE_HINT})`);
		// Epoch seconds (n8n's $now.toSeconds(), Unix timestamps) read as milliseconds land in January 1970.
		if (value !== 0 && Math.abs(value) < EPOCH_SECONDS_BELOW) {
			throw new Error(`${shown(value)} looks like epoch seconds, which would be read as a day in 1970: give epoch milliseconds (multiply by 1000) or ${DATE_HINT}`);
		}
		return new Date(value).toISOString();
	}
	if (typeof value !== 'string') throw new Error(`${shown(value)} is not a date (${DATE_HINT})`);
	const text = value.trim();
	checkCalendar(value, text);
	const parts = ISO_DATE.exec(text);
	if (!parts) throw new Error(`${shown(value)} is not a valid date (${DATE_HINT})`);
	const [, day, clock = '00:00', offset = 'Z'] = parts;
	// A time without offset (n8n's date picker gives none) is read as UTC, whatever the server's zone.
	const zone = /^[+-]/.test(offset) ? offsetWithColon(offset) : 'Z';
	const time = Date.parse(`${day}T${clock}${zone}`);
	if (Number.isNaN(time)) throw new Error(`${shown(value)} is not a valid date (${DATE_HINT})`);
	return new Date(time).toISOString();
}

/**
 * A date as a search condition compares it: checked by the one date parser, a bare day kept as
 * YYYY-MM-DD (Kustomer reads it in the search's Time Zone,
 * https://developer.kustomer.com/docs/guides/search-recipes), anything else sent as ISO 8601 UTC.
 */
export function toSearchDate(value: unknown): string {
	const iso = toIsoDate(value);
	return typeof value === 'string' && DATE_ONLY.test(value.trim()) ? value.trim() : iso;
}

/** Plain decimal notation: digits, an optional point and exponent. No hex, octal, binary, Infinity. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const NON_DECIMAL = /^[+-]?0[xXoObB]/;

/**
 * The one number parser. Only decimal text is read: JavaScript's Number() also reads `0x1F` as 31,
 * `0b11` as 3 and `Infinity`, which nobody means in a form field. Beyond ±2^53 (9,007,199,254,740,991)
 * a number cannot be kept exactly (9007199254740993 becomes …992), so it is refused rather than
 * silently changed: such IDs belong in a text field.
 */
export function toFiniteNumber(value: unknown): number {
	let number: number;
	if (typeof value === 'number') number = value;
	else if (typeof value === 'string' && DECIMAL.test(value.trim())) number = Number(value.trim());
	else if (typeof value === 'string' && NON_DECIMAL.test(value.trim())) {
		throw new Error(`${shown(value)} is not a decimal number: hexadecimal, octal and binary are not read (write it in decimal digits, e.g. 31)`);
	} else throw new Error(`${shown(value)} is not a number`);
	if (!Number.isFinite(number)) throw new Error(`${shown(value)} is not a number`);
	// 1e-400 reads as 0: a value that small cannot be held, and is not silently sent as zero.
	if (number === 0 && typeof value === 'string' && /[1-9]/.test(value.replace(/[eE].*$/, ''))) {
		throw new Error(`${shown(value)} is too close to zero to be held as a number (Kustomer stores numbers as 64-bit floats)`);
	}
	if (Math.abs(number) > Number.MAX_SAFE_INTEGER) {
		throw new Error(
			`${shown(value)} is beyond ±9007199254740991, where numbers lose precision (Kustomer stores numbers as 64-bit floats): store it as text instead`,
		);
	}
	return number;
}

/** `record[key]` only when the record itself holds `key`: never an inherited name such as `constructor`. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
	return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

const TRUE_WORDS = new Set(['true', 'yes', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', '0', 'off']);

export function toBoolean(value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
	if (typeof value === 'string') {
		const word = value.trim().toLowerCase();
		if (TRUE_WORDS.has(word)) return true;
		if (FALSE_WORDS.has(word)) return false;
	}
	throw new Error(`${shown(value)} is not a boolean (use true or false)`);
}

export function toHttpUrl(value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
		throw new Error(`${shown(value)} is not a valid http(s) URL`);
	}
	return text;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function toEmail(value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!EMAIL.test(text) || text.length > 256) throw new Error(`${shown(value)} is not a valid email address`);
	return text;
}

/** Kustomer stores phones in E.164; spaces, dashes, dots and brackets people type are dropped. */
export function toPhone(value: unknown): string {
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	const compact = text.replace(/[\s\-.()]/g, '');
	if (!/^\+?\d{6,15}$/.test(compact)) {
		throw new Error(`${shown(value)} is not a phone number (use E.164, e.g. +18005551212)`);
	}
	return compact;
}

export function toText(value: unknown, maxLength: number): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') throw new Error('must be text, not an object or list');
	const text = String(value);
	if (text.length > maxLength) throw new Error(`is ${text.length} characters long; the limit is ${maxLength}`);
	return text;
}

const TAG = /^[0-9a-zA-ZÀ-ÿ_/<>\-.][0-9a-zA-ZÀ-ÿ _/<>\-.]{0,63}$/;

/** Tags as Kustomer accepts them: at most 20, 1–64 characters of letters, digits, space and _/<>-. */
export function toTags(value: unknown): string[] {
	const list = Array.isArray(value)
		? value.map((tag) => String(tag))
		: typeof value === 'string'
			? value.split(',')
			: [];
	const tags = [...new Set(list.map((tag) => tag.trim()).filter(Boolean))];
	for (const tag of tags) {
		if (!TAG.test(tag)) {
			throw new Error(`tag ${shown(tag)} is not allowed (1–64 letters, digits, spaces or _ / < > - .; it cannot start with a space)`);
		}
	}
	if (tags.length > 20) throw new Error(`has ${tags.length} tags; Kustomer allows at most 20`);
	return tags;
}
