/** Public option and record types of the sandbox. */
import type { BulkSettings } from './bulkJobs';
import type { Clock } from './clock';
import type { SearchRateSettings } from './ratelimit';
import type { DeliverySettings } from './webhooks';

export interface SandboxOptions {
	/** What the limits count time with (rate limit, search limit, creation caps); default a LimitClock on the wall clock. */
	limitClock?: Clock;
	/** 0 (default) picks a free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Main key; holds every role. Default 'sandbox-key'. */
	apiKey?: string;
	/** Extra API keys -> the roles each holds (to test 401 for a missing role). */
	keys?: Record<string, string[]>;
	/** Seed the deterministic demo org (reset() seeds it again). */
	demo?: boolean;
	/** Bulk job timing and batch size (default 50 ms queued, 100 ms running, 25 items per batch); reset() returns to it. */
	bulk?: Partial<BulkSettings>;
	/** Outbound webhook delivery (default 8 attempts on Kustomer's schedule at real time, 5 s timeout each); reset() returns to it. */
	webhookDelivery?: Partial<DeliverySettings>;
	/** Searches per API key and window (default 100 per 60,000 ms, as Kustomer; limit null = off); reset() returns to it. */
	searchRateLimit?: Partial<SearchRateSettings>;
}

export interface RecordedRequest {
	method: string;
	/** Raw, undecoded pathname as received. */
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON, or the raw string when not JSON, undefined when empty. */
	body: unknown;
	/** Status answered; 0 when the connection was reset without an answer. */
	status: number;
	operationId?: string;
	/**
	 * True when the request matched a spec operation and passed OpenAPI validation, or matched a documented
	 * non-spec route. Judged on the request alone, so it is also set for requests answered 401/429/faulted.
	 */
	valid: boolean;
	validationErrors?: unknown[];
}
