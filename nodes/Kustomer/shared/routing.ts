import { NodeOperationError } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyRouting,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';

import { withAttributeNames } from './customAttributes';
import { coerce, requiredId } from './parameters';
import type { FindCreated, NoFindCreated } from './request';
import { declareRoles, type EndpointRoles } from './roles';
import { kustomerApiRequest, kustomerPath, type KustomerRequest } from './transport';

/**
 * How every operation's request is carried out. n8n's RoutingNode builds the request from the
 * parameters (requestDefaults, operation routing, field routing, preSend functions) and hands it to
 * the node's pagination hook when `paginate` is set. Every operation sets it, so this module is
 * the single place that sends requests (through transport.ts), and later also retries and paces
 * them. Output shaping stays declared per operation as postReceive functions, run here.
 */

export function toKustomerRequest(requestData: DeclarativeRestApiSettings.ResultOptions): KustomerRequest {
	const { options } = requestData;
	const body = options.body as IDataObject | IDataObject[] | undefined;
	const hasBody = Array.isArray(body) || (body !== undefined && Object.keys(body).length > 0);
	const method = (options.method ?? 'GET') as IHttpRequestMethods;
	return {
		method,
		url: options.url ?? '/',
		baseURL: options.baseURL,
		qs: options.qs && Object.keys(options.qs).length ? (options.qs as IDataObject) : undefined,
		// POST/PUT/PATCH always carry a JSON body, even an empty one.
		body: hasBody ? body : method === 'GET' || method === 'DELETE' ? undefined : {},
	};
}

/** Runs the operation's postReceive functions over a response, as RoutingNode would. */
export async function applyOutput(
	context: IExecuteSingleFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	let items: INodeExecutionData[] = [{ json: (response.body ?? {}) as IDataObject }];
	for (const step of requestData.postReceive) {
		for (const action of step.actions) {
			if (typeof action !== 'function') {
				throw new NodeOperationError(
					context.getNode(),
					'Internal error: Kustomer operations declare their output as functions only',
				);
			}
			items = await action.call(context, items, response);
		}
	}
	return withAttributeNames(requestData.options, items);
}

/** Node-level pagination hook: one request, then the operation's output functions. */
export async function sendKustomerRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const response = await kustomerApiRequest(this, toKustomerRequest(requestData));
	return await applyOutput(this, requestData, response);
}

interface OperationRoutingOptions {
	/** The roles the API key needs, per endpoint the operation calls (Kustomer's role tables; roles.ts). */
	roles: EndpointRoles[];
	method: IHttpRequestMethods;
	/** Builds the request path (with encoded parameters); runs before any other preSend. */
	path: PreSendAction;
	preSend?: PreSendAction[];
	output?: PostReceiveAction[];
	/**
	 * Creates whose body can carry an External ID: how to find the record after a lost answer, or why
	 * there is no way (request.ts FindCreated). An operation with its own `execute` passes it on its
	 * create request itself.
	 */
	findCreated?: FindCreated | NoFindCreated;
	/** Replaces the node-level hook (list operations use the paginator). */
	execute?: (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	) => Promise<INodeExecutionData[]>;
}

/** The routing of one operation option. Every operation is built with this, so they all go through the hook above. */
export function operationRouting(options: OperationRoutingOptions): INodePropertyRouting {
	const find = options.findCreated && 'lookup' in options.findCreated ? options.findCreated : undefined;
	const execute = options.execute ?? (find ? sendFinding(find) : undefined);
	const routing: INodePropertyRouting = {
		request: { method: options.method },
		send: { paginate: true, preSend: [options.path, ...(options.preSend ?? [])] },
		output: { postReceive: options.output ?? [] },
		...(execute ? { operations: { pagination: execute } } : {}),
	};
	declareRoles(routing, find && !options.roles.some((entry) => entry.endpoint === find.roles.endpoint) ? [...options.roles, find.roles] : options.roles);
	if (options.findCreated) findCreatedDeclared.set(routing, options.findCreated);
	return routing;
}

const findCreatedDeclared = new WeakMap<object, FindCreated | NoFindCreated>();

/** What an operation's routing declared about finding its record after a lost answer (tests check every create). */
export function findCreatedOf(routing: object): FindCreated | NoFindCreated | undefined {
	return findCreatedDeclared.get(routing);
}

/** The node-level hook for a create that can find its record again: one request, carrying the lookup. */
function sendFinding(findCreated: FindCreated) {
	return async function (this: IExecutePaginationFunctions, requestData: DeclarativeRestApiSettings.ResultOptions): Promise<INodeExecutionData[]> {
		const response = await kustomerApiRequest(this, { ...toKustomerRequest(requestData), findCreated });
		return await applyOutput(this, requestData, response);
	};
}

/** A preSend that sets the URL from a template whose `{name}` parts are read from parameters. */
export function pathFrom(template: string, parameters: Record<string, string> = {}): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions) {
		const values: Record<string, string> = {};
		for (const [name, parameter] of Object.entries(parameters)) {
			values[name] = requiredId(this, parameter, parameterLabel(parameter));
		}
		requestOptions.url = coerce(this, parameterLabel(Object.values(parameters)[0] ?? ''), values, (v) =>
			kustomerPath(template, v as Record<string, string>),
		);
		return requestOptions;
	};
}

function parameterLabel(parameter: string): string {
	const words = parameter.replace(/Id$/, ' ID').replace(/([a-z])([A-Z])/g, '$1 $2');
	return words.charAt(0).toUpperCase() + words.slice(1);
}
