/**
 * Runs a node type's `methods.listSearch` / `methods.loadOptions` the way the editor's
 * dropdowns do (the CLI's DynamicNodeParametersService): on a temp node inside a one-node
 * Workflow, with a real n8n-core LoadOptionsContext, so `this.getCredentials` and
 * `this.helpers.httpRequestWithAuthentication` go through the harness credentials helper.
 */
import './env';

import { LoadOptionsContext } from 'n8n-core';
import { UnexpectedError, Workflow, deepCopy } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import { latestVersion, nodeCredentials } from './node-utils';
import { loadPackage } from './package-loader';

export async function callListSearch(options: {
	packageDir?: string;
	nodeType: string;
	method: string;
	filter?: string;
	paginationToken?: string;
	parameters?: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
}): Promise<INodeListSearchResult> {
	const { context, method } = await loadOptionsContext('listSearch', options);
	return (await method.call(context, options.filter, options.paginationToken)) as INodeListSearchResult;
}

export async function callLoadOptions(options: {
	packageDir?: string;
	nodeType: string;
	method: string;
	parameters?: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
}): Promise<INodePropertyOptions[]> {
	const { context, method } = await loadOptionsContext('loadOptions', options);
	return (await method.call(context)) as INodePropertyOptions[];
}

type MethodKind = 'listSearch' | 'loadOptions';

/** What the CLI's DynamicNodeParametersService builds for an editor dropdown request. */
async function loadOptionsContext(
	kind: MethodKind,
	options: {
		packageDir?: string;
		nodeType: string;
		method: string;
		parameters?: INodeParameters;
		credentials: Record<string, ICredentialDataDecryptedObject>;
	},
) {
	const pkg = await loadPackage(options.packageDir);
	const type = pkg.fullNodeType(options.nodeType);
	const nodeType = pkg.nodeTypes.getByNameAndVersion(type);
	const method = nodeType.methods?.[kind]?.[options.method] as
		| ((this: LoadOptionsContext, ...args: unknown[]) => Promise<unknown>)
		| undefined;
	if (typeof method !== 'function') {
		throw new UnexpectedError('Node type does not have method defined', {
			tags: { nodeType: type },
			extra: { kind, methodName: options.method },
		});
	}

	const node: INode = {
		id: 'uuid-1234',
		name: 'Temp-Node',
		type,
		typeVersion: latestVersion(pkg.nodeTypes.getByName(type)),
		position: [0, 0],
		parameters: deepCopy(options.parameters ?? {}),
		credentials: nodeCredentials(options.credentials),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	const tempNode = workflow.nodes[node.name];

	const additionalData = createAdditionalData(new HarnessCredentialsHelper(pkg.credentialTypes, options.credentials));
	// The editor sends the node's current parameters along with every dropdown request.
	additionalData.currentNodeParameters = tempNode.parameters;
	const path = parameterPath(nodeType.description.properties, kind, options.method) ?? 'parameters';
	const context = new LoadOptionsContext(workflow, tempNode, additionalData, path);
	return { context, method };
}

/** `parameters.<name>` of the property using the method: what the editor sends as `path`. */
function parameterPath(properties: INodeProperties[], kind: MethodKind, method: string, prefix = 'parameters'): string | undefined {
	for (const property of properties) {
		const uses =
			kind === 'loadOptions'
				? property.typeOptions?.loadOptionsMethod === method
				: (property.modes ?? []).some((mode) => mode.typeOptions?.searchListMethod === method);
		if (uses) return `${prefix}.${property.name}`;
		for (const option of property.options ?? []) {
			if ('values' in option) {
				const found = parameterPath(option.values, kind, method, `${prefix}.${property.name}.${option.name}`);
				if (found) return found;
			} else if ('type' in option) {
				const found = parameterPath([option], kind, method, `${prefix}.${property.name}`);
				if (found) return found;
			}
		}
	}
	return undefined;
}
