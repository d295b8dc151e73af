import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { userLocator } from '../../shared/descriptions';
import { recordOutput, simplifyProperty } from '../../shared/output';
import { coerce, fieldError, locatorMode, requiredId } from '../../shared/parameters';
import { USER_READ } from '../../shared/roles';
import { operationRouting } from '../../shared/routing';
import { kustomerPath } from '../../shared/transport';
import { toEmail } from '../../shared/values';

const show = { resource: ['user'], operation: ['get'] };

/**
 * A user by ID is GET /v1/users/{id}. Kustomer has no `email=` lookup path for users as it has for
 * customers; its user list takes an `email` filter instead (GET /v1/users?email=…, Kustomer's API
 * reference: https://developer.kustomer.com/docs/get-started/making-requests), so a user by email is
 * the first user of that filtered list.
 */
async function userPath(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
	const value = requiredId(this, 'userId', 'User');
	if (locatorMode(this, 'userId') === 'email') {
		requestOptions.url = '/v1/users';
		requestOptions.qs = { ...(requestOptions.qs ?? {}), email: coerce(this, 'User (email)', value, toEmail), page: 1, pageSize: 1 };
	} else {
		requestOptions.url = coerce(this, 'User', value, (v) => kustomerPath('/v1/users/{id}', { id: v as string }));
	}
	return requestOptions;
}

/** A lookup by email answers with a list: its first user, or an error naming the email when there is none. */
async function oneUser(this: IExecuteSingleFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return items.map((item) => {
		const data = (item.json as IDataObject)?.data;
		if (!Array.isArray(data)) return item;
		if (!data.length) {
			const email = coerce(this, 'User (email)', requiredId(this, 'userId', 'User'), toEmail);
			throw fieldError(this, 'User (email)', `${email} matches no Kustomer user`, 'Check the address, or pick the user from the list.');
		}
		return { ...item, json: { ...(item.json as IDataObject), data: data[0] as IDataObject } };
	});
}

export const getRouting = operationRouting({
	roles: [USER_READ],
	method: 'GET',
	path: userPath,
	output: [oneUser, ...recordOutput],
});

export const getFields: INodeProperties[] = [userLocator(show), simplifyProperty(show)];
