import type { IExecuteSingleFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parameter } from '../../shared/parameters';
import { operationRouting, pathFrom } from '../../shared/routing';
import { plainText } from '../../shared/values';
import { draftIdProperty } from './fields';
import { DRAFT_DELETE } from './roles';

/** Delete: DELETE /v1/drafts/{id} (https://developer.kustomer.com/api/core-resources/update-draft names it); 204, nothing is sent. */
async function deletedDraft(this: IExecuteSingleFunctions): Promise<INodeExecutionData[]> {
	return [{ json: { deleted: true, id: plainText(parameter(this, 'draftId', '')) } }];
}

export const deleteRouting = operationRouting({
	roles: [DRAFT_DELETE],
	method: 'DELETE',
	path: pathFrom('/v1/drafts/{id}', { id: 'draftId' }),
	output: [deletedDraft],
});

export const deleteFields: INodeProperties[] = [draftIdProperty(['delete'])];
