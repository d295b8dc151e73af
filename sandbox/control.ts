/**
 * /__sandbox/* — the test controls over HTTP, for a sandbox running in another process.
 * No auth, never faulted, rate limited or recorded.
 */
import type { BulkSettings } from './bulkJobs';
import type { SandboxResponse } from './envelope';
import type { Counters } from './context';
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
	setRateLimit(limit: number | null, windowMs?: number): void;
	setBulkTiming(timing: Partial<BulkSettings>): BulkSettings;
	readonly bulkTiming: BulkSettings;
	readonly deliveries: DeliveryAttempt[];
	setWebhookDelivery(settings: Partial<DeliverySettings>): DeliverySettings;
	redeliver(eventId: string): Promise<void>;
}

const ok = (body: unknown = { ok: true }, status = 200): SandboxResponse => ({ status, body });
const bad = (message: string): SandboxResponse => ({ status: 400, body: { ok: false, error: message } });

export function handleControl(target: ControlTarget, method: string, subPath: string, body: unknown): SandboxResponse {
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
				const input = (body ?? {}) as { limit?: unknown; windowMs?: unknown };
				const limit = input.limit === null || input.limit === undefined ? null : Number(input.limit);
				const windowMs = input.windowMs === undefined || input.windowMs === null ? undefined : Number(input.windowMs);
				target.setRateLimit(limit, windowMs);
				return ok();
			}
			case 'GET /counters':
				return ok(target.counters);
			case 'GET /bulk-timing':
				return ok(target.bulkTiming);
			case 'POST /bulk-timing':
				return ok(target.setBulkTiming((body ?? {}) as Partial<BulkSettings>));
			case 'GET /deliveries':
				return ok({ deliveries: target.deliveries });
			case 'POST /webhook-delivery':
				return ok(target.setWebhookDelivery((body ?? {}) as Partial<DeliverySettings>));
			case 'POST /redeliver': {
				const eventId = (body as { eventId?: unknown } | undefined)?.eventId;
				if (typeof eventId !== 'string') return bad('eventId must be a string');
				void target.redeliver(eventId);
				return ok();
			}
			default:
				return { status: 404, body: { ok: false, error: `no sandbox control route ${route}` } };
		}
	} catch (err) {
		return bad(err instanceof Error ? err.message : String(err));
	}
}
