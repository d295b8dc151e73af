/**
 * Loads a community-node package exactly the way n8n loads an installed one: n8n-core's
 * PackageDirectoryLoader reads the package.json `n8n` section, requires every listed file
 * and post-processes the descriptions (declarative `requestOptions`, loadOptions metadata).
 */
import './env';

import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { PackageDirectoryLoader, UnrecognizedCredentialTypeError, UnrecognizedNodeTypeError } from 'n8n-core';
import { NodeHelpers, UserError, injectDomainRestrictionFields } from 'n8n-workflow';
import type {
	ICredentialType,
	ICredentialTypes,
	IDataObject,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';

/** Node types of one package, addressed as in workflow JSON: `<packageName>.<nodeName>`. */
export class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly loader: PackageDirectoryLoader) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.loader.getNode(this.shortName(nodeType)).type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const [name, entry] of Object.entries(this.loader.known.nodes)) {
			known[`${this.loader.packageName}.${name}`] = { ...entry };
		}
		return known;
	}

	private shortName(nodeType: string): string {
		const prefix = `${this.loader.packageName}.`;
		if (!nodeType.startsWith(prefix)) {
			throw new UnrecognizedNodeTypeError(nodeType.split('.')[0] ?? '', nodeType);
		}
		return nodeType.slice(prefix.length);
	}
}

/** Credential types of one package, with the lookups n8n's CLI `CredentialTypes` offers. */
export class HarnessCredentialTypes implements ICredentialTypes {
	constructor(private readonly loader: PackageDirectoryLoader) {}

	recognizes(credentialType: string): boolean {
		return credentialType in this.loader.known.credentials;
	}

	getByName(credentialType: string): ICredentialType {
		if (!this.recognizes(credentialType)) throw new UnrecognizedCredentialTypeError(credentialType);
		return this.loader.getCredential(credentialType).type;
	}

	/** Full node type names, as the CLI reports them after prefixing the package name. */
	getSupportedNodes(credentialType: string): string[] {
		const supported = this.loader.known.credentials[credentialType]?.supportedNodes ?? [];
		return supported.map((name) => `${this.loader.packageName}.${name}`);
	}

	/**
	 * All ancestors through `extends`. Parents from other packages (oAuth2Api lives in
	 * n8n-nodes-base) are reported but cannot be walked further, since they are not loaded.
	 */
	getParentTypes(typeName: string): string[] {
		const parents: string[] = [];
		for (const parent of this.loader.known.credentials[typeName]?.extends ?? []) {
			parents.push(parent, ...this.getParentTypes(parent));
		}
		return parents;
	}
}

export interface LoadedPackage {
	/** Real path of the package directory. */
	directory: string;
	packageName: string;
	loader: PackageDirectoryLoader;
	nodeTypes: HarnessNodeTypes;
	credentialTypes: HarnessCredentialTypes;
	/** Accepts `kustomer` or `n8n-nodes-kustomer.kustomer` and returns the latter. */
	fullNodeType(nodeType: string): string;
}

/**
 * Nearest ancestor of this file whose package.json declares an `n8n` section: the project
 * root, both from test/harness (ts-jest) and from .build/test/harness (tsc build:dev).
 */
export function defaultPackageDir(): string {
	let dir = __dirname;
	for (;;) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest)) {
			const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { n8n?: unknown };
			if (parsed.n8n) return dir;
		}
		const parent = dirname(dir);
		if (parent === dir) throw new UserError(`No package.json with an "n8n" section above ${__dirname}`);
		dir = parent;
	}
}

const cache = new Map<string, Promise<LoadedPackage>>();

/** Loads the package once per directory (per jest module registry, i.e. per test file). */
export async function loadPackage(packageDir?: string): Promise<LoadedPackage> {
	const directory = realpathSync(resolve(packageDir ?? defaultPackageDir()));
	let loading = cache.get(directory);
	if (!loading) {
		loading = load(directory);
		// A failed load (dist/ not built yet) must not stay cached: the next call retries.
		loading.catch(() => cache.delete(directory));
		cache.set(directory, loading);
	}
	return await loading;
}

async function load(directory: string): Promise<LoadedPackage> {
	assertBuilt(directory);
	const loader = new PackageDirectoryLoader(directory);
	await loader.loadAll();

	// The CLI's LoadNodesAndCredentials adds these fields to every credential with an
	// `authenticate` block after loading, so credential defaults match a real instance.
	for (const { type } of Object.values(loader.credentialTypes)) {
		type.properties = injectDomainRestrictionFields(type);
	}

	const { packageName } = loader;
	return {
		directory,
		packageName,
		loader,
		nodeTypes: new HarnessNodeTypes(loader),
		credentialTypes: new HarnessCredentialTypes(loader),
		fullNodeType: (nodeType) =>
			nodeType.startsWith(`${packageName}.`) ? nodeType : `${packageName}.${nodeType}`,
	};
}

/** Turns the loader's bare MODULE_NOT_FOUND into an instruction when dist/ is missing. */
function assertBuilt(directory: string): void {
	const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	if (!manifest.n8n) throw new UserError(`${directory}/package.json has no "n8n" section`);
	const files = [...(manifest.n8n.nodes ?? []), ...(manifest.n8n.credentials ?? [])];
	const missing = files.filter((file) => !existsSync(join(directory, file)));
	if (missing.length > 0) {
		throw new UserError(
			`Package in ${directory} is not built; missing ${missing.join(', ')}. Run \`npm run build\` first.`,
		);
	}
}
