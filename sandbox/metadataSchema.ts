/**
 * The shape of one custom attribute definition in PUT /metadata/{resource} (erratum 6 in spec.ts puts it
 * into the in-memory document). Kept apart from spec.ts so the metadata resource can share the patterns.
 */

/** What `target` of a relationship attribute may name: a standard resource or a klass (kobject.<name>). */
export const METADATA_TARGET_PATTERN = '^(customer|company|conversation|message|user|team|kobject\\.[0-9a-zA-Z_-]+)$';

/**
 * One attribute definition as the metadata documents show it (GET/PUT /metadata/{resource} examples and
 * the apps-platform "metadata properties"): displayName, type, enumeration, relationship target/multi,
 * sensitivity. The bookkeeping members a GET returns (modifiedAt...) are accepted so a read-modify-write
 * round trip works; the sandbox sets them itself. Anything else is refused, which catches typos.
 */
export const METADATA_DEFINITION_SCHEMA: Record<string, any> = {
	type: 'object',
	properties: {
		displayName: { type: 'string', minLength: 1, maxLength: 255 },
		type: { type: 'string', minLength: 1, maxLength: 64 },
		description: { type: 'string', maxLength: 1024 },
		enumeration: { type: 'array', maxItems: 1000, items: { anyOf: [{ type: 'string', maxLength: 1024 }, { type: 'number' }] } },
		target: { type: 'string', pattern: METADATA_TARGET_PATTERN },
		multi: { type: 'boolean' },
		array: { type: 'boolean' },
		tree: { type: 'object' },
		hasSensitiveAttributes: { type: 'boolean' },
		sensitive: {
			type: 'object',
			properties: { enabled: { type: 'boolean' }, maskType: { type: 'string', maxLength: 64 } },
			additionalProperties: false,
		},
		modifiedAt: { type: 'string' },
		modifiedBy: { type: 'string' },
		updatedAt: { type: 'string' },
	},
	additionalProperties: false,
};
