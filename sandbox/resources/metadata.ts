/**
 * Custom attribute metadata (https://developer.kustomer.com/api/core-resources/update-custom-attribute-metadata): GET and PUT /metadata/{resource} for customer, conversation, message,
 * company and kobject.<klass name>. PUT merges: definitions are merged by attribute name (members of an
 * existing definition the body leaves out stay), attributes the body does not name stay untouched.
 * Answered in the document's example envelope: { data: { type: 'metadata', id: <resource>, attributes:
 * { properties } } }.
 */
import type { HandlerContext, ResourceModule, SandboxState } from '../context';
import { bump } from '../context';
import { errorResponse, invalid, notFound, relationship, type ResourceObject, type SandboxResponse } from '../envelope';
import type { AttributeDefinition, MetadataAttributes, MetadataRecord } from '../store';
import { SANDBOX_ORG_ID } from '../store';
import { definitionFor, emptyMetadata } from '../customAttributes';
import { RELATIONSHIP_ATTRIBUTE_PATTERN } from '../spec';
import { findKlassByName } from './kobjectModel';

const TYPE = 'metadata';

const STANDARD_RESOURCES = ['customer', 'conversation', 'message', 'company'];

/** Documented caps (https://developer.kustomer.com/docs/concepts/custom-attributes): 100 properties and 20 relationships per resource. */
const MAX_PROPERTIES = 100;
const MAX_RELATIONSHIPS = 20;

/** Members of a definition the sandbox maintains itself; values sent for them are ignored. */
const BOOKKEEPING = ['modifiedAt', 'modifiedBy', 'updatedAt'];

export function renderMetadata(record: MetadataRecord): ResourceObject {
	const { properties, relationships, standardProperties, validations } = record.attributes;
	const attributes: Record<string, unknown> = { properties: { ...properties } };
	if (Object.keys(relationships).length) attributes.relationships = { ...relationships };
	if (standardProperties && Object.keys(standardProperties).length) attributes.standardProperties = { ...standardProperties };
	if (validations) attributes.validations = [...validations];
	return {
		type: TYPE,
		id: record.id,
		attributes,
		relationships: { org: relationship({ type: 'org', id: SANDBOX_ORG_ID }) },
		links: { self: `/v1/metadata/${record.id}` },
	};
}

/** The stored (or, for a klass without definitions yet, an empty) record of `resource`, or the error to answer. */
function resolve(state: SandboxState, resource: string): MetadataRecord | SandboxResponse {
	if (resource.startsWith('kobject.')) {
		const klassName = resource.slice('kobject.'.length);
		if (!findKlassByName(state, klassName)) return notFound(`klass "${klassName}" not found, so ${resource} has no metadata`);
	} else if (!STANDARD_RESOURCES.includes(resource)) {
		return invalid(`resource must be one of ${STANDARD_RESOURCES.join(', ')} or kobject.<klass name>`, { parameter: 'resource' }, `got "${resource}"`);
	}
	return state.store.metadata.get(resource) ?? emptyMetadata(resource);
}

const isRecord = (value: MetadataRecord | SandboxResponse): value is MetadataRecord => 'attributes' in value;

function get(ctx: HandlerContext): SandboxResponse {
	const record = resolve(ctx.state, ctx.params.resource);
	return isRecord(record) ? { status: 200, body: { data: renderMetadata(record) } } : record;
}

/** Merges `changes` into `current` by attribute name; each changed definition gets defaults and bookkeeping. */
function mergeDefinitions(
	current: Record<string, AttributeDefinition>,
	changes: unknown,
	userId: string,
	now: string,
): Record<string, AttributeDefinition> {
	const merged = { ...current };
	if (!changes || typeof changes !== 'object') return merged;
	for (const [name, given] of Object.entries(changes as Record<string, AttributeDefinition>)) {
		const members = { ...(current[name] ?? {}), ...given };
		for (const key of BOOKKEEPING) delete members[key];
		merged[name] = definitionFor(name, members, userId, now);
	}
	return merged;
}

/** Relationship attributes must say what they point at, and a klass they point at must exist. */
function badRelationship(state: SandboxState, member: string, definitions: Record<string, AttributeDefinition>, changed: unknown): SandboxResponse | undefined {
	for (const name of Object.keys((changed as Record<string, unknown> | undefined) ?? {})) {
		if (!RELATIONSHIP_ATTRIBUTE_PATTERN.test(name)) continue;
		const target = definitions[name].target;
		const pointer = `/${member}/${name}/target`;
		if (typeof target !== 'string') return invalid(`${pointer} is required: attributes ending in Id are relationships and need a target`, { pointer });
		if (target.startsWith('kobject.') && !findKlassByName(state, target.slice('kobject.'.length))) {
			return invalid(`${pointer} names klass "${target.slice('kobject.'.length)}", which does not exist`, { pointer });
		}
	}
	return undefined;
}

function put(ctx: HandlerContext): SandboxResponse {
	const { state, principal } = ctx;
	const resource = ctx.params.resource;
	const record = resolve(state, resource);
	if (!isRecord(record)) return record;
	const body = (ctx.body ?? {}) as Record<string, unknown>;
	const now = state.store.clock.nowIso();
	// Merge or replace is not documented (https://developer.kustomer.com/api/core-resources/update-custom-attribute-metadata):
	// store.metadataPut chooses; 'replace' keeps nothing the body leaves out, so a test can prove a
	// client loses nothing either way.
	const replace = state.store.metadataPut === 'replace';
	const old: MetadataAttributes = replace ? { ...record.attributes, properties: {}, relationships: {}, standardProperties: undefined, validations: undefined } : record.attributes;
	const next: MetadataAttributes = {
		...old,
		properties: mergeDefinitions(old.properties, body.properties, principal.userId, now),
		relationships: mergeDefinitions(old.relationships, body.relationships, principal.userId, now),
	};
	if (body.standardProperties && typeof body.standardProperties === 'object') {
		next.standardProperties = { ...(old.standardProperties ?? {}), ...(body.standardProperties as Record<string, unknown>) };
	}
	if (Array.isArray(body.validations)) next.validations = body.validations as string[];
	const problem =
		badRelationship(state, 'properties', next.properties, body.properties) ??
		badRelationship(state, 'relationships', next.relationships, body.relationships);
	if (problem) return problem;
	if (Object.keys(next.properties).length > MAX_PROPERTIES || Object.keys(next.relationships).length > MAX_RELATIONSHIPS) {
		return errorResponse(400, 'invalid', `${resource} metadata may hold at most ${MAX_PROPERTIES} properties and ${MAX_RELATIONSHIPS} relationships`, {
			detail: `after this update it would hold ${Object.keys(next.properties).length} properties and ${Object.keys(next.relationships).length} relationships`,
		});
	}
	const updated: MetadataRecord = { ...record, attributes: next, modifiedBy: principal.userId };
	state.store.metadata.set(resource, updated);
	bump(state.counters.updated, TYPE);
	return { status: 200, body: { data: renderMetadata(updated) } };
}

export const metadata: ResourceModule = {
	name: 'metadata',
	handlers: {
		GetCustomAttributeMetadata: get,
		UpdateCustomAttributeMetadata: put,
	},
};
