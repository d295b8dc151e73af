/**
 * Event ids already delivered, so that a repeat does not start the workflow twice. Kustomer delivers at
 * least once and retries a failed delivery for about an hour (1, 1, 2, 5, 10, 15 and 30 minutes apart:
 * https://developer.kustomer.com/docs/events/delivery-and-retries), so an id is remembered for two hours
 * after its first delivery, whatever the number of events in between: memory grows with the events of
 * the last two hours (about 50 bytes each) and nothing younger is ever dropped.
 */

export const REMEMBER_MS = 2 * 60 * 60 * 1000;

/** `[event id, first delivered at (ms since epoch)]`, oldest first. */
export type SeenEvents = Array<[string, number]>;

/** What was remembered before time-based retention: a bare list of ids (kept as if seen now). */
export function readSeen(stored: unknown, legacyIds: unknown, now: number): SeenEvents {
	const seen: SeenEvents = Array.isArray(stored)
		? stored.filter((entry): entry is [string, number] => Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number')
		: [];
	if (Array.isArray(legacyIds)) {
		for (const id of legacyIds) if (typeof id === 'string') seen.push([id, now]);
	}
	return seen;
}

/**
 * Whether `eventId` was seen within the window; the returned list drops what is older than the window
 * and, for a new id, remembers it.
 */
export function rememberEvent(seen: SeenEvents, eventId: string, now: number): { duplicate: boolean; seen: SeenEvents } {
	const cutoff = now - REMEMBER_MS;
	const kept = seen.filter(([, at]) => at > cutoff);
	const duplicate = kept.some(([id]) => id === eventId);
	if (!duplicate) kept.push([eventId, now]);
	return { duplicate, seen: kept };
}
