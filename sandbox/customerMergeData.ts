/**
 * Data of customer merges (behaviour in resources/customerMerges.ts): the records and when queued merges
 * run, kept apart so the store can own them and reset() can drop them (as bulkJobs.ts does for bulk jobs).
 */

export type MergeStatus = 'queued' | 'complete' | 'failed';

export interface CustomerMerge {
	id: string;
	source: string;
	target: string;
	status: MergeStatus;
	/** GETs still needed before the merge runs (it runs at the one that brings this to 0). */
	pollsLeft: number;
	createdBy: string;
	createdAt: string;
	updatedAt: string;
	error?: { title: string; detail: string };
}

/** How merges posted from now on progress (KustomerSandbox.setMergeSettings). */
export interface MergeSettings {
	/** Which GET of a queued merge runs it: 1 = the first poll answers `complete`. */
	pollsBeforeMerge: number;
}

export const DEFAULT_MERGE_SETTINGS: Readonly<MergeSettings> = { pollsBeforeMerge: 1 };
