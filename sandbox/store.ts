/**
 * In-memory state of one sandbox org. Resources keep one Map each; records are plain data.
 * Writers replace `record.attributes` with a new object instead of editing it in place: the search
 * index (searchIndex.ts) notices changes by attribute-object identity, which keeps that check cheap.
 */
import { seedAccount } from './account';
import { DEFAULT_BULK_SETTINGS, TimerSet, type BulkJob, type BulkSettings } from './bulkJobs';
import { seedMetadata } from './customAttributes';
import type { DraftRecord, ForwardRecord } from './resources/drafts';
import type { OutboundWebhookRecord } from './webhooks';
import { DEFAULT_MERGE_SETTINGS, type CustomerMerge, type MergeSettings } from './customerMergeData';

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

/** A company (https://developer.kustomer.com/api/core-resources/create-company); `deleted: true` once deleted. */
export interface CompanyAttributes extends Attributes {
	name: string;
	externalId?: string | null;
	domains: Array<{ domain: string }>;
	tags: string[];
	custom: Record<string, unknown>;
	deleted?: boolean;
	createdAt: string;
	updatedAt: string;
	modifiedAt: string;
	rev: number;
}

export type CompanyRecord = StoredRecord<CompanyAttributes>;

export interface ConversationCounts {
	all: number;
	open: number;
	snoozed: number;
	done: number;
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
	conversationCounts: ConversationCounts;
}

export type CustomerRecord = StoredRecord<CustomerAttributes>;

export type ConversationStatus = 'open' | 'snoozed' | 'done';

export interface ConversationAttributes extends Attributes {
	name: string;
	externalId?: string | null;
	status: ConversationStatus;
	priority: number;
	direction: 'in' | 'out';
	channels: string[];
	messageCount: number;
	noteCount: number;
	outboundMessageCount: number;
	inboundMessageCount: number;
	/** Tag ids (names sent by clients are resolved through the tag store). */
	tags: string[];
	assignedUsers: string[];
	assignedTeams: string[];
	custom: Record<string, unknown>;
	createdAt: string;
	updatedAt: string;
	modifiedAt: string;
	rev: number;
}

export interface ConversationRecord extends StoredRecord<ConversationAttributes> {
	customerId: string;
	/** Routing queue id from `queue: {id}`, rendered as the `queue` relationship. */
	queueId?: string;
}

export interface NoteAttributes extends Attributes {
	body: string;
	userMentions: Array<{ user?: string; team?: string }>;
	createdAt: string;
	updatedAt: string;
	modifiedAt: string;
}

export interface NoteRecord extends StoredRecord<NoteAttributes> {
	conversationId: string;
	customerId: string;
}

export interface MessageAttributes extends Attributes {
	channel: string;
	app: string;
	direction: 'in' | 'out';
	createdAt: string;
	updatedAt: string;
	modifiedAt: string;
}

export interface MessageRecord extends StoredRecord<MessageAttributes> {
	conversationId: string;
	customerId: string;
}

/** Users, teams, tags and queues: the account lists a node reads for its dropdowns. */
export type AccountRecord = StoredRecord<Attributes & { name: string; createdAt: string; updatedAt: string }>;

export type KlassStatus = 'enabled' | 'disabled';

/** A Klass (https://developer.kustomer.com/api/core-resources/create-klass): the schema of one kind of custom object. `name` never changes after creation. */
export interface KlassAttributes extends Attributes {
	name: string;
	displayName: string;
	icon: string;
	color: string;
	status: KlassStatus;
	mixins: string[];
	appDisabled: boolean;
	createdAt: string;
	updatedAt: string;
}

export type KlassRecord = StoredRecord<KlassAttributes>;

export interface KObjectAttributes extends Attributes {
	title: string;
	externalId?: string;
	images: string[];
	tags: string[];
	custom: Record<string, unknown>;
	createdAt: string;
	updatedAt: string;
	rev: number;
}

/** A custom object (https://developer.kustomer.com/api/core-resources/create-kobject), stored under its klass's name (immutable, so safe as the link). */
export interface KObjectRecord extends StoredRecord<KObjectAttributes> {
	klassId: string;
	klassName: string;
	customerId?: string;
	companyId?: string;
}

/** One custom attribute definition (displayName, type, enumeration, target...). */
export type AttributeDefinition = Record<string, unknown>;

/** Custom attribute metadata of one resource (customer, conversation, kobject.<klass>...); id = resource. */
export interface MetadataAttributes extends Attributes {
	properties: Record<string, AttributeDefinition>;
	relationships: Record<string, AttributeDefinition>;
	standardProperties?: Record<string, unknown>;
	validations?: string[];
}

export type MetadataRecord = StoredRecord<MetadataAttributes>;

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
 * Tests move it instead of sleeping: `advance(ms)` puts every later stamp that far ahead of the wall
 * clock, and `pin(ms)` stamps every write with that same millisecond (several records updated in one
 * millisecond, as Kustomer can do) until `pin()` unpins it.
 */
export class MonotonicClock {
	private last = 0;
	private offsetMs = 0;
	private pinned: number | undefined;

	nowMs(): number {
		if (this.pinned !== undefined) return this.pinned;
		const now = Math.max(Date.now() + this.offsetMs, this.last + 1);
		this.last = now;
		return now;
	}

	nowIso(): string {
		return new Date(this.nowMs()).toISOString();
	}

	/** The clock's time without taking a stamp (what a due check compares with). */
	peekMs(): number {
		return this.pinned ?? Math.max(Date.now() + this.offsetMs, this.last);
	}


	/** Moves the clock forward by `ms` (never back). */
	advance(ms: number): void {
		if (!(ms >= 0)) throw new Error('the sandbox clock only moves forward');
		this.offsetMs += ms;
	}

	/** Stamps every write with `at` (epoch ms, not before the last stamp) until called without one. */
	pin(at?: number): void {
		if (at === undefined) {
			if (this.pinned !== undefined) this.last = Math.max(this.last, this.pinned);
			this.pinned = undefined;
			return;
		}
		if (at < this.last) throw new Error('the sandbox clock cannot be pinned before its last stamp');
		this.pinned = at;
	}

	/** Back to the wall clock (after a store reset: no record holds a later stamp). */
	reset(): void {
		this.last = 0;
		this.offsetMs = 0;
		this.pinned = undefined;
	}
}

/** Which deleted records a search with `includeDeleted` finds, by queryContext (customer, conversation, kobject_<klass>...). */
export type Tombstones = Map<string, Map<string, StoredRecord>>;

export class SandboxStore {
	readonly customers = new Map<string, CustomerRecord>();
	readonly companies = new Map<string, CompanyRecord>();
	readonly conversations = new Map<string, ConversationRecord>();
	readonly notes = new Map<string, NoteRecord>();
	readonly messages = new Map<string, MessageRecord>();
	readonly users = new Map<string, AccountRecord>();
	readonly teams = new Map<string, AccountRecord>();
	/** Seeded tags plus every tag name first used on a customer or conversation. */
	readonly tags = new Map<string, AccountRecord>();
	readonly queues = new Map<string, AccountRecord>();
	readonly klasses = new Map<string, KlassRecord>();
	readonly kobjects = new Map<string, KObjectRecord>();
	/** By resource name: customer, conversation, message, company, kobject.<klass name>. */
	readonly metadata = new Map<string, MetadataRecord>();
	readonly bulkJobs = new Map<string, BulkJob>();
	/** Customer merges (resources/customerMerges.ts). */
	readonly customerMerges = new Map<string, CustomerMerge>();
	/** When queued merges run (KustomerSandbox.setMergeSettings). */
	mergeSettings: MergeSettings = { ...DEFAULT_MERGE_SETTINGS };
	/** Outbound webhook registrations (POST /v1/outbound-webhooks); webhooks.ts delivers to them. */
	readonly outboundWebhooks = new Map<string, OutboundWebhookRecord>();
	/** Drafts held (not yet sent: saved or scheduled) and forwards, by ID (resources/drafts.ts). */
	readonly drafts = new Map<string, DraftRecord>();
	readonly forwards = new Map<string, ForwardRecord>();
	/** Timing of bulk jobs posted from now on (KustomerSandbox.setBulkTiming). */
	bulkSettings: BulkSettings = { ...DEFAULT_BULK_SETTINGS };
	/**
	 * Whether PUT /v1/metadata merges `properties` into the stored ones (the default) or replaces them.
	 * Kustomer's docs do not say; tests use 'replace' to prove a client keeps what it did not send.
	 */
	metadataPut: 'merge' | 'replace' = 'merge';
	/** Pending wake-ups of bulk jobs; cleared with the jobs. */
	readonly timers = new TimerSet();
	readonly ids = new IdGenerator();
	readonly clock = new MonotonicClock();
	/**
	 * Deleted records, kept for search's `includeDeleted` (https://developer.kustomer.com/docs/concepts/search):
	 * their attributes carry `deleted: true` and `deletedAt`, and `updatedAt` is the deletion time (see tombstone).
	 */
	readonly tombstones: Tombstones = new Map();

	constructor() {
		seedAccount(this);
		seedMetadata(this);
	}

	/**
	 * Empties every resource and cancels pending bulk work, then puts the fixed account lists (users,
	 * teams, tags, queues) and the seeded attribute metadata back. Bulk settings are left alone.
	 */
	clear(): void {
		this.timers.clear();
		this.metadataPut = 'merge';
		const maps = [this.customers, this.companies, this.conversations, this.notes, this.messages, this.users, this.teams, this.tags, this.queues];
		for (const map of [...maps, this.klasses, this.kobjects, this.metadata, this.bulkJobs, this.customerMerges, this.outboundWebhooks, this.drafts, this.forwards, this.tombstones]) map.clear();
		this.clock.reset();
		seedAccount(this);
		seedMetadata(this);
	}

	/**
	 * Keeps a record that was just deleted, for searches with `includeDeleted`. Kustomer's docs name
	 * `includeDeleted` but not how a deleted record looks; the sandbox marks it the way Kustomer's
	 * conversation and company schemas do (`deleted: true`, and `deletedAt` as in its schedules), and
	 * stamps `updatedAt` with the deletion time, since a deletion is the record's last change (companies
	 * are deleted by an update setting `deleted: true`: https://developer.kustomer.com/api/core-resources/create-company).
	 */
	tombstone(queryContext: string, record: StoredRecord, deletedBy: string): void {
		const now = this.clock.nowIso();
		const gone: StoredRecord = { ...record, attributes: { ...record.attributes, deleted: true, deletedAt: now, updatedAt: now, ...('modifiedAt' in record.attributes ? { modifiedAt: now } : {}) }, modifiedBy: deletedBy };
		let bucket = this.tombstones.get(queryContext);
		if (!bucket) {
			bucket = new Map();
			this.tombstones.set(queryContext, bucket);
		}
		bucket.set(record.id, gone);
	}
}
