/**
 * Org-wide fixed-window limiter (Kustomer counts every API request of the org in a 60 s window, https://developer.kustomer.com/docs/concepts/rate-limits).
 * Off by default so ordinary tests never trip it.
 */

export interface RateDecision {
	allowed: boolean;
	headers: Record<string, string>;
}

export class RateLimiter {
	private limit: number | null = null;
	private windowMs = 60_000;
	private windowStart = 0;
	private used = 0;

	set(limit: number | null, windowMs = 60_000): void {
		if (limit !== null && !(Number.isFinite(limit) && limit >= 0)) throw new Error('rate limit must be a number >= 0 or null');
		if (!(Number.isFinite(windowMs) && windowMs > 0)) throw new Error('rate-limit window must be > 0 ms');
		this.limit = limit === null ? null : Math.floor(limit);
		this.windowMs = windowMs;
		this.windowStart = 0;
		this.used = 0;
	}

	get current(): { limit: number | null; windowMs: number } {
		return { limit: this.limit, windowMs: this.windowMs };
	}

	/** Counts one request; refuses it once the window's budget is spent. No headers when disabled. */
	consume(now = Date.now()): RateDecision {
		if (this.limit === null) return { allowed: true, headers: {} };
		if (now >= this.windowStart + this.windowMs) {
			this.windowStart = now;
			this.used = 0;
		}
		const headers: Record<string, string> = { 'x-ratelimit-limit': String(this.limit) };
		if (this.used >= this.limit) {
			headers['x-ratelimit-remaining'] = '0';
			headers['x-ratelimit-reset'] = String(Math.ceil((this.windowStart + this.windowMs) / 1000));
			return { allowed: false, headers };
		}
		this.used++;
		headers['x-ratelimit-remaining'] = String(this.limit - this.used);
		return { allowed: true, headers };
	}

	/** Headers for an injected 429 fault: look like a real exhausted window. */
	exhaustedHeaders(now = Date.now()): Record<string, string> {
		const limit = this.limit ?? 1000;
		const end = this.limit !== null && now < this.windowStart + this.windowMs ? this.windowStart + this.windowMs : now + this.windowMs;
		return {
			'x-ratelimit-limit': String(limit),
			'x-ratelimit-remaining': '0',
			'x-ratelimit-reset': String(Math.ceil(end / 1000)),
		};
	}
}

/**
 * Kustomer caps searches made with an API key at 100 a minute, apart from the org budget above
 * (https://developer.kustomer.com/docs/concepts/rate-limits). A sliding window per key: a search is
 * refused (429) while `limit` searches of that key were counted in the last `windowMs`. On by default
 * (100 per 60 s); tests scale the window down instead of waiting a minute.
 * Every search answer carries this limit's x-ratelimit-* headers, `x-ratelimit-reset` being the epoch
 * second at which the oldest counted search leaves the window (one more search becomes possible).
 */
export const SEARCH_RATE_LIMIT = { limit: 100, windowMs: 60_000 } as const;

export interface SearchRateSettings {
	/** null: searches are not limited. */
	limit: number | null;
	windowMs: number;
}

export class SearchRateLimiter {
	private settings: SearchRateSettings = { ...SEARCH_RATE_LIMIT };
	private readonly counted = new Map<string, number[]>();

	set(settings: Partial<SearchRateSettings>): SearchRateSettings {
		const next = { ...this.settings, ...settings };
		if (next.limit !== null && !(Number.isInteger(next.limit) && next.limit >= 1)) throw new Error('search rate limit must be an integer >= 1 or null');
		if (!(Number.isFinite(next.windowMs) && next.windowMs > 0)) throw new Error('search rate-limit window must be > 0 ms');
		this.settings = next;
		this.counted.clear();
		return { ...next };
	}

	get current(): SearchRateSettings {
		return { ...this.settings };
	}

	/** Counts one search of `key`; refuses it once the key used its window's searches. */
	consume(key: string, now = Date.now()): RateDecision {
		const { limit, windowMs } = this.settings;
		if (limit === null) return { allowed: true, headers: {} };
		const times = (this.counted.get(key) ?? []).filter((t) => t > now - windowMs);
		this.counted.set(key, times);
		const allowed = times.length < limit;
		if (allowed) times.push(now);
		return {
			allowed,
			headers: {
				'x-ratelimit-limit': String(limit),
				'x-ratelimit-remaining': String(limit - times.length),
				'x-ratelimit-reset': String(Math.ceil((times[0] + windowMs) / 1000)),
			},
		};
	}
}
