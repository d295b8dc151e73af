#!/usr/bin/env node
/**
 * node .build/sandbox/cli.js [--port 8765] [--host 127.0.0.1] [--demo] [--api-key KEY] [--key KEY=role1,role2 ...]
 * Starts the sandbox and keeps it running until SIGINT / SIGTERM.
 */
import { KustomerSandbox } from './sandbox';
import type { SandboxOptions } from './types';

function parseArgs(argv: string[]): SandboxOptions {
	const options: SandboxOptions = { port: 8765 };
	const value = (i: number, flag: string): string => {
		const v = argv[i + 1];
		if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
		return v;
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		switch (arg) {
			case '--port':
				options.port = Number(value(i++, arg));
				if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port must be 0..65535');
				break;
			case '--host':
				options.host = value(i++, arg);
				break;
			case '--demo':
				options.demo = true;
				break;
			case '--api-key':
				options.apiKey = value(i++, arg);
				break;
			case '--key': {
				const [key, roles = ''] = value(i++, arg).split('=');
				options.keys = { ...(options.keys ?? {}), [key]: roles.split(',').filter(Boolean) };
				break;
			}
			case '--help':
			case '-h':
				process.stdout.write('usage: cli.js [--port 8765] [--host 127.0.0.1] [--demo] [--api-key KEY] [--key KEY=role1,role2]\n');
				process.exit(0);
				break;
			default:
				throw new Error(`unknown argument ${arg}`);
		}
	}
	return options;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const sandbox = await KustomerSandbox.start(options);
	const lines = [
		`Kustomer sandbox listening on ${sandbox.url} (started in ${sandbox.startupMs} ms)`,
		`  API          : ${sandbox.url}/v1/...`,
		`  n8n          : Kustomer API credential, Region "Custom Base URL", Base URL ${sandbox.url}`,
		`  API key      : ${sandbox.apiKey}   (Authorization: Bearer ${sandbox.apiKey})`,
		...Object.entries(options.keys ?? {}).map(([k, r]) => `  extra key    : ${k} -> ${r.join(', ') || '(no roles)'}`),
		`  demo data    : ${options.demo ? `${sandbox.store.customers.size} customers` : 'off (use --demo)'}`,
		`  controls     : ${sandbox.url}/__sandbox/{requests,reset,faults,rate-limit,counters,deliveries}`,
		'Press Ctrl+C to stop.',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping sandbox\n`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
	process.stderr.write(`kustomer sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
	process.exit(1);
});
