import { createHash } from 'node:crypto';

import { sha256 } from '../../nodes/Kustomer/shared/sha256';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const reference = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256 (synchronous, for the rate gate key)', () => {
	it('matches the FIPS 180-4 examples', () => {
		expect(hex(sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		expect(hex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		expect(hex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
			'248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
		);
	});

	it('matches node:crypto at every length around the block and padding edges, and for non-ASCII text', () => {
		// Deterministic texts: every length from 0 to 200 characters (55/56/63/64/119/120 are the padding edges).
		for (let length = 0; length <= 200; length++) {
			const text = Array.from({ length }, (_, i) => String.fromCharCode(33 + ((i * 7 + length) % 90))).join('');
			expect(hex(sha256(text))).toBe(reference(text));
		}
		for (const text of ['https://api.kustomerapp.com\nkey-é-日本-🙂', 'ü'.repeat(40), '\n'.repeat(64)]) {
			expect(hex(sha256(text))).toBe(reference(text));
		}
	});
});
