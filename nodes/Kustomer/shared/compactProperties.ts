import type { INodeProperties } from 'n8n-workflow';

/**
 * Merges top-level properties that are the same in everything but the resources and operations they
 * show for, so that each parameter name is one top-level property.
 *
 * Why: n8n's RoutingNode evaluates, for every item, the value of every top-level property under that
 * property's name, whatever the resource and operation shown (twice from n8n 2.40 on: once more to
 * find the base URL). A name carried by ten properties is evaluated ten times per item, and on n8n
 * 2.40 each expression runs in an isolated VM. One property per name keeps that to one evaluation
 * per pass. Each operation file still declares its own fields, the clearest way to write them.
 *
 * A declared property merges into a group of earlier ones with the same definition (but for
 * `show.resource` and `show.operation`) when:
 * - the merged lists add no resource › operation pair of the node that none of them showed for
 *   (showing for `customer` and `note` with `get` must not add `note › get` unless it had the field);
 * - one order of the merged properties still keeps every operation's fields in their declared order
 *   (the properties are then put in that order, the earliest declared first where it leaves a choice).
 * Properties with routing (functions) are never merged. What the editor shows for each operation, and
 * in which order, stays the same; unit tests check it for every resource and operation, and that no
 * two top-level properties but the per-resource Operation selectors share a name.
 */
export function compactProperties(properties: INodeProperties[]): INodeProperties[] {
	const pairs = nodeOperations(properties);
	// Every declared property starts as its own group, named by its index.
	const groupOf = properties.map((_, index) => index);
	const twins = new Map<string, number[]>();
	properties.forEach((property, index) => {
		if (!mergeable(property)) return;
		const wanted = signature(property);
		twins.set(wanted, [...(twins.get(wanted) ?? []), index]);
	});
	for (const members of twins.values()) {
		// All twins together; where that is unsafe or leaves no order, the twins of each resource.
		for (const part of [members, ...byResource(properties, members)]) {
			if (part.length < 2 || part.some((member) => groupOf[member] !== member)) continue;
			if (!safeUnion(part.map((member) => properties[member]), pairs)) continue;
			const tried = groupOf.map((group, index) => (part.includes(index) ? part[0] : group));
			if (orderOf(properties, tried, pairs)) part.forEach((member) => (groupOf[member] = part[0]));
		}
	}
	return (orderOf(properties, groupOf, pairs) as number[]).map((group) =>
		properties.filter((_, index) => groupOf[index] === group).reduce(union),
	);
}

function byResource(properties: INodeProperties[], members: number[]): number[][] {
	const parts = new Map<string, number[]>();
	for (const member of members) {
		const resource = JSON.stringify(resourcesOf(properties[member]));
		parts.set(resource, [...(parts.get(resource) ?? []), member]);
	}
	return [...parts.values()];
}

/**
 * An order of the groups in which every operation's properties come as declared, the earliest
 * declared first where it leaves a choice; undefined when there is none. `groupOf[i]` is the group
 * of the i-th declared property, a group being named by the index of its first member.
 */
function orderOf(properties: INodeProperties[], groupOf: number[], pairs: Set<string>): number[] | undefined {
	const groups = [...new Set(groupOf)];
	const after = new Map(groups.map((group) => [group, new Set<number>()]));
	const before = new Map(groups.map((group) => [group, 0]));
	for (const pair of pairs) {
		let previous = -1;
		groupOf.forEach((group, index) => {
			if (!mayShowForPair(properties[index], pair)) return;
			const next = after.get(previous);
			if (next && previous !== group && !next.has(group)) {
				next.add(group);
				before.set(group, (before.get(group) as number) + 1);
			}
			previous = group;
		});
	}
	const out: number[] = [];
	const ready = groups.filter((group) => before.get(group) === 0);
	while (ready.length) {
		ready.sort((a, b) => b - a);
		const group = ready.pop() as number;
		out.push(group);
		for (const next of after.get(group) as Set<number>) {
			before.set(next, (before.get(next) as number) - 1);
			if (before.get(next) === 0) ready.push(next);
		}
	}
	return out.length === groups.length ? out : undefined;
}

const key = (resource: string, operation: string) => `${resource} › ${operation}`;

/** Every resource › operation pair the node has, read from its Resource and Operation selectors. */
function nodeOperations(properties: INodeProperties[]): Set<string> {
	const pairs = new Set<string>();
	for (const property of properties) {
		if (property.name !== 'operation') continue;
		for (const resource of resourcesOf(property) ?? []) {
			for (const option of (property.options ?? []) as Array<{ value?: unknown }>) {
				pairs.add(key(resource, String(option.value)));
			}
		}
	}
	return pairs;
}

function operationsOf(property: INodeProperties): string[] {
	return (property.displayOptions?.show?.operation ?? []) as string[];
}

function resourcesOf(property: INodeProperties): string[] | undefined {
	return property.displayOptions?.show?.resource as string[] | undefined;
}

/** The pairs a property is shown for, as far as resource and operation decide. */
function shownPairs(property: INodeProperties): string[] {
	return (resourcesOf(property) ?? []).flatMap((resource) => operationsOf(property).map((operation) => key(resource, operation)));
}

function withLists(property: INodeProperties, resource: string[], operation: string[]): INodeProperties {
	const displayOptions = property.displayOptions ?? {};
	return { ...property, displayOptions: { ...displayOptions, show: { ...displayOptions.show, resource, operation } } };
}

const distinct = (values: string[]) => [...new Set(values)];

function union(twin: INodeProperties, copy: INodeProperties): INodeProperties {
	return withLists(
		twin,
		distinct([...(resourcesOf(twin) ?? []), ...(resourcesOf(copy) ?? [])]),
		distinct([...operationsOf(twin), ...operationsOf(copy)]),
	);
}

function hasFunction(value: unknown): boolean {
	if (typeof value === 'function') return true;
	if (!value || typeof value !== 'object') return false;
	return Object.values(value).some(hasFunction);
}

/** Shown for listed resources and operations, without routing. */
function mergeable(property: INodeProperties): boolean {
	return (resourcesOf(property)?.length ?? 0) > 0 && operationsOf(property).length > 0 && !hasFunction(property);
}

/** Everything but the resource and operation lists. */
function signature(property: INodeProperties): string {
	return JSON.stringify(withLists(property, [], []));
}

/** Merging adds no pair of the node that none of the properties was shown for. */
function safeUnion(part: INodeProperties[], pairs: Set<string>): boolean {
	const shown = new Set(part.flatMap(shownPairs));
	return shownPairs(part.reduce(union)).every((pair) => shown.has(pair) || !pairs.has(pair));
}

/** Whether a property may show for a resource › operation pair (conservative: unknown means yes). */
function mayShowForPair(property: INodeProperties, pair: string): boolean {
	const resources = resourcesOf(property);
	const operations = property.displayOptions?.show?.operation as string[] | undefined;
	return (
		(!resources || resources.some((resource) => pair.startsWith(`${resource} › `))) &&
		(!operations || operations.some((operation) => pair.endsWith(` › ${operation}`)))
	);
}
