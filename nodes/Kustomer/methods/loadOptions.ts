import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { kustomerApiRequest } from '../shared/transport';

/**
 * Dropdowns filled from the Kustomer account: users, teams, queues and tags. Each reads every page
 * of its list (these lists are short) and sorts by name.
 */

const PAGE_SIZE = 100;
const MAX_PAGES = 20;

async function listAll(
	context: ILoadOptionsFunctions,
	url: string,
	label: (attributes: IDataObject, id: string) => string,
): Promise<INodePropertyOptions[]> {
	const options: INodePropertyOptions[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const response = await kustomerApiRequest(context, { method: 'GET', url, qs: { page, pageSize: PAGE_SIZE } });
		const body = response.body as IDataObject;
		const data = (body?.data as IDataObject[] | undefined) ?? [];
		for (const entry of data) {
			const id = String(entry.id);
			options.push({ name: label((entry.attributes as IDataObject) ?? {}, id), value: id });
		}
		if (!(body?.links as IDataObject | undefined)?.next || !data.length) break;
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

const text = (...values: unknown[]) => values.find((value) => typeof value === 'string' && value.trim()) as string | undefined;

export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await listAll(this, '/v1/users', (a, id) => {
		const name = text(a.displayName, a.name, a.email) ?? id;
		return a.email && a.email !== name ? `${name} (${String(a.email)})` : name;
	});
}

export async function getTeams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await listAll(this, '/v1/teams', (a, id) => text(a.displayName, a.name) ?? id);
}

export async function getQueues(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await listAll(this, '/v1/routing/queues', (a, id) => text(a.displayName, a.name) ?? id);
}

/** Tags by name: Kustomer accepts names and ids, and a name reads better in a workflow. */
export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const tags = await listAll(this, '/v1/tags', (a, id) => text(a.name, a.displayName) ?? id);
	return tags.map((tag) => ({ name: tag.name, value: tag.name }));
}
