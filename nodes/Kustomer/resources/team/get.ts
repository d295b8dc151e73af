import type { INodeProperties } from 'n8n-workflow';

import { teamLocator } from '../../shared/descriptions';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { TEAM_READ } from '../../shared/roles';
import { operationRouting, pathFrom } from '../../shared/routing';

const show = { resource: ['team'], operation: ['get'] };

export const getRouting = operationRouting({
	roles: [TEAM_READ],
	method: 'GET',
	path: pathFrom('/v1/teams/{id}', { id: 'teamId' }),
	output: recordOutput,
});

export const getFields: INodeProperties[] = [teamLocator(show), simplifyProperty(show)];
