/**
 * Column store behind POST /customers/search. A search over 25,000 customers must answer a page in a few
 * ms, so per record and attribute the values are prepared once (dates parsed to epoch ms, strings
 * normalized) and each sort order is computed once; both are reused until a record of that context changes.
 * Changes are noticed by identity: same records in the same order with the same `attributes` objects
 * (every sandbox write replaces `attributes`, see store.ts). That check walks the rows once, far cheaper
 * than parsing their dates. After a change the next table starts from the previous one: unchanged rows keep
 * their prepared values, and each sort starts from the old order, which TimSort finishes in about one pass.
 */
import type { SandboxState, SearchAttribute, SearchContext } from './context';
import type { SandboxStore, StoredRecord } from './store';

/** Prepared values of one attribute for every row. */
export interface Column {
	/** One list per row: several values for list attributes, none when missing. */
	lists: ReadonlyArray<readonly unknown[]>;
	/** The same as one number per row (NaN when missing) when the attribute is a date or number with at most one value per row. */
	scalar?: Float64Array;
}

export interface SortKey<R> {
	name: string;
	attr: SearchAttribute<R>;
	/** 1 ascending, -1 descending. */
	dir: number;
}

const NONE: readonly unknown[] = Object.freeze([]);

export function present(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

const DIGIT_0 = 48;

/** Digits of `s` from `start` to `end` as a number, or NaN when any is not a digit. */
function digits(s: string, start: number, end: number): number {
	let n = 0;
	for (let i = start; i < end; i++) {
		const d = s.charCodeAt(i) - DIGIT_0;
		if (d < 0 || d > 9) return Number.NaN;
		n = n * 10 + d;
	}
	return n;
}

/**
 * Epoch ms of the exact shape toISOString() produces (2024-06-01T12:34:56.789Z), which is what the store
 * holds, without Date.parse: parsing 25,000 dates that way is several times faster (much more under jest).
 */
function parseCanonicalIso(s: string): number {
	if (s.length !== 24 || s.charCodeAt(23) !== 90 /* Z */ || s[10] !== 'T' || s[4] !== '-' || s[19] !== '.') return Number.NaN;
	const [month, day, hour, minute, second] = [digits(s, 5, 7), digits(s, 8, 10), digits(s, 11, 13), digits(s, 14, 16), digits(s, 17, 19)];
	// Date.UTC rolls out-of-range fields over (Feb 30 -> Mar 1, hour 25 -> next day); leave anything unusual to Date.parse
	if (!(month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour <= 23 && minute <= 59 && second <= 59)) return Number.NaN;
	return Date.UTC(digits(s, 0, 4), month - 1, day, hour, minute, second, digits(s, 20, 23));
}

export function toTime(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	let t = typeof value === 'number' ? value : parseCanonicalIso(value);
	if (Number.isNaN(t) && typeof value === 'string') t = Date.parse(value);
	return Number.isNaN(t) ? undefined : t;
}

/** One present value in the form the predicates compare: ms for dates, NaN for non-numbers, normalized text. */
function prepare<R>(attr: SearchAttribute<R>, value: unknown): unknown {
	switch (attr.kind) {
		case 'date':
			return toTime(value) ?? Number.NaN;
		case 'number':
			return typeof value === 'number' ? value : Number.NaN;
		case 'boolean':
			return value;
		default: {
			const s = String(value);
			return attr.normalize ? attr.normalize(s) : s;
		}
	}
}

function sortValue(value: unknown): number | string | undefined {
	if (value === undefined) return undefined;
	if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
	if (typeof value === 'boolean') return value ? 1 : 0;
	return String(value).toLowerCase();
}

type RowCompare = (a: number, b: number) => number;

/** Rows by a numeric key (NaN = missing, last in both directions). Kept apart from compareValues so each stays monomorphic. */
function compareNumbers(values: Float64Array, dir: number): RowCompare {
	return (a, b) => {
		const va = values[a];
		const vb = values[b];
		if (va === vb) return 0;
		if (va !== va) return vb !== vb ? 0 : 1;
		if (vb !== vb) return -1;
		return va < vb ? -dir : dir;
	};
}

/** Rows by a text or mixed key (undefined = missing, last in both directions). */
function compareValues(values: Array<number | string | undefined>, dir: number): RowCompare {
	return (a, b) => {
		const va = values[a];
		const vb = values[b];
		if (va === vb) return 0;
		if (va === undefined) return 1;
		if (vb === undefined) return -1;
		return va < vb ? -dir : dir;
	};
}

export class SearchTable<R extends StoredRecord> {
	private readonly attributes: unknown[];
	private readonly columns = new Map<string, Column>();
	private readonly orders = new Map<string, number[]>();
	/** The table this one replaced, while its prepared values may still be reused. */
	private previous?: SearchTable<R>;
	/** Row of the same, unchanged record in `previous`, or -1. */
	private previousRow?: Int32Array;

	constructor(
		readonly records: R[],
		private readonly state: SandboxState,
		previous?: SearchTable<R>,
	) {
		this.attributes = records.map((r) => r.attributes);
		if (previous) this.inherit(previous);
	}

	private inherit(previous: SearchTable<R>): void {
		// keep one generation only, so tables never chain
		previous.previous = undefined;
		previous.previousRow = undefined;
		const rows = new Int32Array(this.records.length).fill(-1);
		let byRecord: Map<R, number> | undefined;
		for (let i = 0; i < this.records.length; i++) {
			const record = this.records[i];
			// edits and appends keep positions; only after a delete is a lookup needed
			let j = previous.records[i] === record ? i : -1;
			if (j < 0) {
				byRecord ??= new Map(previous.records.map((r, k) => [r, k]));
				j = byRecord.get(record) ?? -1;
			}
			if (j >= 0 && previous.attributes[j] === record.attributes) rows[i] = j;
		}
		this.previous = previous;
		this.previousRow = rows;
	}

	/** True when `records` hold exactly the rows this table was built from, unchanged and in the same order. */
	describes(records: ReadonlyMap<string, R>): boolean {
		if (records.size !== this.records.length) return false;
		let i = 0;
		for (const record of records.values()) {
			if (record !== this.records[i] || record.attributes !== this.attributes[i]) return false;
			i++;
		}
		return true;
	}

	column(name: string, attr: SearchAttribute<R>): Column {
		let column = this.columns.get(name);
		if (column) return column;
		const old = this.previous?.columns.get(name);
		const oldRow = this.previousRow;
		let single = attr.kind === 'date' || attr.kind === 'number';
		const lists = this.records.map((record, i) => {
			let out: readonly unknown[];
			if (old && oldRow && oldRow[i] >= 0) {
				out = old.lists[oldRow[i]];
			} else {
				const fresh: unknown[] = [];
				for (const v of attr.values(record, this.state)) if (present(v)) fresh.push(prepare(attr, v));
				out = fresh.length ? fresh : NONE;
			}
			if (out.length > 1) single = false;
			return out;
		});
		column = { lists };
		if (single) column.scalar = Float64Array.from(lists, (values) => (values.length ? (values[0] as number) : Number.NaN));
		this.columns.set(name, column);
		return column;
	}

	/**
	 * Row numbers in sort order, or undefined for the natural (creation) order. Rows without a value sort
	 * last whatever the direction; full ties fall back to the record id in the direction of the first key,
	 * so the order is total and the same on every request: a client paging or windowing by updatedAt with
	 * `gte` never sees rows swap places between pages.
	 */
	order(keys: SortKey<R>[]): number[] | undefined {
		if (keys.length === 0) return undefined;
		const cacheKey = keys.map((k) => `${k.name}:${k.dir}`).join(',');
		let order = this.orders.get(cacheKey);
		if (order) return order;
		const compares = keys.map((k) => {
			const { lists, scalar } = this.column(k.name, k.attr);
			return scalar ? compareNumbers(scalar, k.dir) : compareValues(lists.map((vals) => sortValue(vals[0])), k.dir);
		});
		const ids = this.records.map((r) => r.id);
		const first = keys[0].dir;
		const byId = (a: number, b: number) => (ids[a] === ids[b] ? 0 : (ids[a] < ids[b] ? -1 : 1) * first);
		const [only] = compares;
		order = this.startingOrder(cacheKey);
		order.sort(
			compares.length === 1
				? (a, b) => only(a, b) || byId(a, b)
				: (a, b) => {
						for (let k = 0; k < compares.length; k++) {
							const c = compares[k](a, b);
							if (c !== 0) return c;
						}
						return byId(a, b);
					},
		);
		this.orders.set(cacheKey, order);
		return order;
	}

	/** Every row once: unchanged rows in the previous table's order for these keys, then the rest. */
	private startingOrder(cacheKey: string): number[] {
		const old = this.previous?.orders.get(cacheKey);
		const oldRow = this.previousRow;
		if (!old || !oldRow) return this.records.map((_, i) => i);
		const newRowOf = new Int32Array(this.previous!.records.length).fill(-1);
		const rest: number[] = [];
		for (let i = 0; i < oldRow.length; i++) {
			if (oldRow[i] >= 0) newRowOf[oldRow[i]] = i;
			else rest.push(i);
		}
		const order: number[] = [];
		for (const j of old) if (newRowOf[j] >= 0) order.push(newRowOf[j]);
		return order.concat(rest);
	}
}

const tables = new WeakMap<SandboxStore, Map<string, SearchTable<any>>>();

/** The table of one queryContext, rebuilt (from the previous one) only when its records changed. */
export function searchTable<R extends StoredRecord>(context: SearchContext<R>, state: SandboxState, cacheKey = context.queryContext): SearchTable<R> {
	let byContext = tables.get(state.store);
	if (!byContext) {
		byContext = new Map();
		tables.set(state.store, byContext);
	}
	const records = context.records(state);
	const cached = byContext.get(cacheKey) as SearchTable<R> | undefined;
	if (cached?.describes(records)) return cached;
	const table = new SearchTable([...records.values()], state, cached);
	byContext.set(cacheKey, table);
	return table;
}
