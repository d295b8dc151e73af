import { SEEDED_TEAM_IDS, SEEDED_USER_IDS } from '../../sandbox/account';
import { callListSearch } from '../harness/n8n';
import { apiRequests, credentialsFor, runKustomer, useSandbox } from './setup';

const sandbox = useSandbox();

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byEmail = (value: string) => ({ __rl: true, mode: 'email', value });
const sent = () => apiRequests(sandbox).map((request) => [request.method, request.path, request.query]);

afterEach(() => {
	const invalid = apiRequests(sandbox).filter((request) => !request.valid);
	expect(invalid.map((request) => [request.method, request.path])).toEqual([]);
});

describe('User › Get', () => {
	it('gets a user by ID, simplified', async () => {
		const result = await runKustomer(sandbox, { resource: 'user', operation: 'get', userId: byId(SEEDED_USER_IDS[1]) });
		expect(result.error).toBeUndefined();
		expect(sent()).toEqual([['GET', `/v1/users/${SEEDED_USER_IDS[1]}`, {}]]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ id: SEEDED_USER_IDS[1], name: 'Alice Agent', email: 'alice.agent@example.com', userType: 'user' });
	});

	it('gets a user by email through the list\'s email filter, so a workflow can assign by email', async () => {
		const result = await runKustomer(sandbox, { resource: 'user', operation: 'get', userId: byEmail('  bob.billing@example.com '), simplify: false });
		expect(result.error).toBeUndefined();
		expect(sent()).toEqual([['GET', '/v1/users', { email: 'bob.billing@example.com', page: '1', pageSize: '1' }]]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ type: 'user', id: SEEDED_USER_IDS[2], attributes: { name: 'Bob Billing' } });
	});

	it('names the email when no user has it', async () => {
		const result = await runKustomer(sandbox, { resource: 'user', operation: 'get', userId: byEmail('nobody@example.com') });
		expect(result.error?.message).toBe('User (email) nobody@example.com matches no Kustomer user [item 0]');
		expect(result.items).toHaveLength(0);
	});

	it('refuses a malformed email before sending', async () => {
		const result = await runKustomer(sandbox, { resource: 'user', operation: 'get', userId: byEmail('not-an-email') });
		expect(result.error?.message).toMatch(/^User \(email\)/);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});

	it('reports an unknown ID as Kustomer\'s 404', async () => {
		const result = await runKustomer(sandbox, { resource: 'user', operation: 'get', userId: byId('5f3c6a1b2c3d4e5f6a7b8c9d') });
		expect(result.error?.message).toBe('Kustomer has no user "5f3c6a1b2c3d4e5f6a7b8c9d"');
		expect(sent()).toEqual([['GET', '/v1/users/5f3c6a1b2c3d4e5f6a7b8c9d', {}]]);
	});
});

describe('User › Get Many', () => {
	it('returns every user with Return All', async () => {
		const result = await runKustomer(sandbox, { resource: 'user', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual(SEEDED_USER_IDS);
		expect(sent()).toEqual([['GET', '/v1/users', { page: '1', pageSize: '100' }]]);
	});

	it('stops at the Limit, one page of that size', async () => {
		const result = await runKustomer(sandbox, { resource: 'user', operation: 'getAll', returnAll: false, limit: 2 });
		expect(result.items.map((item) => item.json.id)).toEqual(SEEDED_USER_IDS.slice(0, 2));
		expect(sent()).toEqual([['GET', '/v1/users', { page: '1', pageSize: '2' }]]);
	});

	it('follows links.next across pages with Return All', async () => {
		for (let n = 0; n < 120; n++) {
			const id = `65940a455a4dac09${n.toString(16).padStart(8, '0')}`;
			sandbox.store.users.set(id, { id, attributes: { name: `Agent ${n}`, email: `agent${n}@example.com`, userType: 'user', createdAt: '2024-01-02T03:04:05.000Z', updatedAt: '2024-01-02T03:04:05.000Z' }, createdBy: SEEDED_USER_IDS[0], modifiedBy: SEEDED_USER_IDS[0] });
		}
		const result = await runKustomer(sandbox, { resource: 'user', operation: 'getAll', returnAll: true, simplify: false });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(125);
		expect(new Set(result.items.map((item) => item.json.id)).size).toBe(125);
		expect(result.items.every((item) => item.json.type === 'user')).toBe(true);
		expect(sent().map(([method, path, query]) => [method, path, (query as Record<string, string>).page])).toEqual([
			['GET', '/v1/users', '1'],
			['GET', '/v1/users', '2'],
		]);
	});

	it('sends the email and user type filters', async () => {
		const result = await runKustomer(sandbox, {
			resource: 'user',
			operation: 'getAll',
			returnAll: true,
			userFilters: { email: 'Carla.Care@example.com', userType: 'user' },
		});
		expect(result.error).toBeUndefined();
		expect(sent()).toEqual([['GET', '/v1/users', { email: 'Carla.Care@example.com', userType: 'user', page: '1', pageSize: '100' }]]);
		expect(result.items.map((item) => item.json.name)).toEqual(['Carla Care']);
	});

	it('lists machine users only', async () => {
		const result = await runKustomer(sandbox, { resource: 'user', operation: 'getAll', returnAll: true, userFilters: { userType: 'machine' } });
		expect(result.items.map((item) => item.json.id)).toEqual([SEEDED_USER_IDS[0]]);
	});
});

describe('Team › Get and Get Many', () => {
	it('lists the teams, simplified, up to the Limit', async () => {
		const result = await runKustomer(sandbox, { resource: 'team', operation: 'getAll', limit: 2 });
		expect(result.error).toBeUndefined();
		expect(sent()).toEqual([['GET', '/v1/teams', { page: '1', pageSize: '2' }]]);
		expect(result.items.map((item) => item.json.name)).toEqual(['Support Tier 1', 'Billing']);
		expect(result.items[0].json.id).toBe(SEEDED_TEAM_IDS[0]);
	});

	it('returns every team with Return All', async () => {
		const result = await runKustomer(sandbox, { resource: 'team', operation: 'getAll', returnAll: true });
		expect(result.items.map((item) => item.json.id)).toEqual(SEEDED_TEAM_IDS);
	});

	it('gets one team by ID, its members included', async () => {
		const result = await runKustomer(sandbox, { resource: 'team', operation: 'get', teamId: byId(SEEDED_TEAM_IDS[1]) });
		expect(result.error).toBeUndefined();
		expect(sent()).toEqual([['GET', `/v1/teams/${SEEDED_TEAM_IDS[1]}`, {}]]);
		expect(result.items[0].json).toMatchObject({ id: SEEDED_TEAM_IDS[1], name: 'Billing', members: SEEDED_USER_IDS.slice(1, 4) });
	});

	it('refuses an empty team before sending', async () => {
		const result = await runKustomer(sandbox, { resource: 'team', operation: 'get', teamId: byId(' ') });
		expect(result.error?.message).toMatch(/^Team ID is empty/);
		expect(apiRequests(sandbox)).toHaveLength(0);
	});
});

describe('User and Team locators', () => {
	it('list users by name or email, and teams by name', async () => {
		const users = await callListSearch({ nodeType: 'kustomer', method: 'searchUsers', filter: 'billing', credentials: credentialsFor(sandbox) });
		expect(users.results).toEqual([{ name: 'Bob Billing (bob.billing@example.com)', value: SEEDED_USER_IDS[2] }]);
		const teams = await callListSearch({ nodeType: 'kustomer', method: 'searchTeams', filter: 'esc', credentials: credentialsFor(sandbox) });
		expect(teams.results).toEqual([{ name: 'Escalations', value: SEEDED_TEAM_IDS[2] }]);
	});
});
