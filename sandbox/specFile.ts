/** Where Kustomer's OpenAPI document lives (split from spec.ts, which re-exports both names). */
import * as fs from 'fs';
import * as path from 'path';

/** File name of Kustomer's published "Core Resources" OpenAPI document, kept verbatim next to this code. */
export const SPEC_FILE_NAME = 'kustomer-core-resources.openapi.json';

/**
 * Finds the document whether this module runs from sandbox/ (ts-jest) or .build/sandbox/ (tsc output):
 * the compiled copy has no JSON beside it, so walk up to the project root that holds sandbox/<file>.
 */
export function locateSpecFile(startDir: string = __dirname): string {
	const beside = path.join(startDir, SPEC_FILE_NAME);
	if (fs.existsSync(beside)) return beside;
	let dir = startDir;
	for (;;) {
		const candidate = path.join(dir, 'sandbox', SPEC_FILE_NAME);
		if (fs.existsSync(candidate)) return candidate;
		const parent = path.dirname(dir);
		if (parent === dir) break;
		dir = parent;
	}
	throw new Error(`Kustomer sandbox: cannot find sandbox/${SPEC_FILE_NAME} above ${startDir}`);
}
