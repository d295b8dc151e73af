import type { INodeProperties } from 'n8n-workflow';

/**
 * Merges top-level properties that are the same in everything but the operations they show for.
 *
 * Each operation file declares its own fields (Simplify among them), which is the clearest way to
 * write them, but n8n's RoutingNode walks every top-level property of a declarative node for every
 * item, twice from n8n 2.40 on (once more to find the base URL), whatever the resource and
 * operation. Fewer top-level properties make every item cheaper.
 *
 * A copy is merged into an earlier twin (same resource, same definition) only when the merged
 * property keeps its place in every operation it shows for: when nothing in between shows for the
 * copy's operations it joins the twin's place, else when nothing in between shows for the twin's
 * operations the twin moves to the copy's place. Properties with routing (functions) are never
 * merged. What the editor shows for each operation, and in which order, stays the same; a unit
 * test checks it for every resource and operation.
 */
export function compactProperties(properties: INodeProperties[]): INodeProperties[] {
	const out: INodeProperties[] = [];
	for (const property of properties) {
		const twinIndex = mergeable(property) ? findTwin(out, property) : -1;
		if (twinIndex === -1) {
			out.push(property);
			continue;
		}
		const twin = out[twinIndex];
		const between = out.slice(twinIndex + 1);
		const merged = withOperations(twin, [...operationsOf(twin), ...operationsOf(property)]);
		if (!between.some((other) => mayShowFor(other, property))) {
			out[twinIndex] = merged;
		} else if (!between.some((other) => mayShowFor(other, twin))) {
			out.splice(twinIndex, 1);
			out.push(merged);
		} else {
			out.push(property);
		}
	}
	return out;
}

function operationsOf(property: INodeProperties): string[] {
	return (property.displayOptions?.show?.operation ?? []) as string[];
}

function resourcesOf(property: INodeProperties): string[] | undefined {
	return property.displayOptions?.show?.resource as string[] | undefined;
}

function withOperations(property: INodeProperties, operation: string[]): INodeProperties {
	const displayOptions = property.displayOptions ?? {};
	return { ...property, displayOptions: { ...displayOptions, show: { ...displayOptions.show, operation } } };
}

function hasFunction(value: unknown): boolean {
	if (typeof value === 'function') return true;
	if (!value || typeof value !== 'object') return false;
	return Object.values(value).some(hasFunction);
}

/** Shown for one resource and a list of operations, without routing. */
function mergeable(property: INodeProperties): boolean {
	return resourcesOf(property)?.length === 1 && operationsOf(property).length > 0 && !hasFunction(property);
}

/** Everything but the operation list. */
function signature(property: INodeProperties): string {
	return JSON.stringify(withOperations(property, []));
}

/** The nearest earlier property with the same signature, or -1. */
function findTwin(out: INodeProperties[], property: INodeProperties): number {
	const wanted = signature(property);
	for (let index = out.length - 1; index >= 0; index--) {
		if (mergeable(out[index]) && signature(out[index]) === wanted) return index;
	}
	return -1;
}

/** Whether `other` may show for any of `property`'s operations (conservative: unknown means yes). */
function mayShowFor(other: INodeProperties, property: INodeProperties): boolean {
	const resources = resourcesOf(other);
	if (!resources) return true;
	if (!resources.some((resource) => resourcesOf(property)?.includes(resource))) return false;
	const operations = other.displayOptions?.show?.operation as string[] | undefined;
	if (!operations) return true;
	return operations.some((operation) => operationsOf(property).includes(operation));
}
