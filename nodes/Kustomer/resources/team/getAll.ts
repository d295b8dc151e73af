import type { INodeProperties } from 'n8n-workflow';

import { recordOutput, simplifyProperty } from '../../shared/output';
import { paginateKustomerList, returnAllAndLimit } from '../../shared/pagination';
import { TEAM_READ } from '../../shared/roles';
import { operationRouting, pathFrom } from '../../shared/routing';

const show = { resource: ['team'], operation: ['getAll'] };

export const getAllRouting = operationRouting({
	roles: [TEAM_READ],
	method: 'GET',
	path: pathFrom('/v1/teams'),
	output: recordOutput,
	execute: paginateKustomerList,
});

export const getAllFields: INodeProperties[] = [...returnAllAndLimit(show), simplifyProperty(show)];
