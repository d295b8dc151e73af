import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

const NODE_DIR = join(__dirname, '../../nodes/Kustomer');

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

describe('reading parameters', () => {
	it('goes through shared/parameters.ts, which evaluates each parameter once per item', () => {
		// transport.ts reads Request Options and errors.ts the resource and operation, from any kind of
		// context (list searches, the trigger): plain values n8n does not evaluate per item.
		const allowed = ['shared/parameters.ts', 'shared/transport.ts', 'shared/errors.ts'];
		const readers = sources(NODE_DIR)
			.map((path) => relative(NODE_DIR, path))
			.filter((path) => !allowed.includes(path) && readFileSync(join(NODE_DIR, path), 'utf8').includes('.getNodeParameter('));
		expect(readers).toEqual([]);
	});
});
