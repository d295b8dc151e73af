/**
 * The fixed account lists every sandbox org starts with: users (the main machine user among them), teams,
 * routing queues and a few tags. Ids are constants so tests and docs can name them; they differ from
 * generated ids in their middle tag (5a4dac) so they can never collide with records created later.
 */
import { MAIN_USER_ID } from './auth';
import type { AccountRecord, SandboxStore } from './store';

const SEEDED_AT = '2024-01-02T03:04:05.000Z';

const accountId = (kind: number, n: number): string => `65940a45${'5a4dac'}${kind.toString(16).padStart(2, '0')}${n.toString(16).padStart(8, '0')}`;

export const SEEDED_USER_IDS = [MAIN_USER_ID, accountId(1, 1), accountId(1, 2), accountId(1, 3), accountId(1, 4)];
export const SEEDED_TEAM_IDS = [accountId(2, 1), accountId(2, 2), accountId(2, 3)];
export const SEEDED_QUEUE_IDS = [accountId(3, 1), accountId(3, 2), accountId(3, 3)];
export const SEEDED_TAG_IDS = [accountId(4, 1), accountId(4, 2), accountId(4, 3), accountId(4, 4), accountId(4, 5)];

const USERS: Array<[string, string, 'user' | 'machine']> = [
	['Sandbox Machine User', 'machine-user@sandbox.kustomer.invalid', 'machine'],
	['Alice Agent', 'alice.agent@example.com', 'user'],
	['Bob Billing', 'bob.billing@example.com', 'user'],
	['Carla Care', 'carla.care@example.com', 'user'],
	['Dmitri Desk', 'dmitri.desk@example.com', 'user'],
];
const TEAMS = ['Support Tier 1', 'Billing', 'Escalations'];
const QUEUES = ['Default Queue', 'Billing Queue', 'VIP Queue'];
const TAGS: Array<[string, string]> = [
	['vip', '#e6b400'],
	['billing', '#1f77b4'],
	['bug', '#d62728'],
	['feature-request', '#2ca02c'],
	['refund', '#9467bd'],
];

function record(id: string, attributes: Record<string, unknown> & { name: string }): AccountRecord {
	return { id, attributes: { ...attributes, createdAt: SEEDED_AT, updatedAt: SEEDED_AT }, createdBy: MAIN_USER_ID, modifiedBy: MAIN_USER_ID };
}

/** Puts the fixed users, teams, queues and tags into an (empty) store. */
export function seedAccount(store: SandboxStore): void {
	USERS.forEach(([name, email, userType], i) => {
		const id = SEEDED_USER_IDS[i];
		store.users.set(id, record(id, { name, displayName: name, email, userType, deleted: false }));
	});
	TEAMS.forEach((name, i) => {
		const id = SEEDED_TEAM_IDS[i];
		// team n has the first n + 2 human users, so every team has members to pick
		store.teams.set(id, record(id, { name, displayName: name, icon: 'users', members: SEEDED_USER_IDS.slice(1, 3 + i) }));
	});
	QUEUES.forEach((name, i) => {
		const id = SEEDED_QUEUE_IDS[i];
		store.queues.set(id, record(id, { name: name.toLowerCase().replace(/\s+/g, '-'), displayName: name, description: `${name} (sandbox)` }));
	});
	TAGS.forEach(([name, color], i) => {
		const id = SEEDED_TAG_IDS[i];
		store.tags.set(id, record(id, { name, color, deleted: false }));
	});
}
