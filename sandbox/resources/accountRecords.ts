/** Rendering shared by the account lists (users, teams, tags, queues): same envelope, different type. */
import { relationship, type ResourceObject } from '../envelope';
import { SANDBOX_ORG_ID, type AccountRecord } from '../store';

export function renderAccountRecord(type: string, collection: string): (record: AccountRecord) => ResourceObject {
	return (record) => ({
		type,
		id: record.id,
		attributes: { ...record.attributes },
		relationships: {
			org: relationship({ type: 'org', id: SANDBOX_ORG_ID }),
			createdBy: relationship({ type: 'user', id: record.createdBy }),
			modifiedBy: relationship({ type: 'user', id: record.modifiedBy }),
		},
		links: { self: `/v1/${collection}/${record.id}` },
	});
}
