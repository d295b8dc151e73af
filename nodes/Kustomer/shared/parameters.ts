import { NodeOperationError, deepCopy } from 'n8n-workflow';
import type { IExecuteSingleFunctions, IGetNodeParameterOptions, INodeParameterResourceLocator } from 'n8n-workflow';

/**
 * Reading parameters inside routing functions. A bad value becomes a NodeOperationError that names
 * the field (as the user sees it) and the item, so nothing is sent for that item.
 */
export function fieldError(
	context: IExecuteSingleFunctions,
	field: string,
	problem: string,
	hint?: string,
): NodeOperationError {
	const itemIndex = context.getItemIndex();
	return new NodeOperationError(context.getNode(), `${field} ${problem} [item ${itemIndex}]`, {
		itemIndex,
		description: hint ?? `Correct "${field}" for item ${itemIndex} and run the node again.`,
	});
}

/** Runs a coercion and turns its Error into a field error. */
export function coerce<T>(
	context: IExecuteSingleFunctions,
	field: string,
	value: unknown,
	convert: (value: unknown) => T,
): T {
	try {
		return convert(value);
	} catch (error) {
		throw fieldError(context, field, (error as Error).message);
	}
}

/** A resource locator's bare value, trimmed; an empty one is an error naming the field. */
export function requiredId(context: IExecuteSingleFunctions, name: string, label: string): string {
	const value = parameter(context, name, '', { extractValue: true });
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!text) throw fieldError(context, label, 'is empty', `Choose a ${label.toLowerCase()} from the list or enter its ID.`);
	return text;
}

const readings = new WeakMap<object, Map<string, unknown>>();

/**
 * A parameter of the current item, evaluated once per item however often the operation reads it
 * (its path, its body and its own checks each read the record's locator, say). An expression may be
 * slow (n8n 2.40 evaluates each in an isolated VM) and n8n already evaluates every top-level
 * parameter itself, so routing code reads parameters through here only; a unit test keeps it so.
 * The readings of one run of the node hang off n8n's execute data for that run, and go with it.
 */
export function parameter<T = unknown>(
	context: IExecuteSingleFunctions,
	name: string,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
): T {
	const run = context.getExecuteData?.() as object | undefined;
	if (!run) return context.getNodeParameter(name, fallback, options) as T;
	let values = readings.get(run);
	if (!values) readings.set(run, (values = new Map()));
	const key = JSON.stringify([context.getItemIndex(), name, fallback ?? null, options ?? null]);
	if (!values.has(key)) values.set(key, context.getNodeParameter(name, fallback, options));
	const value = values.get(key);
	// A caller may change what it gets; the next reader still gets the parameter as evaluated.
	return (value !== null && typeof value === 'object' ? deepCopy(value) : value) as T;
}

/**
 * A resource locator's mode (By ID, By Email, ...), read from the node's parameters as saved: the
 * mode is chosen in the editor, so reading it evaluates nothing. A locator given whole by an
 * expression is evaluated (once per item) to find it.
 */
export function locatorMode(context: IExecuteSingleFunctions, name: string): string {
	const saved = context.getNode().parameters[name] as INodeParameterResourceLocator | string | undefined;
	if (saved && typeof saved === 'object') return String(saved.mode ?? 'id');
	const evaluated = parameter<INodeParameterResourceLocator | undefined>(context, name, undefined, { extractValue: false });
	return String(evaluated?.mode ?? 'id');
}
