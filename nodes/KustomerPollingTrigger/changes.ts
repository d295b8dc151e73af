import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeExecutionData, INodePropertyRouting, IPollFunctions } from 'n8n-workflow';

import { simplifyResource } from '../Kustomer/shared/output';
import { kustomerPages, MAX_SEARCH_PAGE_SIZE, nextLink, MAX_SEARCH_PAGES, searchAttributePrefix, splitWindow, windowBody, type TimeWindow } from '../Kustomer/shared/pagination';
import { MAX_GROUP_CONDITIONS } from '../Kustomer/shared/search';
import { searchCompanyRouting } from '../Kustomer/resources/company/search';
import { searchConversationRouting } from '../Kustomer/resources/conversation/search';
import { searchCustomObjectRouting } from '../Kustomer/resources/customObject/search';
import { searchCustomerRouting } from '../Kustomer/resources/customer/search';
import { searchMessageRouting } from '../Kustomer/resources/message/search';
import { searchNoteRouting } from '../Kustomer/resources/note/search';

/**
 * The polling trigger's changes: every record of the chosen type created, updated or deleted since the
 * last poll, each change once, oldest first, found with Kustomer search (POST /v1/customers/search,
 * https://developer.kustomer.com/docs/concepts/search) on `<object>_updated_at`.
 *
 * What a poll keeps in the workflow's static data (`PollState`): `from`, a time before which every
 * change was output, and `seen`, the ID and update time of each record output that was updated at
 * or after `from`. A poll searches `updated_at >= from` and outputs a record unless `seen` holds it
 * with that same update time: records updated in the same millisecond as the cursor are told apart
 * by ID, and a record updated again later comes back with its new update time. Search gives each
 * record's current state, so a record changed twice between polls is one item. A record updated
 * again while a poll reads the windows before its new update time comes out once per change: its
 * earlier state (as read) and then its newer one, marked `updated` (`seen` is only pruned when the
 * poll ends).
 *
 * `from` stays SETTLE_MS behind the newest update time read, so a change that Kustomer's search shows
 * a little late (its docs say nothing of how fast changes reach search) is still found; records of
 * those seconds are read again and skipped by `seen`. It also stays SETTLE_MS behind the poll's own
 * clock: Kustomer takes `updatedAt` from the client on notes and messages (the request bodies of
 * PUT/PATCH /v1/notes/{id} and /v1/messages/{id} in its Core Resources OpenAPI document), so one record
 * dated in the future must not carry the cursor past the changes still to come; it stays in `seen` until then.
 * Nor does it count as the newest update time read: with it, the cursor would follow n8n's clock, and
 * changes stamped by a Kustomer clock running behind n8n's would fall before the cursor.
 *
 * The 100-page cap (https://developer.kustomer.com/docs/guides/search-recipes) and the API-key search
 * limit (100 a minute, https://developer.kustomer.com/docs/concepts/rate-limits): a poll sends at
 * most `maxSearches` searches (paced by retry.ts like every search). A time window that holds more
 * than the cap, or than the searches left allow, is split in two at the middle of its time span
 * (pagination.ts splitWindow, as Return All does); windows are read oldest first, each one whole and
 * output sorted by update time, and `from` moves to the end of each whole window read. What a poll
 * cannot read is left for the next one, which starts where this one stopped. State is only written
 * when the poll returns: a poll that fails (429 or 5xx after the transport's retries, say) outputs
 * nothing and keeps nothing, and the next poll reads the same changes again.
 */

export type Change = 'created' | 'updated' | 'deleted';

export interface PollState extends IDataObject {
	/** Epoch ms: every change before it was output. */
	from: number;
	/** Record ID → update time (epoch ms) of records output with an update time at or after `from`. */
	seen: IDataObject;
	/** The queryContext the state belongs to; a state of another one is not continued (a new Resource or Klass starts afresh). */
	queryContext: string;
	/**
	 * Set when a poll ran out of searches inside a window starting at `from`: that window's end, so the next
	 * poll reads it first, with all its searches, instead of narrowing the time span again (which could
	 * take every poll's searches, for ever). Absent in states of the first version: read as not set.
	 */
	until?: number;
}

/** How far `from` stays behind the newest update time read (a change may reach search a little late). */
export const SETTLE_MS = 10_000;
/** The search routing (path and body) of the Kustomer node's Search operation, by resource. */
const ROUTING: Record<string, INodePropertyRouting> = {
	company: searchCompanyRouting,
	conversation: searchConversationRouting,
	customObject: searchCustomObjectRouting,
	customer: searchCustomerRouting,
	message: searchMessageRouting,
	note: searchNoteRouting,
};

/** The time conditions a poll adds to the `and` group: updated_at gte and lt. */
const WINDOW_CONDITIONS = 2;

interface SearchSettings {
	url: string;
	body: IDataObject;
	queryContext: string;
	updatedAt: string;
	pageSize: number;
}

/**
 * The Kustomer node's search preSend functions run in the poll: the same filters, checks and
 * custom-attribute naming as Search (search.ts). They read parameters, the node and the credential
 * only; item 0 stands for the poll.
 */
function asSingleItem(context: IPollFunctions): IExecuteSingleFunctions {
	const single = Object.create(context) as IExecuteSingleFunctions;
	Object.assign(single, { getItemIndex: () => 0 });
	return single;
}

async function searchSettings(context: IPollFunctions, pageSize: number): Promise<SearchSettings> {
	const resource = context.getNodeParameter('resource') as string;
	const routing = ROUTING[resource];
	if (!routing) throw new NodeOperationError(context.getNode(), `Resource "${resource}" cannot be polled`, { description: 'Choose one of the listed resources.' });
	let options: IHttpRequestOptions = { url: '', method: 'POST' };
	const single = asSingleItem(context);
	for (const preSend of routing.send?.preSend ?? []) options = await preSend.call(single, options);
	const body = { ...(options.body as IDataObject) };
	for (const key of ['sort', 'fields', 'aggs'] as const) {
		if (body[key] !== undefined) {
			throw new NodeOperationError(context.getNode(), `Query (JSON) has "${key}", which the trigger cannot use`, {
				description: 'The trigger reads whole records in the order they changed. Remove it from the query.',
			});
		}
	}
	const and = body.and === undefined ? [] : Array.isArray(body.and) ? body.and : [body.and];
	const own = (and as IDataObject[]).reduce((count, item) => count + Math.max(1, Object.keys(item ?? {}).length), 0);
	if (own + WINDOW_CONDITIONS > MAX_GROUP_CONDITIONS) {
		const field = context.getNodeParameter('searchMode', 'builder') === 'json' ? 'Query (JSON)' : 'Filters';
		throw new NodeOperationError(context.getNode(), `${field} has ${own} conditions that must all match; the trigger can take ${MAX_GROUP_CONDITIONS - WINDOW_CONDITIONS}`, {
			description: `Kustomer allows ${MAX_GROUP_CONDITIONS} conditions per group, and the trigger adds ${WINDOW_CONDITIONS} on the update time. Combine values with Is One Of.`,
		});
	}
	const changes = context.getNodeParameter('changes', []) as Change[];
	// includeDeleted finds deleted records (https://developer.kustomer.com/docs/concepts/search); only asked when wanted.
	if (changes.includes('deleted')) body.includeDeleted = true;
	const queryContext = String(body.queryContext);
	return { url: options.url, body, queryContext, updatedAt: `${searchAttributePrefix(queryContext)}_updated_at`, pageSize };
}

interface KustomerRecord extends IDataObject {
	id: string;
	attributes?: IDataObject;
}

function timeOf(record: KustomerRecord, attribute: 'updatedAt' | 'createdAt'): number {
	return Date.parse(String(record.attributes?.[attribute]));
}

/**
 * Kustomer's docs name includeDeleted but not how a deleted record looks; its schemas have a `deleted`
 * flag (conversations, companies, notes) and `deletedAt` (schedules). Either one marks a deletion.
 */
export function isDeleted(record: KustomerRecord): boolean {
	const attributes = record.attributes ?? {};
	return attributes.deleted === true || (typeof attributes.deletedAt === 'string' && attributes.deletedAt !== '');
}

function byUpdate(a: KustomerRecord, b: KustomerRecord): number {
	return timeOf(a, 'updatedAt') - timeOf(b, 'updatedAt') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

interface Budget {
	left: number;
}

/**
 * Reads one whole window: its records; or `tooMany` with the update times seen when it holds more than
 * one search serves (`evenForAWholePoll`) or than the searches left allow; or `undefined` when the
 * searches ran out before the window was read whole (nothing of it is output then).
 */
async function readWindow(
	context: IPollFunctions,
	settings: SearchSettings,
	window: TimeWindow,
	budget: Budget,
	maxSearches: number,
): Promise<{ records: KustomerRecord[] } | { tooMany: number[]; evenForAWholePoll: boolean } | undefined> {
	const body = windowBody(settings.body, settings.updatedAt, window);
	let total: number | undefined;
	let records = new Map<string, KustomerRecord>();
	// A record leaving the window while it is read shifts the others between pages (they are offsets), so
	// fewer records than the first page's total came: the window is read again, once.
	for (let reading = 0; reading < 2; reading++) {
		if (budget.left < 1) return undefined;
		records = new Map();
		let pages = 0;
		for await (const response of kustomerPages(context, { method: 'POST', url: settings.url, body }, settings.pageSize, MAX_SEARCH_PAGES)) {
			budget.left--;
			pages++;
			const answer = (response.body ?? {}) as IDataObject;
			const data = ((answer.data as KustomerRecord[] | undefined) ?? []).filter((record) => record && typeof record.id === 'string');
			for (const record of data) records.set(record.id, record);
			const more = nextLink(answer) !== undefined && data.length > 0;
			if (pages === 1) {
				const reported = Number((answer.meta as IDataObject | undefined)?.total);
				total = Number.isFinite(reported) ? reported : undefined;
				const needed = total === undefined ? 1 : Math.ceil(total / settings.pageSize);
				const evenForAWholePoll = needed > MAX_SEARCH_PAGES || needed > maxSearches;
				if (evenForAWholePoll || (needed > budget.left + 1 && reading === 0)) {
					return { tooMany: data.map((record) => timeOf(record, 'updatedAt')), evenForAWholePoll };
				}
			}
			if (!more) break;
			// Kustomer's last page and still more, though its total did not say so: split, never stop silently.
			if (pages === MAX_SEARCH_PAGES) return { tooMany: [...records.values()].map((record) => timeOf(record, 'updatedAt')), evenForAWholePoll: true };
			if (budget.left < 1) return undefined;
		}
		if (total === undefined || records.size >= total) return { records: [...records.values()] };
	}
	throw new NodeOperationError(context.getNode(), `Kustomer's search reported ${total} matching changes but its pages gave ${records.size}, twice`, {
		description: 'Records changed while they were read. Nothing of them was output; the next check reads them again.',
	});
}

/** A new state, from now or the chosen start. */
export function freshState(queryContext: string, start: number): PollState {
	return { from: start, seen: {}, queryContext };
}

export interface PollResult {
	items: INodeExecutionData[];
	state: PollState;
}

/** The state a poll goes on from: the kept one, or a fresh one from `start` when there is none usable for this query context. */
function continued(kept: unknown, queryContext: string, start: number): PollState {
	const state = (kept ?? {}) as Partial<PollState>;
	const usable =
		typeof state.from === 'number' &&
		Number.isFinite(state.from) &&
		(state.queryContext === undefined || state.queryContext === '' || state.queryContext === queryContext);
	if (!usable) return freshState(queryContext, start);
	const seen = state.seen && typeof state.seen === 'object' ? { ...state.seen } : {};
	const until = typeof state.until === 'number' && state.until > state.from! ? state.until : undefined;
	return { from: state.from!, seen, queryContext, ...(until === undefined ? {} : { until }) };
}

/**
 * One poll: the changes since the kept state (`kept`: the node's static data, or undefined on the first
 * poll), and the state to keep when they are output. `start`: where a new state begins (now, or Start
 * From); `now`: the poll's clock, which the cursor never passes (less SETTLE_MS).
 */
export async function pollChanges(
	context: IPollFunctions,
	kept: unknown,
	options: { maxSearches: number; pageSize: number; start: number; now: number },
): Promise<PollResult> {
	const settings = await searchSettings(context, options.pageSize);
	const previous = continued(kept, settings.queryContext, options.start);
	const state: PollState = { from: previous.from, seen: { ...previous.seen }, queryContext: settings.queryContext };
	const wanted = context.getNodeParameter('changes', []) as Change[];
	const simplify = context.getNodeParameter('simplify', true) as boolean;
	const budget: Budget = { left: Math.max(2, options.maxSearches) };
	const items: INodeExecutionData[] = [];

	const output = (records: KustomerRecord[]) => {
		for (const record of records.sort(byUpdate)) {
			const updatedAt = timeOf(record, 'updatedAt');
			if (!Number.isFinite(updatedAt) || state.seen[record.id] === updatedAt) continue;
			const change: Change = isDeleted(record) ? 'deleted' : state.seen[record.id] === undefined && timeOf(record, 'createdAt') >= previous.from ? 'created' : 'updated';
			state.seen[record.id] = updatedAt;
			if (!wanted.includes(change)) continue;
			const json = simplify ? simplifyResource(record) : record;
			items.push({ json: { ...json, change } });
		}
	};
	/** The end of the windows read whole so far (all of them since `from`); the newest update time read. */
	let readTo = previous.from;
	let newest = -Infinity;
	// A time ahead of the poll's clock (a note or message dated ahead by its client) is not Kustomer's
	// newest: it would tie the cursor to n8n's clock, which may run ahead of Kustomer's. Such records stay
	// in `seen` (output once) until the cursor reaches them.
	const noteNewest = (at: number) => {
		if (Number.isFinite(at) && at <= options.now) newest = Math.max(newest, at);
	};
	let complete = false;
	let until: number | undefined;

	// Windows still to read, the oldest last (popped first); the last one is open-ended. A window the
	// previous poll could not finish comes first.
	const windows: TimeWindow[] =
		previous.until === undefined ? [{ from: previous.from }] : [{ from: previous.until }, { from: previous.from, to: previous.until }];
	while (windows.length) {
		const window = windows.pop()!;
		const read = await readWindow(context, settings, window, budget, options.maxSearches);
		if (!read) {
			until = window.to;
			break;
		}
		if ('tooMany' in read) {
			for (const at of read.tooMany) noteNewest(at);
			const halves = splitWindow(window, read.tooMany);
			if (!halves) {
				// One millisecond's records that fit a whole poll's searches: the next poll reads them first.
				if (!read.evenForAWholePoll) {
					until = window.to;
					break;
				}
				throw new NodeOperationError(context.getNode(), `More records share the update time ${new Date(window.from ?? 0).toISOString()} than one search can page through`, {
					description: `Kustomer serves ${MAX_SEARCH_PAGES} pages of one search. Raise Options › Page Size (up to ${MAX_SEARCH_PAGE_SIZE}) or Max Searches per Poll, or narrow the filters.`,
				});
			}
			windows.push(halves[1], halves[0]);
			continue;
		}
		output(read.records);
		for (const record of read.records) noteNewest(timeOf(record, 'updatedAt'));
		if (window.to !== undefined) {
			readTo = window.to;
			continue;
		}
		complete = true;
	}

	// Every change since `from` was read: the cursor goes to SETTLE_MS before the newest one. Otherwise to
	// the end of the windows read whole (the rest is the next poll's). Never past the poll's own clock, less
	// SETTLE_MS, and never back. `seen` keeps what was output at or after it.
	const reached = complete ? newest - SETTLE_MS : readTo;
	state.from = Math.max(previous.from, Math.min(reached, options.now - SETTLE_MS));
	for (const [id, at] of Object.entries(state.seen)) if ((at as number) < state.from) delete state.seen[id];
	if (!complete && until !== undefined && until > state.from) state.until = until;
	return { items, state };
}

/**
 * Fetch Test Event: the latest matching records (up to `count`), newest first, from the first of
 * growing time spans that holds any. Nothing is kept.
 */
export async function latestChanges(context: IPollFunctions, now: number, count: number): Promise<INodeExecutionData[]> {
	const settings = await searchSettings(context, MAX_SEARCH_PAGE_SIZE);
	const simplify = context.getNodeParameter('simplify', true) as boolean;
	const hour = 3_600_000;
	for (const span of [hour, 24 * hour, 30 * 24 * hour, 365 * 24 * hour, undefined]) {
		const body = windowBody(settings.body, settings.updatedAt, span === undefined ? {} : { from: now - span });
		for await (const response of kustomerPages(context, { method: 'POST', url: settings.url, body }, settings.pageSize, 1)) {
			const data = (((response.body ?? {}) as IDataObject).data as KustomerRecord[] | undefined) ?? [];
			if (!data.length) continue;
			return data
				.sort(byUpdate)
				.reverse()
				.slice(0, count)
				.map((record) => {
					const change: Change = isDeleted(record) ? 'deleted' : timeOf(record, 'createdAt') === timeOf(record, 'updatedAt') ? 'created' : 'updated';
					return { json: { ...(simplify ? simplifyResource(record) : record), change } };
				});
		}
	}
	return [];
}
