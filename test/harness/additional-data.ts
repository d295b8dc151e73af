/**
 * The `additionalData` every n8n-core execution context receives: the subset of the CLI's
 * WorkflowExecuteAdditionalData that a single-node run can reach.
 */
import './env';

import { ExternalSecretsProxy } from 'n8n-core';
import type { ExecutionLifecycleHooks } from 'n8n-core';
import { UnexpectedError } from 'n8n-workflow';
import type { ICredentialsHelper, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

let executionCounter = 0;

export function createAdditionalData(
	credentialsHelper: ICredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	const baseUrl = 'http://localhost:5678/';
	const unavailable = (feature: string) => async () => {
		throw new UnexpectedError(`${feature} is not available in the test harness`);
	};
	return {
		credentialsHelper,
		hooks,
		executionId: hooks?.executionId ?? `harness-${++executionCounter}`,
		userId: 'harness-user',
		currentNodeExecutionIndex: 0,
		restApiUrl: `${baseUrl}rest`,
		instanceBaseUrl: baseUrl,
		formBaseUrl: `${baseUrl}form`,
		formWaitingBaseUrl: `${baseUrl}form-waiting`,
		formTestBaseUrl: `${baseUrl}form-test`,
		webhookBaseUrl: `${baseUrl}webhook`,
		webhookWaitingBaseUrl: `${baseUrl}webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}webhook-test`,
		mcpBaseUrl: `${baseUrl}mcp`,
		mcpTestBaseUrl: `${baseUrl}mcp-test`,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: unavailable('Sub-workflow execution'),
		startRunnerTask: unavailable('The task runner'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
	};
}

export function nextExecutionId(): string {
	return `harness-${++executionCounter}`;
}
