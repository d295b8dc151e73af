/**
 * What n8n does when a user clicks "Test" on a credential (the CLI's CredentialsTester):
 * a credential `test` request (or a node's `testedBy`) is run through a RoutingNode of a
 * temporary node, with the credential's authentication applied, and the outcome is
 * turned into the OK / Error message the editor shows.
 */
import './env';

import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import { NodeHelpers, Workflow, createEmptyRunExecutionData, deepCopy } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestRequestData,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import { type LoadedPackage, loadPackage } from './package-loader';

/**
 * n8n runs a credential's own `test.request` on the NoOp node. n8n-nodes-base is not
 * installed here, so this is its description reduced to what routing reads: no
 * `requestDefaults`, so baseURL must come from the test request itself, as in n8n.
 */
const noOpNodeType: INodeType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'n8n-nodes-base.noOp',
		icon: 'fa:arrow-right',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
};

// Same texts as the CLI's RESPONSE_ERROR_MESSAGES.OAUTH2_CREDENTIAL_TEST_*.
const OAUTH2_SUCCEEDED = 'Connection Successful!';
const OAUTH2_FAILED = 'This OAuth2 credential was not connected to an account.';

type CredentialTest = ICredentialTestFunction | ICredentialTestRequestData;

/** Same search order as the CLI: the credential's own `test`, then `testedBy` of supporting nodes. */
function findCredentialTest(pkg: LoadedPackage, credentialType: string): CredentialTest | undefined {
	const type = pkg.credentialTypes.getByName(credentialType);
	if (type.test) return { testRequest: type.test };

	for (const nodeName of pkg.credentialTypes.getSupportedNodes(credentialType)) {
		const node = pkg.nodeTypes.getByName(nodeName);
		// Structural check rather than instanceof: a package may bundle its own n8n-workflow.
		const versions: INodeType[] = 'nodeVersions' in node ? Object.values(node.nodeVersions) : [node];
		for (const nodeType of versions) {
			for (const { name, testedBy } of nodeType.description.credentials ?? []) {
				if (name !== credentialType) continue;
				const isOAuth2 = name === 'oAuth2Api' || pkg.credentialTypes.getParentTypes(name).includes('oAuth2Api');
				if (isOAuth2) return oauth2Test;
				if (!testedBy) continue;
				if (typeof testedBy !== 'string') return { nodeType, testRequest: testedBy };
				const method = findTestMethod(node, testedBy);
				if (method) return method;
			}
		}
	}
	return undefined;
}

/** For a versioned node, the newest version that defines the method wins. */
function findTestMethod(node: INodeType | IVersionedNodeType, method: string): ICredentialTestFunction | undefined {
	if ('nodeVersions' in node) {
		const versions = Object.keys(node.nodeVersions).map(Number).sort((a, b) => b - a);
		for (const version of versions) {
			const found = node.nodeVersions[version]?.methods?.credentialTest?.[method];
			if (found) return found;
		}
	}
	return 'nodeVersions' in node ? undefined : node.methods?.credentialTest?.[method];
}

async function oauth2Test(
	this: unknown,
	credentials: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const token = credentials.data?.oauthTokenData;
	const connected = typeof token === 'object' && token !== null && 'access_token' in token;
	return connected ? { status: 'OK', message: OAUTH2_SUCCEEDED } : { status: 'Error', message: OAUTH2_FAILED };
}

export async function testCredential(options: {
	packageDir?: string;
	credentialType: string;
	data: ICredentialDataDecryptedObject;
}): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const { credentialType } = options;
	const pkg = await loadPackage(options.packageDir);
	const credentialTest = findCredentialTest(pkg, credentialType);
	if (credentialTest === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes, { [credentialType]: options.data });
	const additionalData = createAdditionalData(credentialsHelper);
	const credentials: ICredentialsDecrypted = {
		id: 'harness-credential',
		name: `${credentialType} (harness)`,
		type: credentialType,
		data: deepCopy(options.data),
	};
	try {
		credentials.data = await credentialsHelper.applyDefaultsAndOverwrites(
			additionalData,
			options.data,
			credentialType,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}

	if (typeof credentialTest === 'function') {
		return await credentialTest.call(new CredentialTestContext(), credentials);
	}
	return await runTestRequest(credentialTest, credentialType, credentials, additionalData);
}

async function runTestRequest(
	{ nodeType: testingNodeType, testRequest }: ICredentialTestRequestData,
	credentialType: string,
	credentials: ICredentialsDecrypted,
	additionalData: IWorkflowExecuteAdditionalData,
): Promise<INodeCredentialTestResult> {
	const baseNodeType = testingNodeType ?? noOpNodeType;
	const { version } = baseNodeType.description;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: baseNodeType.description.name,
		typeVersion: Array.isArray(version) ? version[version.length - 1] : version,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: { id: credentials.id, name: credentials.name } },
	};
	// The temp node has a single property whose routing is the test request.
	const testNodeType: INodeType = {
		description: {
			...baseNodeType.description,
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' },
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => testNodeType,
		getByNameAndVersion: (_name, nodeVersion) => NodeHelpers.getVersionedNodeType(testNodeType, nodeVersion),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, testNodeType, credentials).runNode();
	} catch (error) {
		return describeFailure(error, testRequest.rules);
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json;
		if (getPath(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** The CLI's mapping from a failed test request to the message shown under the credential. */
function describeFailure(
	error: { message?: unknown; cause?: { code?: string; response?: { status: number; statusText?: string } } },
	rules: ICredentialTestRequestData['testRequest']['rules'],
): INodeCredentialTestResult {
	const response = error.cause?.response;
	if (response) {
		for (const rule of rules ?? []) {
			if (rule.type === 'responseCode' && rule.properties.value === response.status) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		if (response.status < 199 || response.status > 299) {
			return { status: 'Error', message: response.statusText || `Received HTTP status code: ${response.status}` };
		}
	} else if (error.cause?.code) {
		return { status: 'Error', message: error.cause.code };
	}
	return { status: 'Error', message: String(error.message) };
}

/** lodash-style `a.b.c` lookup, enough for `responseSuccessBody` rule keys. */
function getPath(value: unknown, path: string): unknown {
	let current = value;
	for (const key of path.split('.')) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}
