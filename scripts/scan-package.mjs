// n8n's verification scan, run offline: @n8n/scan-community-package's own analyzePackage() on the
// packed tarball (what n8n scans after publishing) and on the sources (what it scans through
// provenance). Its CLI cannot run here: it fetches the published package and its attested source.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
	SOURCE_FILE_PATTERNS,
	analyzePackage,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'kustomer-scan-'));
let failed = false;

try {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
	)[0];
	execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', work]);
	const unpacked = join(work, 'package');

	const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
	const runtimeDependencies = Object.keys(manifest.dependencies ?? {});
	console.log(`tarball ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} kB packed`);
	if (runtimeDependencies.length) {
		failed = true;
		console.error(`runtime dependencies are not allowed: ${runtimeDependencies.join(', ')}`);
	}

	for (const [leg, dir, patterns] of [
		['tarball', unpacked, undefined],
		['sources', root, SOURCE_FILE_PATTERNS],
	]) {
		const result = await analyzePackage(dir, patterns);
		console.log(`scan (${leg}): ${result.passed ? 'passed' : result.message}`);
		if (!result.passed) {
			failed = true;
			if (result.details) console.error(result.details);
		}
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}

if (failed) process.exit(1);
