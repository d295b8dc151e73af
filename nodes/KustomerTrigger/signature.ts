/**
 * Kustomer signs every outbound-webhook delivery: `X-Kustomer-Webhook-Signature` is the lowercase hex
 * HMAC-SHA256 of the raw request body, keyed with the webhook's `token`.
 * https://developer.kustomer.com/docs/events/delivery-and-retries ; https://developer.kustomer.com/docs/events
 */
export const SIGNATURE_HEADER = 'x-kustomer-webhook-signature';

/** Compares without stopping at the first difference, so timing does not reveal the expected value. */
export function safeEqual(given: string, expected: string): boolean {
	const length = Math.max(given.length, expected.length);
	let difference = given.length ^ expected.length;
	for (let index = 0; index < length; index++) {
		difference |= (given.charCodeAt(index) || 0) ^ (expected.charCodeAt(index) || 0);
	}
	return difference === 0;
}

function hex(bytes: ArrayBuffer): string {
	return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The signature Kustomer sends for `rawBody` (Web Crypto: the package may import nothing but n8n-workflow). */
export async function kustomerSignature(token: string, rawBody: Uint8Array): Promise<string> {
	const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
	return hex(await crypto.subtle.sign('HMAC', key, rawBody));
}

/** Whether `header` is the signature of exactly these body bytes. */
export async function signatureMatches(token: string, rawBody: Uint8Array, header: string): Promise<boolean> {
	return safeEqual(header.trim().toLowerCase(), await kustomerSignature(token, rawBody));
}
