/** Small helpers shared by the harness entry points. */
import type { ICredentialDataDecryptedObject, INodeCredentials, INodeType, IVersionedNodeType } from 'n8n-workflow';

/** The version n8n picks when none is given: `currentVersion` (defaultVersion or newest) for versioned nodes. */
export function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** Node credential references, as a saved workflow holds them (one per type). */
export function nodeCredentials(credentials: Record<string, ICredentialDataDecryptedObject>): INodeCredentials {
	const references: INodeCredentials = {};
	for (const type of Object.keys(credentials)) {
		references[type] = { id: `harness-${type}`, name: `${type} (harness)` };
	}
	return references;
}
