// Jest globalSetup: the node tests load the built package (dist/) the way n8n does, so a source edit
// without a build would test the old code. When any source of the package is newer than the build,
// build it first (npm run build), so a stale dist/ can never be tested by mistake.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const SOURCES = ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'gulpfile.js'];
const BUILT = path.join(root, 'dist', 'nodes', 'Kustomer', 'Kustomer.node.js');

function newest(entry) {
	const stat = fs.statSync(entry);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return fs.readdirSync(entry).reduce((latest, name) => Math.max(latest, newest(path.join(entry, name))), stat.mtimeMs);
}

module.exports = async function freshBuild() {
	const built = fs.existsSync(BUILT) ? fs.statSync(BUILT).mtimeMs : 0;
	const source = Math.max(...SOURCES.map((entry) => path.join(root, entry)).filter(fs.existsSync).map(newest));
	if (source <= built) return;
	process.stdout.write(`\n[freshBuild] ${built ? 'dist/ is older than the sources' : 'no dist/ yet'}: npm run build\n`);
	execSync('npm run build', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
};
