/** Scripted failures: what flaky networks and Kustomer's edge do to a client, on demand. */

export type FaultKind = 'status' | 'reset' | 'delay' | 'html' | 'malformed' | 'echo';

/**
 * How an 'echo' fault repeats the request's headers, and its body as a last `body:` line (a
 * misconfigured proxy or debug endpoint):
 * - json: `{ errors: [{ title, detail }], headers }`, the headers as an object and as text;
 * - text: a plain-text page listing `Name: value` lines;
 * - base64: `{ errors: [...], trace }` with the header lines base64-encoded;
 * - url: `{ errors: [...], replay }`, the header lines URL-encoded as a query string;
 * - split: `{ errors: [...], parts }`, the Authorization value cut into 4-character strings in order;
 * - spaced: `{ errors: [...], parts }`, those 4-character parts in one string, separated by spaces;
 * - fields: `{ errors: [...], parts }`, those parts each in an object of its own, `[{ part }, …]`.
 */
export type EchoShape = 'json' | 'text' | 'base64' | 'url' | 'split' | 'spaced' | 'fields';

export interface FaultSpec {
	match?: { method?: string; path?: RegExp | string };
	/** How many matching requests it hits; default 1. Infinity keeps it until clear(). */
	times?: number;
	kind: FaultKind;
	/** 'status': status answered (default 500); 'html': overrides the default 502. */
	status?: number;
	/** 'delay': wait before answering normally (default 1000 ms); other kinds: wait before failing (default 0). */
	delayMs?: number;
	/** 'status': the JSON body to answer instead of the default `{ errors: [...] }` (e.g. Kustomer's other error shape). */
	body?: unknown;
	/** Extra response headers, e.g. retry-after. */
	headers?: Record<string, string>;
	/**
	 * Carry the request out first, then fail its answer: the change is made but the client never
	 * hears of it (a lost answer). Default false: the fault answers before anything happens.
	 */
	after?: boolean;
	/** Hit only every n-th matching request (n >= 1); the others pass. Default 1. */
	every?: number;
	/** 'echo': how the request's headers come back (default json); the status is `status` (default 200). */
	echo?: EchoShape;
}

export interface ActiveFault extends FaultSpec {
	remaining: number;
	/** Matching requests seen so far, for `every`. */
	seen: number;
}

const KINDS: FaultKind[] = ['status', 'reset', 'delay', 'html', 'malformed', 'echo'];

export class FaultInjector {
	private faults: ActiveFault[] = [];

	/** Queues a fault; the first matching fault with hits left is used, one per request. */
	add(fault: FaultSpec): void {
		if (!KINDS.includes(fault.kind)) throw new Error(`unknown fault kind "${String(fault.kind)}"`);
		const times = fault.times ?? 1;
		if (!(times > 0)) throw new Error('fault times must be > 0');
		const every = fault.every ?? 1;
		if (!(Number.isInteger(every) && every >= 1)) throw new Error('fault every must be a whole number >= 1');
		this.faults.push({ ...fault, remaining: times, seen: 0 });
	}

	clear(): void {
		this.faults = [];
	}

	/** Faults still armed (a copy). */
	get pending(): ActiveFault[] {
		return this.faults.map((f) => ({ ...f }));
	}

	/** Finds and consumes the fault for this request, if any. `path` is the raw pathname. */
	take(method: string, path: string): ActiveFault | undefined {
		const fault = this.faults.find((f) => f.remaining > 0 && matches(f, method, path) && ++f.seen % (f.every ?? 1) === 0);
		if (!fault) return undefined;
		fault.remaining--;
		if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
		return { ...fault };
	}
}

/** A string path must equal the pathname; a RegExp is tested against it. */
function matches(fault: FaultSpec, method: string, path: string): boolean {
	const m = fault.match;
	if (!m) return true;
	if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
	if (m.path instanceof RegExp) {
		m.path.lastIndex = 0;
		return m.path.test(path);
	}
	if (typeof m.path === 'string') return m.path === path;
	return true;
}

/** Builds a FaultSpec from the JSON accepted by POST /__sandbox/faults (path is a regex source string). */
export function faultFromJson(input: unknown): FaultSpec {
	if (!input || typeof input !== 'object') throw new Error('fault must be a JSON object');
	const raw = input as Record<string, any>;
	const match = raw.match && typeof raw.match === 'object' ? raw.match : undefined;
	return {
		kind: raw.kind,
		times: raw.times === undefined || raw.times === null ? undefined : Number(raw.times),
		status: raw.status === undefined ? undefined : Number(raw.status),
		delayMs: raw.delayMs === undefined ? undefined : Number(raw.delayMs),
		headers: raw.headers && typeof raw.headers === 'object' ? raw.headers : undefined,
		after: raw.after === true,
		every: raw.every === undefined || raw.every === null ? undefined : Number(raw.every),
		echo: typeof raw.echo === 'string' ? (raw.echo as EchoShape) : undefined,
		match: match
			? {
					method: typeof match.method === 'string' ? match.method : undefined,
					path: typeof match.path === 'string' ? new RegExp(match.path, typeof match.flags === 'string' ? match.flags : '') : undefined,
				}
			: undefined,
	};
}
