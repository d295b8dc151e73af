/**
 * The one module that keeps secrets out of what the node writes. The transport passes every answer
 * (body and headers) through `redactSecrets` before anything reads it, so items, error messages,
 * descriptions and `errorResponse` are built from answers that no longer hold the API key, whatever
 * a server or proxy echoed back (an `Authorization` header in an error page, a 2xx body repeating the
 * request's headers).
 *
 * What is removed, for each secret:
 * - the secret whole, and as URL-encoding, JSON escapes, base64 (standard and URL-safe, at any offset
 *   within the encoded text) and hex would write it;
 * - for secrets of 16 characters or more (every real Kustomer key: they are long JWTs), also any run of
 *   8 or more consecutive characters of one of those forms (16 of the hex form, whose short runs are
 *   digits any phone or order number may hold): a cut-off excerpt or a key split in parts;
 * - across the strings of a body read in order (object keys and values, array entries), so a key
 *   split over neighbouring fields is found as if it were one text;
 * - for long secrets, also in the body's values read in order with every character that cannot be
 *   part of the secret's forms left out, so parts a reader could join are found whatever separates
 *   them: spaces, commas or pipes inside one string, or the same field name repeated between them
 *   (`[{"part":"eyJh"},{"part":"bGci"}]`), when they add up to 16 or more characters of the secret
 *   (hex form aside). Only the secret's own characters are replaced there.
 * The key's characters scattered out of order, changed in case or encoded twice, and fewer than 16 of
 * them spread over values, are not recognisable as the key and are left as they are: ordinary data
 * matching a few characters by chance is never changed. Nor are runs within what every token of the
 * key's kind starts with (a JWT's header: sharedPrefix) when they stand alone: they are no trace of
 * this key, and other tokens a record holds keep them. The key's whole forms go header and all.
 */

export const REDACTED = '[redacted]';

/** Shortest run of a long secret's characters that is removed on its own. */
const FRAGMENT = 8;
/**
 * Shortest run removed where ordinary data could match by chance: a run of the secret's hex form
 * (made of digits and a-f, 8 of them can be any phone or order number) and a run found only once
 * separators are left out (any 8 digits spread over neighbouring values). 16 characters of a key
 * do not come up by chance.
 */
const LONG_RUN = 16;
/** Secrets at least this long are also redacted in parts (shorter ones only whole). */
const FRAGMENT_MIN_SECRET = 16;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
	let text = '';
	for (let index = 0; index < bytes.length; index += 3) {
		const a = bytes[index];
		const b = bytes[index + 1];
		const c = bytes[index + 2];
		text += BASE64[a >> 2] + BASE64[((a & 3) << 4) | ((b ?? 0) >> 4)];
		text += b === undefined ? '=' : BASE64[((b & 15) << 2) | ((c ?? 0) >> 6)];
		text += c === undefined ? '=' : BASE64[c & 63];
	}
	return text;
}

/**
 * The part of base64 that is the same whatever comes before the secret in the encoded text: for
 * each of the three alignments, the characters made only of the secret's own bits.
 */
function base64Cores(bytes: Uint8Array): string[] {
	const cores: string[] = [];
	for (let offset = 0; offset < 3; offset++) {
		const padded = new Uint8Array(offset + bytes.length);
		padded.set(bytes, offset);
		const encoded = base64(padded);
		// Characters touched by the padding in front, or by what follows the secret, are left out.
		const start = offset === 0 ? 0 : offset === 1 ? 2 : 3;
		const end = Math.floor(((offset + bytes.length) * 8) / 6);
		const core = encoded.slice(start, end);
		if (core.length >= 4) cores.push(core);
	}
	return cores;
}

function hex(bytes: Uint8Array): string {
	let text = '';
	for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
	return text;
}

/**
 * How many leading characters of a JWT-shaped secret every token of its kind shares: its header (the
 * same for every HS256 token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9), the dot, and the payload's
 * opening `{"` (eyJ). Runs within them are no trace of this secret, and are found in other tokens a
 * record may hold (a reset link's token), which are not to be changed. 0 for other secrets.
 */
function sharedPrefix(secret: string): number {
	if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(secret)) return 0;
	const dot = secret.indexOf('.');
	return dot + 1 + (secret.startsWith('eyJ', dot + 1) ? 3 : 0);
}

function hexFormsOf(secret: string): string[] {
	const lower = hex(new TextEncoder().encode(secret));
	return [lower, lower.toUpperCase()];
}

/** Every form in which a secret could come back. */
export function secretForms(secret: string): string[] {
	const bytes = new TextEncoder().encode(secret);
	const urlEncoded = encodeURIComponent(secret);
	const forms = [
		secret,
		urlEncoded,
		urlEncoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
		JSON.stringify(secret).slice(1, -1),
		...hexFormsOf(secret),
	];
	for (const core of base64Cores(bytes)) {
		forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return [...new Set(forms.filter((form) => form.length > 0))];
}

/** What to look for: whole forms (short secrets) and the runs that identify a long one. */
export interface SecretPattern {
	/** Forms matched whole. */
	whole: string[];
	/** Every FRAGMENT-long run of the long secrets' forms. */
	fragments: Set<string>;
	/** Those found only in a hex form: removed only as part of a LONG_RUN of it (`hexRuns`). */
	hexOnly: Set<string>;
	/** Every LONG_RUN-long run of the long secrets' hex forms. */
	hexRuns: Set<string>;
	/** Every LONG_RUN-long run of the other forms: what is removed from values read without separators. */
	joinedRuns: Set<string>;
	/** Their rolling hashes as a bit table, so a text is scanned without cutting a string at every position. */
	hashes: Uint8Array;
	/** Every UTF-16 unit the fragments are not made of: the separators a view of the text leaves out. */
	separators: RegExp | undefined;
}

/** Size of the hash table (a quarter of a megabyte): about 1 position in 100 needs a closer look. */
const TABLE_BITS = 18;
const TABLE_MASK = (1 << TABLE_BITS) - 1;

const HASH_BASE = 31;
/** Hashes are kept to 30 bits: small integers, which V8 keeps unboxed (a Set of them stays fast). */
const HASH_MASK = 0x3fffffff;
/** HASH_BASE to the power FRAGMENT - 1, modulo 2^32: what the leaving character weighs. */
const HASH_TOP = Array.from({ length: FRAGMENT - 1 }).reduce<number>((power) => Math.imul(power, HASH_BASE), 1);

function hashOf(text: string, start: number): number {
	let hash = 0;
	for (let index = start; index < start + FRAGMENT; index++) hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(index)) & HASH_MASK;
	return hash;
}

/** The last patterns built: a run sends many requests with the same key. */
const patterns = new Map<string, SecretPattern>();

export function secretPattern(secrets: Array<string | undefined>): SecretPattern {
	const wanted = secrets.filter((secret): secret is string => typeof secret === 'string' && secret !== '');
	const cacheKey = JSON.stringify(wanted);
	const cached = patterns.get(cacheKey);
	if (cached) return cached;
	const pattern: SecretPattern = {
		whole: [],
		fragments: new Set(),
		hexOnly: new Set(),
		hexRuns: new Set(),
		joinedRuns: new Set(),
		hashes: new Uint8Array(0),
		separators: undefined,
	};
	const inOtherForms = new Set<string>();
	const alphabet = new Set<string>();
	for (const secret of wanted) {
		const hexForms = hexFormsOf(secret);
		const shared = sharedPrefix(secret);
		const urlEncoded = encodeURIComponent(secret);
		const textual = [secret, urlEncoded, urlEncoded.toLowerCase(), JSON.stringify(secret).slice(1, -1)];
		for (const form of secretForms(secret)) {
			pattern.whole.push(form);
			if (secret.length >= FRAGMENT_MIN_SECRET && form.length >= FRAGMENT) {
				if (!pattern.hashes.length) pattern.hashes = new Uint8Array(1 << TABLE_BITS);
				const isHex = hexForms.includes(form);
				// Runs within what every token of the kind starts with are no trace of this one.
				const sharedChars = isHex ? 2 * shared : textual.includes(form) ? shared : Math.floor((shared * 4) / 3);
				const from = (length: number) => Math.max(0, sharedChars - length + 1);
				for (const unit of form.split('')) alphabet.add(unit);
				for (let index = from(FRAGMENT); index + FRAGMENT <= form.length; index++) {
					const fragment = form.slice(index, index + FRAGMENT);
					pattern.fragments.add(fragment);
					(isHex ? pattern.hexOnly : inOtherForms).add(fragment);
					pattern.hashes[hashOf(form, index) & TABLE_MASK] = 1;
				}
				for (let index = from(LONG_RUN); index + LONG_RUN <= form.length; index++) (isHex ? pattern.hexRuns : pattern.joinedRuns).add(form.slice(index, index + LONG_RUN));
			}
		}
	}
	for (const fragment of inOtherForms) pattern.hexOnly.delete(fragment);
	if (alphabet.size) {
		const units = [...alphabet].map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
		pattern.separators = new RegExp(`[^${units}]+`, 'g');
	}
	// Longest first, so a form that contains another is removed whole.
	pattern.whole.sort((a, b) => b.length - a.length);
	if (patterns.size >= 4) patterns.delete(patterns.keys().next().value as string);
	patterns.set(cacheKey, pattern);
	return pattern;
}

/** Where in `text` a fragment of a long secret starts. */
function fragmentsIn(text: string, pattern: SecretPattern): number[] {
	const found: number[] = [];
	if (!pattern.fragments.size || text.length < FRAGMENT) return found;
	let hash = hashOf(text, 0);
	for (let index = 0; ; index++) {
		if (pattern.hashes[hash & TABLE_MASK] === 1 && pattern.fragments.has(text.slice(index, index + FRAGMENT))) found.push(index);
		if (index + FRAGMENT >= text.length) break;
		hash = (Math.imul(hash - Math.imul(text.charCodeAt(index), HASH_TOP), HASH_BASE) + text.charCodeAt(index + FRAGMENT)) & HASH_MASK;
	}
	return found;
}

/** Marks, in `marked`, the characters of `text` that belong to a secret. */
function markSecrets(text: string, pattern: SecretPattern, marked: Uint8Array): void {
	for (const form of pattern.whole) {
		for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) marked.fill(1, at, at + form.length);
	}
	for (const index of fragmentsIn(text, pattern)) {
		if (!pattern.hexOnly.has(text.slice(index, index + FRAGMENT))) marked.fill(1, index, index + FRAGMENT);
		// A run of the hex form is covered by the LONG_RUNs starting in it: those are enough.
		else if (pattern.hexRuns.has(text.slice(index, index + LONG_RUN))) marked.fill(1, index, index + LONG_RUN);
	}
}

/**
 * Marks the parts of a long secret that something separates: the values' characters that can be
 * part of a secret's forms are read in order as one text, and a fragment found there marks its
 * characters (only those) in the joined text. Where each one was is worked out only when one is found.
 */
function markSeparatedParts(strings: string[], isKey: boolean[], pattern: SecretPattern, marked: Uint8Array): void {
	const separators = pattern.separators;
	if (!separators) return;
	const values = strings.filter((_text, index) => !isKey[index]);
	const view = values.map((text) => text.replace(separators, '')).join('');
	const found = fragmentsIn(view, pattern).filter((index) => {
		const run = view.slice(index, index + LONG_RUN);
		return pattern.joinedRuns.has(run) || pattern.hexRuns.has(run);
	});
	if (!found.length) return;
	const positions = new Int32Array(view.length);
	let kept = 0;
	let offset = 0;
	strings.forEach((text, index) => {
		if (!isKey[index]) {
			for (let at = 0; at < text.length; at++) {
				separators.lastIndex = 0;
				if (!separators.test(text[at])) positions[kept++] = offset + at;
			}
		}
		offset += text.length;
	});
	for (const index of found) for (let at = index; at < index + LONG_RUN; at++) marked[positions[at]] = 1;
}

/** Replaces each marked run of `text` (from `offset` in the joined text) with REDACTED. */
function rebuild(text: string, offset: number, marked: Uint8Array): string {
	let result = '';
	let index = 0;
	while (index < text.length) {
		if (!marked[offset + index]) {
			result += text[index++];
			continue;
		}
		while (index < text.length && marked[offset + index]) index++;
		result += REDACTED;
	}
	return result;
}

/** The strings of a value, in reading order (object keys before their values), and which are keys. */
function collectStrings(value: unknown, into: string[], isKey: boolean[], seen: Set<unknown>): void {
	if (typeof value === 'string') {
		into.push(value);
		isKey.push(false);
	} else if (value && typeof value === 'object' && !seen.has(value)) {
		seen.add(value);
		if (Array.isArray(value)) {
			for (const entry of value) collectStrings(entry, into, isKey, seen);
		} else {
			for (const [key, entry] of Object.entries(value)) {
				into.push(key);
				isKey.push(true);
				collectStrings(entry, into, isKey, seen);
			}
		}
	}
}

/**
 * A copy of `value` (JSON-like: strings, numbers, arrays, plain objects) with every trace of the
 * secrets replaced by REDACTED. Returns `value` itself when nothing had to change.
 */
export function redactSecrets<T>(value: T, secrets: Array<string | undefined>): T {
	const pattern = secretPattern(secrets);
	if (!pattern.whole.length && !pattern.fragments.size) return value;
	const strings: string[] = [];
	const isKey: boolean[] = [];
	collectStrings(value, strings, isKey, new Set());
	if (!strings.length) return value;
	const joined = strings.join('');
	const marked = new Uint8Array(joined.length);
	markSecrets(joined, pattern, marked);
	markSeparatedParts(strings, isKey, pattern, marked);
	if (!marked.includes(1)) return value;
	// Each string's place in the joined text, handed out in the same reading order.
	let offset = 0;
	const replace = (text: string): string => {
		const start = offset;
		offset += text.length;
		return rebuild(text, start, marked);
	};
	const copy = (entry: unknown, seen: Map<unknown, unknown>): unknown => {
		if (typeof entry === 'string') return replace(entry);
		if (!entry || typeof entry !== 'object') return entry;
		if (seen.has(entry)) return seen.get(entry);
		if (Array.isArray(entry)) {
			const list: unknown[] = [];
			seen.set(entry, list);
			for (const item of entry) list.push(copy(item, seen));
			return list;
		}
		const object: Record<string, unknown> = {};
		seen.set(entry, object);
		for (const [key, item] of Object.entries(entry)) {
			const safeKey = replace(key);
			object[safeKey] = copy(item, seen);
		}
		return object;
	};
	return copy(value, new Map()) as T;
}
