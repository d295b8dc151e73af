/** In-memory state of one sandbox org. Resources keep one Map each; records are plain data. */

/** The single org every sandbox key belongs to. */
export const SANDBOX_ORG_ID = '5f1e0c0a9d3b2a0017c0ffee';

export type Attributes = Record<string, unknown>;

/** A stored resource: id, its attributes as Kustomer returns them, and who created / last changed it. */
export interface StoredRecord<A extends Attributes = Attributes> {
	id: string;
	attributes: A;
	createdBy: string;
	modifiedBy: string;
}

export interface CustomerAttributes extends Attributes {
	name?: string | null;
	displayName: string;
	externalId?: string | null;
	emails: Array<{ email: string; type?: string; verified?: boolean }>;
	phones: Array<{ phone: string; type?: string; verified?: boolean }>;
	tags: string[];
	custom: Record<string, unknown>;
	createdAt: string;
	updatedAt: string;
	modifiedAt: string;
	rev: number;
	conversationCounts: { all: number; open: number; snoozed: number; done: number };
}

export type CustomerRecord = StoredRecord<CustomerAttributes>;

function hex(value: number, width: number): string {
	return value.toString(16).padStart(width, '0').slice(-width);
}

/**
 * Mongo-style 24-hex ids: 8 hex seconds + 6 hex tag + 10 hex sequence, so ids sort by creation like
 * real ObjectIds and never repeat within one sandbox (the sequence survives reset on purpose: an id handed
 * out before a reset must not silently start pointing at a different record).
 */
export class IdGenerator {
	private sequence = 0;

	next(at: Date = new Date()): string {
		this.sequence++;
		return `${hex(Math.floor(at.getTime() / 1000), 8)}5a4db0${hex(this.sequence, 10)}`;
	}
}

/**
 * Wall clock that never repeats a millisecond: every write gets a strictly later timestamp, so
 * updatedAt always moves forward and sorting by it is stable even for requests in the same millisecond.
 */
export class MonotonicClock {
	private last = 0;

	nowIso(): string {
		const now = Math.max(Date.now(), this.last + 1);
		this.last = now;
		return new Date(now).toISOString();
	}
}

export class SandboxStore {
	readonly customers = new Map<string, CustomerRecord>();
	readonly ids = new IdGenerator();
	readonly clock = new MonotonicClock();

	clear(): void {
		this.customers.clear();
	}
}
