/**
 * The search query language of POST /v1/customers/search (§6), independent of the record type:
 * conditions `{ "<attr>": { "<op>": value } }` combined by and / or / not (object or array, nestable),
 * sort, paging. Each queryContext supplies its attributes through a SearchContext.
 */
import type { SearchAttribute, SearchContext } from './context';

export class SearchError extends Error {
	constructor(
		message: string,
		readonly pointer: string,
	) {
		super(message);
	}
}

type Predicate<R> = (record: R) => boolean;
export type Comparator<R> = (a: R, b: R) => number;

const OPERATORS = ['equals', 'contains', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;
type Operator = (typeof OPERATORS)[number];
const GROUPS = ['and', 'or', 'not'] as const;
type Group = (typeof GROUPS)[number];

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
 * the query's time zone (GMT by default); full timestamps are instants and are not shifted (§6.1).
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

function toTime(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const t = typeof value === 'number' ? value : Date.parse(value);
	return Number.isNaN(t) ? undefined : t;
}

function present(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

interface CompileOptions<R> {
	context: SearchContext<R>;
	timeZone?: string;
}

function compileLeaf<R>(attrName: string, ops: unknown, pointer: string, opts: CompileOptions<R>): Predicate<R> {
	const attr = opts.context.attribute(attrName);
	if (!attr) throw new SearchError(`unknown search attribute "${attrName}" for queryContext "${opts.context.queryContext}"`, pointer);
	if (!ops || typeof ops !== 'object' || Array.isArray(ops)) {
		throw new SearchError(`condition on "${attrName}" must be an object like {"equals": value}`, pointer);
	}
	const entries = Object.entries(ops as Record<string, unknown>);
	if (entries.length === 0) throw new SearchError(`condition on "${attrName}" has no operator`, pointer);
	// several operators on one attribute ({gte, lte}) must all hold
	const preds = entries.map(([op, value]) => compileOperator(attr, op, value, `${pointer}/${op}`, opts));
	return (r) => preds.every((p) => p(r));
}

function compileOperator<R>(attr: SearchAttribute<R>, op: string, value: unknown, pointer: string, opts: CompileOptions<R>): Predicate<R> {
	if (!(OPERATORS as readonly string[]).includes(op)) {
		throw new SearchError(`unsupported operator "${op}"; use one of ${OPERATORS.join(', ')}`, pointer);
	}
	const operator = op as Operator;
	if (operator === 'exists') {
		if (typeof value !== 'boolean') throw new SearchError('exists takes true or false', pointer);
		return (r) => attr.values(r).some(present) === value;
	}
	if (value === null || typeof value === 'object') throw new SearchError(`${op} takes a single value`, pointer);
	const norm = (v: unknown) => {
		const s = String(v);
		return attr.normalize ? attr.normalize(s) : s;
	};
	if (attr.kind === 'date') {
		const [start, end] = dateRange(value, opts.timeZone, pointer);
		const test: Record<Exclude<Operator, 'exists'>, (t: number) => boolean> = {
			equals: (t) => t >= start && t < end,
			contains: (t) => t >= start && t < end,
			gt: (t) => t >= end,
			gte: (t) => t >= start,
			lt: (t) => t < start,
			lte: (t) => t < end,
		};
		return (r) => attr.values(r).some((v) => {
			const t = toTime(v);
			return t !== undefined && test[operator](t);
		});
	}
	if (attr.kind === 'number' && operator !== 'contains') {
		const n = Number(value);
		if (Number.isNaN(n)) throw new SearchError(`${op} on a number attribute takes a number`, pointer);
		const test = { equals: (x: number) => x === n, gt: (x: number) => x > n, gte: (x: number) => x >= n, lt: (x: number) => x < n, lte: (x: number) => x <= n }[operator];
		return (r) => attr.values(r).some((v) => typeof v === 'number' && test(v));
	}
	if (attr.kind === 'boolean') {
		if (operator !== 'equals') throw new SearchError(`${op} is not available on a boolean attribute`, pointer);
		const b = value === true || value === 'true';
		return (r) => attr.values(r).some((v) => v === b);
	}
	const wanted = norm(value);
	switch (operator) {
		case 'equals':
			return (r) => attr.values(r).some((v) => present(v) && norm(v) === wanted);
		case 'contains': {
			const needle = wanted.toLowerCase();
			return (r) => attr.values(r).some((v) => present(v) && norm(v).toLowerCase().includes(needle));
		}
		default: {
			const cmp = (v: unknown) => norm(v).localeCompare(wanted);
			const test = { gt: (c: number) => c > 0, gte: (c: number) => c >= 0, lt: (c: number) => c < 0, lte: (c: number) => c <= 0 }[operator];
			return (r) => attr.values(r).some((v) => present(v) && test(cmp(v)));
		}
	}
}

/** One condition object: each key is an attribute (or a nested and/or/not group); all must hold. */
function compileObject<R>(obj: unknown, pointer: string, opts: CompileOptions<R>): Predicate<R> {
	if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new SearchError('condition must be an object', pointer);
	const preds = Object.entries(obj as Record<string, unknown>).map(([key, value]) => {
		const ptr = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
		return (GROUPS as readonly string[]).includes(key)
			? compileGroup(key as Group, value, ptr, opts)
			: compileLeaf(key, value, ptr, opts);
	});
	return (r) => preds.every((p) => p(r));
}

/** and: all hold; or: any holds (an empty or is no constraint); not: none holds. */
function compileGroup<R>(group: Group, node: unknown, pointer: string, opts: CompileOptions<R>): Predicate<R> {
	if (node === undefined || node === null) return () => true;
	const items = Array.isArray(node) ? node : [node];
	const preds = items.map((item, i) => compileObject(item, Array.isArray(node) ? `${pointer}/${i}` : pointer, opts));
	if (preds.length === 0) return () => true;
	if (group === 'and') return (r) => preds.every((p) => p(r));
	if (group === 'or') return (r) => preds.some((p) => p(r));
	return (r) => !preds.some((p) => p(r));
}

export interface SearchQuery {
	and?: unknown;
	or?: unknown;
	not?: unknown;
	sort?: unknown;
	timeZone?: string;
}

/** Filter built from the top-level and / or / not of a search body. Throws SearchError for a bad query. */
export function compileFilter<R>(query: SearchQuery, context: SearchContext<R>): Predicate<R> {
	if (query.timeZone !== undefined) {
		try {
			new Intl.DateTimeFormat('en-US', { timeZone: query.timeZone });
		} catch {
			throw new SearchError(`unknown time zone "${query.timeZone}"`, '/timeZone');
		}
	}
	const opts = { context, timeZone: query.timeZone };
	const parts = GROUPS.map((g) => compileGroup(g, query[g], `/${g}`, opts));
	return (r) => parts.every((p) => p(r));
}

function sortKey(value: unknown, kind: SearchAttribute<unknown>['kind']): number | string | undefined {
	if (!present(value)) return undefined;
	if (kind === 'date') return toTime(value);
	if (kind === 'number') return typeof value === 'number' ? value : undefined;
	return String(value).toLowerCase();
}

/**
 * Comparator from `sort` (object or array of {attr: "asc"|"desc"}); 0 on ties. `direction` is the first
 * key's direction (1 when unsorted), for callers breaking ties by creation order.
 */
export function compileSort<R>(sort: unknown, context: SearchContext<R>): { compare: Comparator<R>; direction: number } {
	if (sort === undefined || sort === null) return { compare: () => 0, direction: 1 };
	const items = Array.isArray(sort) ? sort : [sort];
	const keys: Array<{ attr: SearchAttribute<R>; dir: number }> = [];
	items.forEach((item, i) => {
		const base = Array.isArray(sort) ? `/sort/${i}` : '/sort';
		if (!item || typeof item !== 'object' || Array.isArray(item)) throw new SearchError('sort entries must be objects like {"customer_updated_at": "asc"}', base);
		for (const [name, dir] of Object.entries(item as Record<string, unknown>)) {
			const ptr = `${base}/${name}`;
			const attr = context.attribute(name);
			if (!attr || !attr.sortable) throw new SearchError(`sorting on "${name}" is unavailable`, ptr);
			if (dir !== 'asc' && dir !== 'desc') throw new SearchError('sort direction must be "asc" or "desc"', ptr);
			keys.push({ attr, dir: dir === 'asc' ? 1 : -1 });
		}
	});
	const compare: Comparator<R> = (a, b) => {
		for (const { attr, dir } of keys) {
			const ka = sortKey(attr.values(a)[0], attr.kind);
			const kb = sortKey(attr.values(b)[0], attr.kind);
			if (ka === kb) continue;
			// records without a value sort last whatever the direction
			if (ka === undefined) return 1;
			if (kb === undefined) return -1;
			return (ka < kb ? -1 : 1) * dir;
		}
		return 0;
	};
	return { compare, direction: keys[0]?.dir ?? 1 };
}
