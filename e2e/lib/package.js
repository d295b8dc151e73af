'use strict';
/** The packed n8n-nodes-kustomer, installed into an n8n user folder the way n8n's installer does. */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, Failure, run } = require('./common');

const PACKAGE_NAME = 'n8n-nodes-kustomer';
const NODE_TYPE = `${PACKAGE_NAME}.kustomer`;

/** Fails with the command to run when the builds the e2e scripts rely on are missing (they build nothing). */
function checkBuilt(what = 'the e2e runner') {
	const needed = [
		['dist/nodes/Kustomer/Kustomer.node.js', 'npm run build'],
		['dist/credentials/KustomerApi.credentials.js', 'npm run build'],
		['.build/sandbox/index.js', 'npm run build:dev'],
	];
	for (const [file, command] of needed) {
		if (!fs.existsSync(path.join(ROOT, file))) {
			throw new Failure(`${file} is missing: run \`${command}\` in ${ROOT} first (${what} builds nothing itself)`);
		}
	}
}

/** `npm pack` of the project into workDir/pack. */
function packPackage(workDir) {
	const started = Date.now();
	const destination = path.join(workDir, 'pack');
	fs.mkdirSync(destination, { recursive: true });
	const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [info] = JSON.parse(output);
	if (info.name !== PACKAGE_NAME) throw new Failure(`npm pack made ${info.name}, expected ${PACKAGE_NAME}`);
	const tarball = path.join(destination, info.filename);
	const files = info.files.map((file) => file.path);
	if (!files.includes('dist/nodes/Kustomer/Kustomer.node.js')) throw new Failure(`the packed tarball lacks dist/nodes/Kustomer/Kustomer.node.js: ${files.join(', ')}`);
	return { tarball, name: info.name, version: info.version, fileCount: files.length, ms: Date.now() - started };
}

/**
 * Mirrors CommunityPackagesService.downloadPackage of n8n 2.x (its `npm pack <name>@<version>` step
 * replaced by our local tarball): extract into nodes/node_modules/<name>, drop dev/peer/optional
 * dependencies from its package.json, `npm install` inside it with n8n's own flags, and record the
 * dependency in nodes/package.json. An earlier install of the package is removed first, as n8n's
 * update does.
 */
async function installPackage(pack, home, env, logFile) {
	const started = Date.now();
	const nodesDir = path.join(home, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', pack.name);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	const nodesManifest = { name: 'installed-nodes', private: true, dependencies: {} };
	await run('tar', ['-xzf', pack.tarball, '-C', packageDir, '--strip-components=1'], { cwd: nodesDir, env, logFile });
	const manifestPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	await run(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
		{ cwd: packageDir, env, logFile },
	);
	nodesManifest.dependencies[pack.name] = manifest.version;
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify(nodesManifest, null, 2));
	return Date.now() - started;
}

module.exports = { PACKAGE_NAME, NODE_TYPE, checkBuilt, packPackage, installPackage };
