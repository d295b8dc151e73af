/**
 * Runs a polling trigger node of the package the way an active n8n workflow does: each `poll()` is one
 * scheduled check, through n8n-core's own PollContext (mode 'trigger', or 'manual' for the editor's
 * Fetch Test Event). The workflow's static data is kept between polls, as n8n keeps it for an active
 * workflow; `restart()` starts over from a copy of the static data as last saved (n8n saves it when a
 * poll hands items over), as a restarted n8n does.
 */
import './env';

import { PollContext } from 'n8n-core';
import { Workflow, deepCopy } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData, INodeParameters, INodeType, WorkflowExecuteMode } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import { latestVersion, nodeCredentials } from './node-utils';
import { loadPackage } from './package-loader';

export interface PollOutcome {
	/** The items the poll handed to n8n ([] when it returned null). */
	items: INodeExecutionData[];
	/** What the poll threw, if it failed. */
	error?: Error & { description?: string | null };
}

export interface ActivePoller {
	/** One scheduled check. */
	poll(): Promise<PollOutcome>;
	/** The editor's Fetch Test Event (manual mode). */
	fetchTestEvent(): Promise<PollOutcome>;
	/** The node's static data now. */
	staticData(): IDataObject;
	/** A new process: a new workflow whose static data is a copy of what was last saved. */
	restart(): void;
	setParameter(name: string, value: INodeParameters[string]): void;
}

export interface PollerOptions {
	nodeType: string;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
}

export async function activatePoller(options: PollerOptions): Promise<ActivePoller> {
	const pkg = await loadPackage();
	const type = pkg.fullNodeType(options.nodeType);
	const typeVersion = latestVersion(pkg.nodeTypes.getByName(type));
	const nodeType = pkg.nodeTypes.getByNameAndVersion(type, typeVersion) as INodeType;
	const parameters = deepCopy(options.parameters);
	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes, options.credentials);
	let saved: IDataObject = {};

	const build = () => {
		const node: INode = {
			id: 'harness-poller',
			name: nodeType.description.defaults.name ?? nodeType.description.displayName,
			type,
			typeVersion,
			position: [0, 0],
			parameters: deepCopy(parameters),
			credentials: nodeCredentials(options.credentials),
		};
		const workflow = new Workflow({
			id: 'harness-poll-workflow',
			name: 'Harness poll',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: pkg.nodeTypes,
			staticData: deepCopy(saved),
			settings: { executionOrder: 'v1' },
		});
		return { workflow, node: workflow.nodes[node.name] };
	};
	let current = build();

	const run = async (mode: WorkflowExecuteMode): Promise<PollOutcome> => {
		const context = new PollContext(current.workflow, current.node, createAdditionalData(credentialsHelper), mode, 'activate');
		try {
			const result = await nodeType.poll!.call(context);
			const items = result?.[0] ?? [];
			// n8n saves the static data when a poll hands items over (ActiveWorkflowManager's __emit).
			if (items.length && mode !== 'manual') saved = deepCopy(current.workflow.staticData as IDataObject);
			return { items };
		} catch (error) {
			return { items: [], error: error as PollOutcome['error'] };
		}
	};

	return {
		poll: async () => await run('trigger'),
		fetchTestEvent: async () => await run('manual'),
		staticData: () => current.workflow.getStaticData('node', current.node) as IDataObject,
		restart: () => {
			current = build();
		},
		setParameter: (name, value) => {
			parameters[name] = value;
			current.node.parameters[name] = value;
		},
	};
}
