/**
 * /__sandbox/* — the test controls over HTTP, for a sandbox running in another process.
 * No auth, never faulted, rate limited or recorded.
 */
import type { BulkSettings } from './bulkJobs';
import type { MergeSettings } from './customerMergeData';
import type { SandboxResponse } from './envelope';
import type { Counters } from './context';
import type { SearchRateSettings } from './ratelimit';
import { faultFromJson, type FaultInjector } from './faults';
import type { RecordedRequest } from './types';
import type { DeliveryAttempt, DeliverySettings } from './webhooks';

export const CONTROL_PREFIX = '/__sandbox';

export interface ControlTarget {
	readonly requests: RecordedRequest[];
	readonly counters: Counters;
	readonly faults: FaultInjector;
	clearRequests(): void;
	reset(): void;
	setRateLimit(limit: number | null, windowMs?: number, key?: string): void;
	setSearchRateLimit(settings: Partial<SearchRateSettings>): SearchRateSettings;
	setBulkTiming(timing: Partial<BulkSettings>): BulkSettings;
	readonly bulkTiming: BulkSettings;
	finishBulkJobs(): number;
	setMergeSettings(settings: Partial<MergeSettings>): MergeSettings;
	finishMerges(): number;
	readonly deliveries: DeliveryAttempt[];
	deliveriesSettled(): Promise<void>;
	setWebhookDelivery(settings: Partial<DeliverySettings>): DeliverySettings;
	readonly webhookDelivery: DeliverySettings;
	redeliver(eventId: string, webhookId?: string): Promise<number>;
}

const ok = (body: unknown = { ok: true }, status = 200): SandboxResponse => ({ status, body });
const bad = (message: string): SandboxResponse => ({ status: 400, body: { ok: false, error: message } });

/** POST /redeliver {eventId, webhookId?}: answers once the redelivery has settled; 404 for an unknown event. */
async function redeliver(target: ControlTarget, body: unknown): Promise<SandboxResponse> {
	const { eventId, webhookId } = (body && typeof body === 'object' ? body : {}) as { eventId?: unknown; webhookId?: unknown };
	if (typeof eventId !== 'string') return bad('eventId must be a string');
	if (webhookId !== undefined && typeof webhookId !== 'string') return bad('webhookId must be a string');
	let started: number;
	try {
		started = await target.redeliver(eventId, webhookId);
	} catch (err) {
		return { status: 404, body: { ok: false, error: err instanceof Error ? err.message : String(err) } };
	}
	return ok({ ok: true, started, deliveries: target.deliveries.filter((d) => d.eventId === eventId) });
}

/** Answers a control request; async only for the routes that wait for webhook deliveries. */
export async function handleControl(target: ControlTarget, method: string, subPath: string, body: unknown): Promise<SandboxResponse> {
	const route = `${method} ${subPath.replace(/\/+$/, '')}`;
	try {
		switch (route) {
			case 'GET /requests':
				return ok({ requests: target.requests });
			case 'DELETE /requests':
				target.clearRequests();
				return ok();
			case 'POST /reset':
				target.reset();
				return ok();
			case 'POST /faults':
				target.faults.add(faultFromJson(body));
				return ok({ ok: true, pending: target.faults.pending.length }, 201);
			case 'GET /faults':
				return ok({ faults: target.faults.pending.map((f) => ({ ...f, match: f.match && { ...f.match, path: f.match.path?.toString() } })) });
			case 'DELETE /faults':
				target.faults.clear();
				return ok();
			case 'POST /rate-limit': {
				const input = (body ?? {}) as { limit?: unknown; windowMs?: unknown; key?: unknown };
				const limit = input.limit === null || input.limit === undefined ? null : Number(input.limit);
				const windowMs = input.windowMs === undefined || input.windowMs === null ? undefined : Number(input.windowMs);
				target.setRateLimit(limit, windowMs, typeof input.key === 'string' ? input.key : undefined);
				return ok();
			}
			case 'POST /search-rate-limit':
				// {limit: number | null, windowMs?: number}
				return ok(target.setSearchRateLimit((body ?? {}) as Partial<SearchRateSettings>));
			case 'GET /counters':
				return ok(target.counters);
			case 'GET /bulk-timing':
				return ok(target.bulkTiming);
			case 'POST /bulk-timing':
				return ok(target.setBulkTiming((body ?? {}) as Partial<BulkSettings>));
			case 'POST /bulk-finish':
				// completes every queued or running bulk job now
				return ok({ finished: target.finishBulkJobs() });
			case 'POST /merge-settings':
				// {pollsBeforeMerge}: which GET of a queued customer merge runs it
				return ok(target.setMergeSettings((body ?? {}) as Partial<MergeSettings>));
			case 'POST /merge-finish':
				// runs every queued customer merge now
				return ok({ finished: target.finishMerges() });
			case 'GET /deliveries':
				return ok({ deliveries: target.deliveries });
			case 'GET /deliveries/settled':
				// for a sandbox in another process: answers once no delivery is pending or waiting to be retried
				await target.deliveriesSettled();
				return ok({ deliveries: target.deliveries });
			case 'GET /webhook-delivery':
				return ok(target.webhookDelivery);
			case 'POST /webhook-delivery':
				return ok(target.setWebhookDelivery((body ?? {}) as Partial<DeliverySettings>));
			case 'POST /redeliver':
				return await redeliver(target, body);
			default:
				return { status: 404, body: { ok: false, error: `no sandbox control route ${route}` } };
		}
	} catch (err) {
		return bad(err instanceof Error ? err.message : String(err));
	}
}
