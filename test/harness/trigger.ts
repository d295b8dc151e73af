/**
 * Runs a webhook trigger node of the package the way an active n8n workflow does, with n8n-core's
 * own contexts:
 * - activation calls the node's `webhookMethods.default.checkExists` and, when that says false,
 *   `create`, through a HookContext; deactivation calls `delete`;
 * - a local HTTP server stands in for n8n's webhook endpoint: each POST is parsed as n8n does
 *   (JSON body, raw body kept) and handed to the node's `webhook` method through a WebhookContext;
 *   when the node returns workflowData, that is one execution (the trigger's output items).
 * The workflow's static data is kept between calls, as n8n keeps it for an active workflow.
 */
import './env';

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext } from 'n8n-core';
import { Workflow, deepCopy } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import { latestVersion, nodeCredentials } from './node-utils';
import { loadPackage } from './package-loader';

export interface Delivery {
	status: number;
	body: unknown;
	/** Items of the execution it started, if it started one. */
	execution?: INodeExecutionData[];
}

export interface ActiveTrigger {
	/** The URL the node registered (n8n's production webhook URL of the node). */
	webhookUrl: string;
	/** One entry per execution the trigger started, in order. */
	executions: INodeExecutionData[][];
	/** Every request the webhook endpoint answered. */
	deliveries: Delivery[];
	/** The node's static data (what `getWorkflowStaticData('node')` returns). */
	staticData(): IDataObject;
	/** What `checkExists` says now (as after an n8n restart). */
	checkExists(): Promise<boolean>;
	/** Changes a parameter of the trigger node, as editing the saved workflow would. */
	setParameter(name: string, value: INodeParameters[string]): void;
	/** Runs activation again (checkExists, then create if needed), as n8n does on restart. */
	activate(): Promise<void>;
	/** Deactivates the workflow (the node's `delete`) and stops the endpoint. */
	deactivate(): Promise<void>;
	close(): Promise<void>;
}

export interface TriggerOptions {
	nodeType: string;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	workflowName?: string;
}

/** Request and response objects shaped like the Express ones n8n hands to `webhook()`. */
interface WebhookRequest extends IncomingMessage {
	body?: unknown;
	query?: IDataObject;
	params?: IDataObject;
}

function expressLike(res: ServerResponse) {
	const shim = res as ServerResponse & {
		status(code: number): typeof shim;
		json(body: unknown): typeof shim;
		send(body: unknown): typeof shim;
	};
	shim.status = (code: number) => {
		shim.statusCode = code;
		return shim;
	};
	shim.json = (body: unknown) => {
		if (!shim.headersSent) shim.setHeader('content-type', 'application/json');
		shim.end(JSON.stringify(body));
		return shim;
	};
	shim.send = (body: unknown) => {
		shim.end(typeof body === 'string' ? body : JSON.stringify(body));
		return shim;
	};
	return shim;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

export async function activateTrigger(options: TriggerOptions): Promise<ActiveTrigger> {
	const pkg = await loadPackage();
	const type = pkg.fullNodeType(options.nodeType);
	const typeVersion = latestVersion(pkg.nodeTypes.getByName(type));
	const nodeType = pkg.nodeTypes.getByNameAndVersion(type, typeVersion) as INodeType;
	const node: INode = {
		id: 'harness-trigger',
		name: nodeType.description.defaults.name ?? nodeType.description.displayName,
		type,
		typeVersion,
		position: [0, 0],
		parameters: deepCopy(options.parameters),
		credentials: nodeCredentials(options.credentials),
		webhookId: 'b3c1a6f0-7d2e-4c59-9a1e-5f0d2c7e8a41',
	};
	const workflow = new Workflow({
		id: 'harness-trigger-workflow',
		name: options.workflowName ?? 'Harness trigger',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: pkg.nodeTypes,
		staticData: {},
		settings: { executionOrder: 'v1' },
	});
	const workflowNode = workflow.nodes[node.name];
	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes, options.credentials);

	const executions: INodeExecutionData[][] = [];
	const deliveries: Delivery[] = [];
	const additionalData = createAdditionalData(credentialsHelper);
	const description = nodeType.description.webhooks![0];
	const webhookData: IWebhookData = {
		httpMethod: 'POST',
		node: workflowNode.name,
		path: `${workflowNode.webhookId}/${String(description.path)}`,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: workflowNode.webhookId,
		isTest: false,
	};

	const server: Server = createServer((req: WebhookRequest, res) => {
		void (async () => {
			const raw = await readBody(req);
			req.rawBody = raw;
			try {
				req.body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
			} catch {
				req.body = {};
			}
			req.query = {};
			req.params = {};
			const response = expressLike(res);
			const callData = { ...additionalData, httpRequest: req, httpResponse: response } as IWorkflowExecuteAdditionalData;
			const context = new WebhookContext(workflow, workflowNode, callData, 'webhook', webhookData, [], null);
			const delivery: Delivery = { status: 0, body: undefined };
			deliveries.push(delivery);
			try {
				const result = await nodeType.webhook!.call(context);
				if (result.noWebhookResponse) {
					delivery.status = res.statusCode;
					return;
				}
				if (result.workflowData) {
					delivery.execution = result.workflowData[0];
					executions.push(result.workflowData[0]);
				}
				delivery.body = result.webhookResponse ?? { message: 'Workflow was started' };
				response.status(200).json(delivery.body);
				delivery.status = 200;
			} catch (error) {
				delivery.status = 500;
				delivery.body = { message: (error as Error).message };
				if (!res.headersSent) response.status(500).json(delivery.body);
			}
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	// n8n's production webhook URLs start here.
	additionalData.webhookBaseUrl = `http://127.0.0.1:${port}/webhook`;

	const hook = (name: 'checkExists' | 'create' | 'delete', activation: 'activate' | 'init' = 'activate') => {
		const context = new HookContext(workflow, workflowNode, additionalData, 'trigger', activation, webhookData);
		const method = nodeType.webhookMethods?.default?.[name];
		if (!method) throw new Error(`${type} has no webhookMethods.default.${name}`);
		return method.call(context);
	};
	const activate = async () => {
		if (!(await hook('checkExists'))) await hook('create');
	};
	const webhookUrl = new HookContext(workflow, workflowNode, additionalData, 'trigger', 'activate', webhookData).getNodeWebhookUrl('default') as string;

	const close = async () => {
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	await activate().catch(async (error: unknown) => {
		await close();
		throw error;
	});
	return {
		webhookUrl,
		executions,
		deliveries,
		staticData: () => workflow.getStaticData('node', workflowNode) as IDataObject,
		checkExists: async () => await hook('checkExists', 'init'),
		setParameter: (name, value) => {
			workflowNode.parameters[name] = value;
		},
		activate,
		deactivate: async () => {
			await hook('delete');
			await close();
		},
		close,
	};
}
