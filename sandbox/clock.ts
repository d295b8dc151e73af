/**
 * The time the sandbox's limits count with: the organization's rate limit, the per-key search limit
 * and the per-customer creation caps. Records' stamps have their own clock (store.ts MonotonicClock),
 * which tests move to shape update times; limits follow this one, which a client on the wall clock
 * (the node) must agree with.
 */
export interface Clock {
	now(): number;
}

/** The wall clock, which a test moves forward to let a limit's window pass instead of sleeping. */
export class LimitClock implements Clock {
	private offsetMs = 0;

	now(): number {
		return Date.now() + this.offsetMs;
	}

	/** Moves the clock forward by `ms` (never back). */
	advance(ms: number): void {
		if (!(ms >= 0)) throw new Error('the sandbox clock only moves forward');
		this.offsetMs += ms;
	}

	reset(): void {
		this.offsetMs = 0;
	}
}
