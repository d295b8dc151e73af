/**
 * Jest harness that executes a node package the way n8n does, using only the published
 * n8n-core and n8n-workflow:
 * - the package is loaded by n8n-core's PackageDirectoryLoader from its package.json;
 * - a node runs inside a one-node Workflow through WorkflowExecute, so a declarative node
 *   goes through the real RoutingNode (WorkflowExecute's executeDeclarativeNodeInTest);
 * - credentials are served by a CLI-like CredentialsHelper that applies generic auth.
 *
 * Import this module before anything imports n8n-core (see env.ts).
 */
import './env';

import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import {
	ExecutionBaseError,
	NodeApiError,
	Workflow,
	WorkflowOperationError,
	createRunExecutionData,
	deepCopy,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	JsonObject,
	IWorkflowBase,
} from 'n8n-workflow';

import { createAdditionalData, nextExecutionId } from './additional-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import { latestVersion, nodeCredentials } from './node-utils';
import { loadPackage } from './package-loader';

export { loadPackage } from './package-loader';
export type { LoadedPackage } from './package-loader';
export { testCredential } from './credential-tester';
export { callListSearch, callLoadOptions } from './load-options';

export interface RunNodeOptions {
	/** Default: the project root (nearest package.json with an `n8n` section); dist/ must be built. */
	packageDir?: string;
	/** Node name inside the package, e.g. 'kustomer' (the full 'n8n-nodes-kustomer.kustomer' works too). */
	nodeType: string;
	/** Node parameters as in a workflow JSON; defaults are filled in as n8n does. */
	parameters: INodeParameters;
	/** Input items' json (default [{}]). */
	items?: IDataObject[];
	/** By credential type name, e.g. { kustomerApi: {...} }; omit => no credentials attached. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Node setting onError: 'continueRegularOutput'. */
	continueOnFail?: boolean;
	/** Default: the node's latest version. */
	typeVersion?: number;
}

export interface RunNodeResult {
	/** Output main[0] of the node under test ([] if none). */
	items: INodeExecutionData[];
	/** The node's error when the run failed, as the instance the node threw (NodeApiError, ...). */
	error?: ExecutionBaseError & { description?: string | null };
	durationMs: number;
	/** The run as n8n saves it (IRun: run data of every node, errors included); undefined when the run did not start. */
	run?: IRun;
}

/**
 * Observes the real engine: the only override records what `runNode` threw, because
 * WorkflowExecute stores node errors as plain `{...error}` copies, losing the class.
 */
class ObservedWorkflowExecute extends WorkflowExecute {
	lastNodeError: unknown;

	override async runNode(...args: Parameters<WorkflowExecute['runNode']>): ReturnType<WorkflowExecute['runNode']> {
		try {
			return await super.runNode(...args);
		} catch (error) {
			this.lastNodeError = error;
			throw error;
		}
	}
}

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const pkg = await loadPackage(options.packageDir);
	const startedAt = performance.now();
	const elapsed = () => performance.now() - startedAt;

	const type = pkg.fullNodeType(options.nodeType);
	const typeVersion = options.typeVersion ?? latestVersion(pkg.nodeTypes.getByName(type));
	const description = pkg.nodeTypes.getByNameAndVersion(type, typeVersion).description;
	const node: INode = {
		id: 'harness-node-under-test',
		name: description.defaults.name ?? description.displayName,
		type,
		typeVersion,
		position: [0, 0],
		parameters: deepCopy(options.parameters),
		...(options.credentials && { credentials: nodeCredentials(options.credentials) }),
		...(options.continueOnFail && { onError: 'continueRegularOutput' as const }),
	};
	// The constructor fills in parameter defaults, exactly as when n8n loads a saved workflow.
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Harness',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: pkg.nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const nodeUnderTest = workflow.nodes[node.name];

	const executionId = nextExecutionId();
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData(workflow));
	let finished: IRun | undefined;
	hooks.addHandler('workflowExecuteAfter', (run) => {
		finished = run;
	});
	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes, options.credentials ?? {});
	const additionalData = createAdditionalData(credentialsHelper, hooks);
	const inputItems = (options.items ?? [{}]).map((json) => ({ json: deepCopy(json) }));
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodeUnderTest, data: { main: [inputItems] }, source: null }],
		},
	});

	const workflowExecute = new ObservedWorkflowExecute(additionalData, 'manual', runExecutionData);
	let returned: IRun;
	try {
		returned = await workflowExecute.processRunExecutionData(workflow);
	} catch (error) {
		// Parameter issues (a required parameter left empty) stop the run before it starts,
		// as they do in the editor; report them like any other node error.
		if (error instanceof ExecutionBaseError) return { items: [], error, durationMs: elapsed() };
		throw error;
	} finally {
		unrefSshCleanupTimer();
	}

	const run = finished ?? returned;
	const taskData = run.data.resultData.runData[nodeUnderTest.name]?.[0];
	const items = taskData?.data?.main?.[0] ?? [];
	const recorded = taskData?.error ?? run.data.resultData.error;
	const durationMs = elapsed();
	if (!recorded) return { items, durationMs, run };
	return { items, error: originalError(workflowExecute.lastNodeError, recorded, nodeUnderTest), durationMs, run };
}

function workflowData(workflow: Workflow): IWorkflowBase {
	const now = new Date();
	return {
		id: workflow.id,
		name: workflow.name ?? 'Harness',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		settings: workflow.settings,
	};
}

interface RecordedError {
	message?: string;
	name?: string;
	description?: string | null;
	stack?: string;
}

/**
 * Prefers the instance the node threw; the engine's plain copy is only a fallback (errors
 * raised outside `runNode`), rebuilt as a WorkflowOperationError keeping name and texts.
 */
function originalError(thrown: unknown, recorded: RecordedError, node: INode): RunNodeResult['error'] {
	if (thrown instanceof ExecutionBaseError && thrown.message === recorded.message) return thrown;
	// WorkflowExecute wraps a raw axios error from a programmatic node in NodeApiError.
	if (thrown instanceof Error && (thrown as { isAxiosError?: boolean }).isAxiosError) {
		return new NodeApiError(node, thrown as unknown as JsonObject);
	}
	const rebuilt = new WorkflowOperationError(recorded.message ?? 'Unknown error', undefined, recorded.description ?? undefined);
	if (recorded.name) rebuilt.name = recorded.name;
	if (recorded.stack) rebuilt.stack = recorded.stack;
	return rebuilt;
}

/**
 * SSHClientsManager, created by every execution context, keeps a 60 s cleanup interval.
 * n8n-core 2.40 unrefs it already; older releases did not and kept jest from exiting.
 */
function unrefSshCleanupTimer(): void {
	const manager = Container.get(SSHClientsManager) as unknown as { cleanupTimer?: { unref?: () => void } };
	manager.cleanupTimer?.unref?.();
}
