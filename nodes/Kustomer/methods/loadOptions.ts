import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { TYPE_LABEL, accountAttributesFrom } from '../shared/customAttributes';
import { kustomerPages } from '../shared/pagination';
import { kustomerApiRequest, kustomerPath } from '../shared/transport';

/**
 * Dropdowns filled from the Kustomer account: users, teams, queues and tags. Each reads every page
 * of its list (these lists are short) and sorts by name.
 */

const PAGE_SIZE = 100;
const MAX_PAGES = 20;

interface Listed {
	id: string;
	attributes: IDataObject;
}

async function listAll(context: ILoadOptionsFunctions, url: string): Promise<Listed[]> {
	const entries: Listed[] = [];
	for await (const response of kustomerPages(context, { method: 'GET', url }, PAGE_SIZE, MAX_PAGES)) {
		const data = ((response.body as IDataObject)?.data as IDataObject[] | undefined) ?? [];
		entries.push(...data.map((entry) => ({ id: String(entry.id), attributes: (entry.attributes as IDataObject) ?? {} })));
	}
	return entries;
}

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

const text = (...values: unknown[]) => values.find((value) => typeof value === 'string' && value.trim()) as string | undefined;

export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listAll(this, '/v1/users'))
		.map(({ id, attributes: a }) => {
			const name = text(a.displayName, a.name, a.email) ?? id;
			return { name: a.email && a.email !== name ? `${name} (${String(a.email)})` : name, value: id };
		})
		.sort(byName);
}

export async function getTeams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listAll(this, '/v1/teams')).map(({ id, attributes: a }) => ({ name: text(a.displayName, a.name) ?? id, value: id })).sort(byName);
}

export async function getQueues(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listAll(this, '/v1/routing/queues'))
		.map(({ id, attributes: a }) => ({ name: text(a.displayName, a.name) ?? id, value: id }))
		.sort(byName);
}

/** Tags by name: Kustomer accepts names and ids, and a name reads better in a workflow. */
export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listAll(this, '/v1/tags'))
		.map(({ id, attributes: a }) => {
			const name = text(a.name, a.displayName) ?? id;
			return { name, value: name };
		})
		.sort(byName);
}

/**
 * Custom attributes defined in the account (GET /v1/metadata/{resource}), labelled with their
 * display name and type. The value is the attribute's full name, suffix included.
 */
async function customAttributeOptions(context: ILoadOptionsFunctions, resource: string): Promise<INodePropertyOptions[]> {
	const response = await kustomerApiRequest(context, { method: 'GET', url: kustomerPath('/v1/metadata/{resource}', { resource }) });
	return accountAttributesFrom(response.body)
		.map(({ name, type, displayName }) => ({ name: `${displayName ?? name} (${TYPE_LABEL[type]})`, value: name, description: name }))
		.sort(byName);
}

export async function getCustomerAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await customAttributeOptions(this, 'customer');
}

export async function getCompanyAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await customAttributeOptions(this, 'company');
}

export async function getConversationAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await customAttributeOptions(this, 'conversation');
}

export async function getMessageAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await customAttributeOptions(this, 'message');
}

/** The chosen Klass's attributes (the node's `klassName` parameter). */
export async function getCustomObjectAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const klassName = String(this.getCurrentNodeParameter('klassName') ?? '').trim();
	if (!klassName) return [];
	return await customAttributeOptions(this, `kobject.${klassName}`);
}

/** Klasses by name, the way custom-object endpoints address them. */
export async function getKlasses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listAll(this, '/v1/klasses'))
		.map(({ id, attributes: a }) => {
			const name = String(a.name ?? id);
			const label = text(a.displayName) ?? name;
			return { name: label === name ? name : `${label} (${name})`, value: name };
		})
		.sort(byName);
}

/**
 * The account's connected outbound accounts of one channel (GET /v1/outboundAccounts:
 * https://developer.kustomer.com/api/core-resources/get-outbound-accounts): what a draft's `from` must be.
 * The value is the account (an email address, or a number for SMS and WhatsApp).
 */
async function outboundAccounts(context: ILoadOptionsFunctions, channel: string): Promise<INodePropertyOptions[]> {
	const options: INodePropertyOptions[] = [];
	for await (const response of kustomerPages(context, { method: 'GET', url: '/v1/outboundAccounts' }, PAGE_SIZE, MAX_PAGES)) {
		for (const entry of ((response.body as IDataObject)?.data as IDataObject[] | undefined) ?? []) {
			const a = (entry.attributes as IDataObject) ?? {};
			const account = text(a.account);
			if (!account || a.channel !== channel) continue;
			const name = text(a.name);
			options.push({ name: name && name !== account ? `${name} (${account})` : account, value: account });
		}
	}
	return options.sort(byName);
}

/** Draft › Send Message's From: the accounts of the chosen channel. */
export async function getOutboundAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await outboundAccounts(this, String(this.getCurrentNodeParameter('draftChannel') ?? 'email'));
}

/** Draft › Forward Conversation's From: forwards go by email. */
export async function getOutboundEmailAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await outboundAccounts(this, 'email');
}
