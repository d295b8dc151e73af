/**
 * The search query language of POST /v1/customers/search (https://developer.kustomer.com/docs/concepts/search), independent of the record type:
 * conditions `{ "<attr>": { "<op>": value } }` combined by and / or / not (object or array, nestable),
 * sort, paging. Each queryContext supplies its attributes through a SearchContext.
 */
import type { SearchAttribute, SearchContext } from './context';
import type { SearchTable, SortKey } from './searchIndex';
import type { StoredRecord } from './store';

export class SearchError extends Error {
	constructor(
		message: string,
		readonly pointer: string,
	) {
		super(message);
	}
}

/**
 * The operators Kustomer documents: equals, contains, in, gte, lt, lte and not_set (with value "")
 * (https://developer.kustomer.com/docs/guides/search-recipes ,
 * https://developer.kustomer.com/kustomer-api-docs/reference/customersearch). Anything else (gt, exists...)
 * is refused, so a client relying on an undocumented operator fails here first.
 */
const OPERATORS = ['equals', 'contains', 'in', 'gte', 'lt', 'lte', 'not_set'] as const;
type Operator = (typeof OPERATORS)[number];
type ValueOperator = Exclude<Operator, 'not_set' | 'in'>;
const GROUPS = ['and', 'or', 'not'] as const;
type Group = (typeof GROUPS)[number];

/** At most 20 conditions in one and / or / not group (https://developer.kustomer.com/docs/concepts/search). */
export const MAX_GROUP_CONDITIONS = 20;

/**
 * The only sort keys Kustomer accepts: a fixed list of customer attributes; sorting on any other attribute
 * (conversation_*, message_*, ...) is refused
 * (https://developer.kustomer.com/kustomer-api-docs/reference/customersearch).
 */
export const SORTABLE_ATTRIBUTES: ReadonlySet<string> = new Set([
	'customer_name',
	'customer_gender',
	'customer_created_at',
	'customer_updated_at',
	'customer_modified_at',
	'customer_externalId',
	'customer_activity_at',
	'customer_last_seen_at',
	'customer_signed_up_at',
	'customer_lastmessage_preview',
	'customer_progressive_status',
	'customer_done',
	'customer_open',
	'customer_snoozed',
	'customer_last_message_sent_at',
	'customer_last_message_out_sent_at',
	'customer_last_message_unresponded_to_sent_at',
	'customer_last_message_at',
]);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Offset (local minus UTC, ms) of a time zone at an instant, via Intl (throws RangeError for unknown zones). */
function zoneOffsetMs(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(instant));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return local - Math.floor(instant / 1000) * 1000;
}

/**
 * A query date as a [start, end) range in epoch ms. Local dates (YYYY-MM-DD) cover that whole day in
 * the query's time zone (GMT by default); full timestamps are instants and are not shifted (https://developer.kustomer.com/docs/concepts/search).
 */
function dateRange(value: unknown, timeZone: string | undefined, pointer: string): [number, number] {
	if (typeof value !== 'string' && typeof value !== 'number') throw new SearchError('must be a date', pointer);
	if (typeof value === 'string' && DATE_ONLY.test(value)) {
		const utcMidnight = Date.parse(`${value}T00:00:00Z`);
		if (Number.isNaN(utcMidnight)) throw new SearchError(`"${value}" is not a valid date`, pointer);
		const start = timeZone ? utcMidnight - zoneOffsetMs(utcMidnight, timeZone) : utcMidnight;
		return [start, start + DAY_MS];
	}
	const instant = typeof value === 'number' ? value : Date.parse(value);
	if (Number.isNaN(instant)) throw new SearchError(`"${String(value)}" is not a valid date`, pointer);
	return [instant, instant + 1];
}

/** A filter over the rows of a SearchTable. */
export type RowPredicate = (row: number) => boolean;

/** The filter of an absent condition; recognised by identity so an empty query scans nothing. */
export const ALWAYS: RowPredicate = () => true;

interface CompileOptions<R extends StoredRecord> {
	context: SearchContext<R>;
	table: SearchTable<R>;
	timeZone?: string;
}

/** All of the predicates (plain loops: this runs once per row, tens of thousands of times per search). */
function allOf(preds: RowPredicate[]): RowPredicate {
	if (preds.length === 1) return preds[0];
	return (row) => {
		for (let i = 0; i < preds.length; i++) if (!preds[i](row)) return false;
		return true;
	};
}

function anyOf(preds: RowPredicate[]): RowPredicate {
	if (preds.length === 1) return preds[0];
	return (row) => {
		for (let i = 0; i < preds.length; i++) if (preds[i](row)) return true;
		return false;
	};
}

/** A test of one prepared value (see searchIndex.ts), or `notSet` which looks at the row's values as a whole. */
type Test = { notSet: true } | { one: (value: any) => boolean };

function compileLeaf<R extends StoredRecord>(attrName: string, ops: unknown, pointer: string, opts: CompileOptions<R>): RowPredicate {
	const attr = opts.context.attribute(attrName);
	if (!attr) throw new SearchError(`unknown search attribute "${attrName}" for queryContext "${opts.context.queryContext}"`, pointer);
	if (!ops || typeof ops !== 'object' || Array.isArray(ops)) {
		throw new SearchError(`condition on "${attrName}" must be an object like {"equals": value}`, pointer);
	}
	const entries = Object.entries(ops as Record<string, unknown>);
	if (entries.length === 0) throw new SearchError(`condition on "${attrName}" has no operator`, pointer);
	const tests = entries.map(([op, value]) => compileOperator(attr, op, value, `${pointer}/${op}`, opts.timeZone));
	const { lists, scalar } = opts.table.column(attrName, attr);
	// several operators on one attribute ({gte, lte}) must all hold; each may be met by a different value
	return allOf(
		tests.map((test): RowPredicate => {
			if ('notSet' in test) return (row) => lists[row].length === 0;
			const one = test.one;
			// single-valued dates and numbers: missing is NaN, which every comparison rejects
			if (scalar) return (row) => one(scalar[row]);
			return (row) => {
				const values = lists[row];
				for (let i = 0; i < values.length; i++) if (one(values[i])) return true;
				return false;
			};
		}),
	);
}

function compileOperator<R>(attr: SearchAttribute<R>, op: string, value: unknown, pointer: string, timeZone: string | undefined): Test {
	if (!(OPERATORS as readonly string[]).includes(op)) {
		throw new SearchError(`unsupported operator "${op}"; use one of ${OPERATORS.join(', ')}`, pointer);
	}
	const operator = op as Operator;
	if (operator === 'not_set') {
		if (value !== '' && value !== true) throw new SearchError('not_set takes the value ""', pointer);
		return { notSet: true };
	}
	if (operator === 'in') {
		// in: equals any of a list of values
		if (!Array.isArray(value) || value.length === 0) throw new SearchError('in takes a non-empty list of values', pointer);
		const tests = value.map((item, i) => compileOperator(attr, 'equals', item, `${pointer}/${i}`, timeZone) as { one: (v: any) => boolean });
		return { one: (v) => tests.some((test) => test.one(v)) };
	}
	if (value === null || typeof value === 'object') throw new SearchError(`${op} takes a single value`, pointer);
	if (attr.kind === 'date') {
		const [start, end] = dateRange(value, timeZone, pointer);
		const test: Record<ValueOperator, (t: number) => boolean> = {
			equals: (t) => t >= start && t < end,
			contains: (t) => t >= start && t < end,
			gte: (t) => t >= start,
			lt: (t) => t < start,
			lte: (t) => t < end,
		};
		return { one: test[operator] };
	}
	if (attr.kind === 'number' && operator !== 'contains') {
		const n = Number(value);
		if (Number.isNaN(n)) throw new SearchError(`${op} on a number attribute takes a number`, pointer);
		return { one: { equals: (x: number) => x === n, gte: (x: number) => x >= n, lt: (x: number) => x < n, lte: (x: number) => x <= n }[operator] };
	}
	if (attr.kind === 'boolean') {
		if (operator !== 'equals') throw new SearchError(`${op} is not available on a boolean attribute`, pointer);
		const b = value === true || value === 'true';
		return { one: (v) => v === b };
	}
	const raw = String(value);
	const wanted = attr.normalize ? attr.normalize(raw) : raw;
	switch (operator) {
		case 'equals':
			return { one: (v) => String(v) === wanted };
		case 'contains': {
			const needle = wanted.toLowerCase();
			return { one: (v) => String(v).toLowerCase().includes(needle) };
		}
		default: {
			const test = { gte: (c: number) => c >= 0, lt: (c: number) => c < 0, lte: (c: number) => c <= 0 }[operator];
			return { one: (v) => test(String(v).localeCompare(wanted)) };
		}
	}
}

/** One condition object: each key is an attribute (or a nested and/or/not group); all must hold. */
function compileObject<R extends StoredRecord>(obj: unknown, pointer: string, opts: CompileOptions<R>): RowPredicate {
	if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new SearchError('condition must be an object', pointer);
	const preds = Object.entries(obj as Record<string, unknown>).map(([key, value]) => {
		const ptr = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
		return (GROUPS as readonly string[]).includes(key)
			? compileGroup(key as Group, value, ptr, opts)
			: compileLeaf(key, value, ptr, opts);
	});
	return preds.length === 0 ? ALWAYS : allOf(preds);
}

/** and: all hold; or: any holds (an empty or is no constraint); not: none holds. */
function compileGroup<R extends StoredRecord>(group: Group, node: unknown, pointer: string, opts: CompileOptions<R>): RowPredicate {
	if (node === undefined || node === null) return ALWAYS;
	const items = Array.isArray(node) ? node : [node];
	const conditions = items.reduce((n: number, item) => n + (item && typeof item === 'object' ? Object.keys(item).length : 1), 0);
	if (conditions > MAX_GROUP_CONDITIONS) {
		throw new SearchError(`a "${group}" group holds ${conditions} conditions; Kustomer allows at most ${MAX_GROUP_CONDITIONS}`, pointer);
	}
	const preds = items.map((item, i) => compileObject(item, Array.isArray(node) ? `${pointer}/${i}` : pointer, opts));
	if (preds.length === 0) return ALWAYS;
	if (group === 'and') return allOf(preds);
	if (group === 'or') return anyOf(preds);
	const some = anyOf(preds);
	return (row) => !some(row);
}

export interface SearchQuery {
	and?: unknown;
	or?: unknown;
	not?: unknown;
	sort?: unknown;
	timeZone?: string;
}

/** Row filter built from the top-level and / or / not of a search body. Throws SearchError for a bad query. */
export function compileFilter<R extends StoredRecord>(query: SearchQuery, context: SearchContext<R>, table: SearchTable<R>): RowPredicate {
	if (query.timeZone !== undefined) {
		try {
			new Intl.DateTimeFormat('en-US', { timeZone: query.timeZone });
		} catch {
			throw new SearchError(`unknown time zone "${query.timeZone}"`, '/timeZone');
		}
	}
	const opts = { context, table, timeZone: query.timeZone };
	const parts = GROUPS.map((g) => compileGroup(g, query[g], `/${g}`, opts)).filter((p) => p !== ALWAYS);
	return parts.length === 0 ? ALWAYS : allOf(parts);
}

/** Sort keys from `sort` (object or array of {attr: "asc"|"desc"}), in order; empty when unsorted. */
export function compileSort<R extends StoredRecord>(sort: unknown, context: SearchContext<R>): SortKey<R>[] {
	if (sort === undefined || sort === null) return [];
	const items = Array.isArray(sort) ? sort : [sort];
	const keys: SortKey<R>[] = [];
	items.forEach((item, i) => {
		const base = Array.isArray(sort) ? `/sort/${i}` : '/sort';
		if (!item || typeof item !== 'object' || Array.isArray(item)) throw new SearchError('sort entries must be objects like {"customer_updated_at": "asc"}', base);
		for (const [name, dir] of Object.entries(item as Record<string, unknown>)) {
			const ptr = `${base}/${name}`;
			const attr = context.attribute(name);
			if (!attr || !SORTABLE_ATTRIBUTES.has(name)) {
				throw new SearchError(`sorting on "${name}" is unavailable; Kustomer sorts only on these customer attributes: ${[...SORTABLE_ATTRIBUTES].join(', ')}`, ptr);
			}
			if (dir !== 'asc' && dir !== 'desc') throw new SearchError('sort direction must be "asc" or "desc"', ptr);
			keys.push({ name, attr, dir: dir === 'asc' ? 1 : -1 });
		}
	});
	return keys;
}

/** The kind of a custom attribute from its name's type suffix (fooNum, fooAt, fooBool; anything else is text). */
export function customAttributeKind(name: string): 'number' | 'date' | 'boolean' | 'string' {
	return name.endsWith('Num') ? 'number' : name.endsWith('At') ? 'date' : name.endsWith('Bool') ? 'boolean' : 'string';
}
