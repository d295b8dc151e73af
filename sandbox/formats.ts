/**
 * String formats the Kustomer document uses. Ajv knows none of them by default (unknown formats would be
 * silently ignored), so each gets a deliberately plain, documented rule here.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** RFC 3339 section 5.6 date-time with range checks (leap second 60 tolerated, as the RFC allows). */
export function isDateTime(value: string): boolean {
	const m = RFC3339.exec(value);
	if (!m) return false;
	const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
	if (hour > 23 || minute > 59 || second > 60) return false;
	if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
	return true;
}

/** Elasticsearch-style date math, as used for scheduled sends: `now+1d`, `now-2h/d`, `<date-time>||+1h`. */
const DATE_MATH_TAIL = /^([+-]\d+[yMwdhHms])*(\/[yMwdhHms])?$/;
export function isDateTimeMath(value: string): boolean {
	if (isDateTime(value)) return true;
	if (value.startsWith('now')) return DATE_MATH_TAIL.test(value.slice(3));
	const sep = value.indexOf('||');
	if (sep > 0) return isDateTime(value.slice(0, sep)) && DATE_MATH_TAIL.test(value.slice(sep + 2));
	return false;
}

/** Absolute URI (RFC 3986): a scheme, then something the WHATWG parser accepts. */
export function isUri(value: string): boolean {
	if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) return false;
	try {
		new URL(value);
		return true;
	} catch {
		return false;
	}
}

const DOMAIN = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
export function isDomainName(value: string): boolean {
	return DOMAIN.test(value);
}

/** Web address: http(s) URL, or a bare host name with an optional path (people type `example.com`). */
export function isUrl(value: string): boolean {
	if (/^https?:\/\//i.test(value)) {
		try {
			return Boolean(new URL(value).hostname);
		} catch {
			return false;
		}
	}
	const slash = value.indexOf('/');
	const host = slash < 0 ? value : value.slice(0, slash);
	return isDomainName(host) && !/\s/.test(value);
}

/** Strict-ish address: local part, @, dotted domain; no spaces. */
export function isEmail(value: string): boolean {
	return /^[^\s@"<>(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(
		value,
	);
}

/** Relaxed address: anything@anything without spaces (Kustomer stores addresses it cannot fully verify). */
export function isEmailRelaxed(value: string): boolean {
	return /^[^\s@]+@[^\s@]+$/.test(value) && value.length <= 320;
}

/** Phone as people write it: optional +, digits and common separators, optional extension; 3..20 digits. */
export function isPhoneNumber(value: string): boolean {
	if (!/^\+?[0-9\s().-]+(\s?(?:x|ext\.?)\s?\d{1,6})?$/i.test(value)) return false;
	const digits = value.replace(/(?:x|ext\.?)\s?\d+$/i, '').replace(/\D/g, '');
	return digits.length >= 3 && digits.length <= 20;
}

/** WhatsApp numbers are E.164: optional +, 7..15 digits, no separators. */
export function isWhatsappNumber(value: string): boolean {
	return /^\+?[1-9]\d{6,14}$/.test(value);
}

export function isObjectId(value: string): boolean {
	return /^[0-9a-fA-F]{24}$/.test(value);
}

/** Format name -> validator, ready for ajv.addFormat. */
export const KUSTOMER_FORMATS: Record<string, (value: string) => boolean> = {
	'date-time': isDateTime,
	'date-time-math': isDateTimeMath,
	// scheduled-send timestamps accept the same values as date-time-math
	'send-at': isDateTimeMath,
	uri: isUri,
	url: isUrl,
	'domain-name': isDomainName,
	email: isEmail,
	'email-relaxed': isEmailRelaxed,
	'phone-number': isPhoneNumber,
	'whatsapp-number': isWhatsappNumber,
	'object-id': isObjectId,
};
