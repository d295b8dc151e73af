import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { bulkResultFields, bulkSummary, followJob, pendingText, wordingOf, type BulkItemResult, type BulkWording } from '../../shared/bulk';
import { coerce, fieldError, parameter } from '../../shared/parameters';
import { endpointRoles } from '../../shared/roles';
import { operationRouting, pathFrom, toKustomerRequest } from '../../shared/routing';
import { toIdList } from '../../shared/body';
import { toFiniteNumber } from '../../shared/values';

/**
 * Get Bulk Job Result: picks up the bulk jobs a Create Many left pending (its `pendingJobIds`) in a
 * later run, instead of sending their objects again. Each job is polled until it completes or Max
 * Wait runs out (https://developer.kustomer.com/docs/guides/bulk-operations: GET /v1/bulk/{id}, then
 * GET /v1/bulk/{id}/batches), and every object of it is reported as Create Many reports it: created
 * with its ID, failed with its error, or still pending. `index` is the object's place in the Create
 * Many's Objects (its `_clientRef`), `title` the title it was sent with.
 *
 * The same operation is Customer › Get Bulk Job Result: bulk job IDs are Kustomer's for every resource,
 * and a job of POST or PUT /v1/customers/bulk (its payload's method and path) reports its customers as
 * created or updated, with the `name` each was sent with.
 */

const show = { resource: ['customObject', 'customer'], operation: ['getBulkJob'] };

/** Bulk job IDs are Kustomer IDs: 24 hexadecimal characters. */
const JOB_ID = /^[0-9a-fA-F]{24}$/;
const MAX_JOBS = 100;

function jobIdsFrom(context: IExecuteSingleFunctions): string[] {
	const ids = toIdList(parameter(context, 'bulkJobIds', ''));
	if (!ids.length) throw fieldError(context, 'Bulk Job IDs', 'is empty', 'Give the job IDs a Create Many output listed in pendingJobIds, e.g. {{ $json.pendingJobIds }}.');
	if (ids.length > MAX_JOBS) throw fieldError(context, 'Bulk Job IDs', `has ${ids.length} IDs; give at most ${MAX_JOBS} per item`);
	const wrong = ids.find((id) => !JOB_ID.test(id));
	if (wrong !== undefined) {
		throw fieldError(context, 'Bulk Job IDs', `has "${wrong.slice(0, 80)}", which is not a Kustomer job ID`, 'Bulk job IDs are 24 hexadecimal characters, as Create Many lists them in pendingJobIds.');
	}
	return ids;
}

/** An object's place in the Create Many's Objects, from its `_clientRef`. */
function indexOf(clientRef: string): number | string {
	return /^\d+$/.test(clientRef) ? Number(clientRef) : clientRef;
}

async function getBulkJobs(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const ids = jobIdsFrom(this);
	const maxWaitSeconds = coerce(this, 'Max Wait (Seconds)', parameter(this, 'bulkJobMaxWait', 60), toFiniteNumber);
	if (maxWaitSeconds < 0) throw fieldError(this, 'Max Wait (Seconds)', 'must be 0 or more');
	const maxWaitMs = maxWaitSeconds * 1000;
	const deadline = Date.now() + maxWaitMs;
	const { baseURL } = toKustomerRequest(requestData);
	const jobs = await Promise.all(ids.map(async (id) => await followJob(this, id, { baseURL, maxWaitMs }, deadline)));

	const missing = jobs.find((job) => job.notFound);
	if (missing) throw fieldError(this, 'Bulk Job IDs', `has "${missing.jobId}", which Kustomer does not know`, 'Check the ID: bulk jobs are found only with the API key\'s organization (and region).');

	const rows: Array<{ result: BulkItemResult; wording: BulkWording; label?: unknown }> = [];
	for (const job of jobs) {
		const wording = wordingOf(job);
		const labelKey = wording.noun === 'customer' ? 'name' : 'title';
		const labels = new Map(job.items.map((item) => [String(item._clientRef ?? ''), item[labelKey]]));
		// The records the job holds, as Kustomer lists them; else those its results name.
		const refs = job.items.length ? job.items.map((item) => String(item._clientRef ?? '')) : [...job.results.keys()];
		if (job.pending !== undefined && !refs.length) {
			rows.push({ result: { clientRef: '', jobId: job.jobId, pending: pendingText(job.jobId, job.pending, wording) }, wording });
			continue;
		}
		for (const clientRef of refs) {
			const result: BulkItemResult =
				job.pending !== undefined
					? { clientRef, jobId: job.jobId, pending: pendingText(job.jobId, job.pending, wording) }
					: (job.results.get(clientRef) ?? { clientRef, jobId: job.jobId, error: `Kustomer reported no result for this ${wording.noun}` });
			rows.push({ result, wording, label: labels.get(clientRef) });
		}
	}
	// The counts are worded after the jobs when they are all of one kind, else as objects created.
	const kinds = new Set(rows.map((row) => row.wording));
	const summaryWording = kinds.size === 1 ? rows[0].wording : undefined;
	return [
		{
			json: {
				...bulkSummary(
					rows.map((row) => row.result),
					summaryWording,
				),
				jobs: jobs.map((job) => ({ jobId: job.jobId, status: job.pending === undefined ? 'complete' : 'pending', ...(job.pending === undefined ? {} : { reason: job.pending }) })),
				results: rows.map(({ result, wording, label }) => ({
					...(result.clientRef ? { index: indexOf(result.clientRef) } : {}),
					...(typeof label === 'string' ? { [wording.noun === 'customer' ? 'name' : 'title']: label } : {}),
					...bulkResultFields(result, wording),
				})),
			},
		},
	];
}

export const getBulkJobRouting = operationRouting({
	roles: [endpointRoles('https://developer.kustomer.com/docs/guides/bulk-operations', 'to read the bulk job', 'org.permission.bulk.read')],
	method: 'GET',
	path: pathFrom('/v1/bulk'),
	execute: getBulkJobs,
});

export const getBulkJobFields: INodeProperties[] = [
	{
		displayName: 'Bulk Job IDs',
		name: 'bulkJobIds',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show },
		placeholder: '={{ $json.pendingJobIds }}',
		description:
			'IDs of bulk jobs a Create Many or Update Many left pending (its pendingJobIds), comma-separated or as a list. Their records are reported, not sent again.',
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'bulkJobMaxWait',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		displayOptions: { show },
		description: 'How long to wait for jobs still running, rate-limit waits included; 0 reads their state once. Objects of a job still running then stay pending.',
	},
];
