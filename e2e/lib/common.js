'use strict';
/** Small helpers shared by e2e/run.js, e2e/start.js and the browser test. */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const E2E = path.resolve(__dirname, '..');
const ROOT = path.resolve(E2E, '..');

/** An expected failure: its message is printed without a stack. */
class Failure extends Error {}

const seconds = (ms) => (ms / 1000).toFixed(1);

/** Runs a command, keeps its output in a log file, and fails with the log's tail when it exits non-zero. */
function run(command, args, { cwd, env, logFile, allowFailure = false }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${[command, ...args].join(' ')}\n`);
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
		child.on('error', (error) => reject(new Failure(`${command} could not start: ${error.message}`)));
		child.on('close', (code, signal) => {
			fs.closeSync(out);
			const ms = Date.now() - started;
			if (code === 0 || allowFailure) return resolve({ code, ms });
			const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
			reject(new Failure(`${path.basename(args[1] ?? command)} ${args.slice(2).join(' ')} exited ${code ?? signal}\n--- ${logFile} (last lines) ---\n${tail}`));
		});
	});
}

/** Ports freePort() handed out already: they are free until their process binds them, so the kernel may offer them again. */
const handedOut = new Set();

/**
 * A free loopback port, so n8n's task broker never collides with another n8n (default 5679). Never one
 * this process was given before: the queue stack picks several ports before any of them is bound (a
 * worker once got the same port for its task broker and its health server, and exited).
 */
async function freePort() {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await new Promise((resolve, reject) => {
			const server = net.createServer();
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const { port: picked } = server.address();
				server.close(() => resolve(picked));
			});
		});
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Failure('no free loopback port after 50 tries that was not handed out already');
}

/** Whether something already listens on host:port. */
function portInUse(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = { E2E, ROOT, Failure, seconds, run, freePort, portInUse, sleep };
