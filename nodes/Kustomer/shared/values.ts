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
const NO_OFFSET = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Any date n8n can hand us (ISO string, date picker value without offset, epoch ms, Date, Luxon) → ISO 8601 UTC. */
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
		if (!Number.isFinite(value)) throw new Error('is not a valid date');
		return new Date(value).toISOString();
	}
	if (typeof value !== 'string') throw new Error(`${shown(value)} is not a date (use ISO 8601, e.g. 2024-01-15T10:00:00Z)`);
	let text = value.trim();
	if (DATE_ONLY.test(text)) text = `${text}T00:00:00Z`;
	else if (NO_OFFSET.test(text)) text = `${text}Z`; // n8n's date picker gives no offset: read it as UTC
	const time = Date.parse(text);
	if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time)) {
		throw new Error(`${shown(value)} is not a valid date (use ISO 8601, e.g. 2024-01-15 or 2024-01-15T10:00:00Z)`);
	}
	return new Date(time).toISOString();
}

export function toFiniteNumber(value: unknown): number {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '') {
		const number = Number(value.trim());
		if (Number.isFinite(number)) return number;
	}
	throw new Error(`${shown(value)} is not a number`);
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
