import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteSingleFunctions } from 'n8n-workflow';

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
	const value = context.getNodeParameter(name, '', { extractValue: true });
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!text) throw fieldError(context, label, 'is empty', `Choose a ${label.toLowerCase()} from the list or enter its ID.`);
	return text;
}
