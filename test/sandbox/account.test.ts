import { KustomerSandbox, SEEDED_QUEUE_IDS, SEEDED_TAG_IDS, SEEDED_TEAM_IDS, SEEDED_USER_IDS } from '../../sandbox';
import { call, createConversation, createCustomer } from './helpers';

describe('sandbox account lists (users, teams, tags, queues)', () => {
	let sb: KustomerSandbox;

	beforeAll(async () => {
		sb = await KustomerSandbox.start({ keys: { 'no-role-key': [] } });
	});
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	const ids = (json: any) => json.data.map((d: any) => d.id);

	it('lists seeded users with deterministic ids, the current machine user among them, paged and filtered', async () => {
		const r = await call(sb, 'GET', '/v1/users');
		expect(r.status).toBe(200);
		expect(ids(r.json)).toEqual(SEEDED_USER_IDS);
		const me = await call(sb, 'GET', '/v1/users/current');
		expect(r.json.data[0]).toMatchObject({ type: 'user', id: me.json.data.id, attributes: { userType: 'machine' } });
		expect(r.json.data[1].attributes).toMatchObject({ name: 'Alice Agent', displayName: 'Alice Agent', email: 'alice.agent@example.com', userType: 'user' });
		const page = await call(sb, 'GET', '/v1/users?page=2&pageSize=2');
		expect(ids(page.json)).toEqual(SEEDED_USER_IDS.slice(2, 4));
		expect(page.json.links).toMatchObject({ prev: '/v1/users?page=1&pageSize=2', next: '/v1/users?page=3&pageSize=2' });
		const humans = await call(sb, 'GET', '/v1/users?userType=user&pageSize=2');
		expect(humans.json.meta.total).toBe(4);
		expect(humans.json.links.next).toBe('/v1/users?userType=user&page=2&pageSize=2');
		expect(ids((await call(sb, 'GET', '/v1/users?email=BOB.billing@example.com')).json)).toEqual([SEEDED_USER_IDS[2]]);
		expect((await call(sb, 'GET', '/v1/users?pageSize=0')).status).toBe(400);
	});

	it('lists teams and routing queues (label attributes.displayName)', async () => {
		const teams = await call(sb, 'GET', '/v1/teams');
		expect(ids(teams.json)).toEqual(SEEDED_TEAM_IDS);
		expect(teams.json.data[0]).toMatchObject({ type: 'team', attributes: { name: 'Support Tier 1', members: expect.any(Array) } });
		const queues = await call(sb, 'GET', '/v1/routing/queues?pageSize=2');
		expect(ids(queues.json)).toEqual(SEEDED_QUEUE_IDS.slice(0, 2));
		expect(queues.json.data[0]).toMatchObject({ type: 'queue', attributes: { displayName: 'Default Queue' }, links: { self: `/v1/routing/queues/${SEEDED_QUEUE_IDS[0]}` } });
		expect(queues.json.links.next).toBe('/v1/routing/queues?page=2&pageSize=2');
	});

	it('lists seeded tags plus tags first used on customers and conversations', async () => {
		const seeded = await call(sb, 'GET', '/v1/tags?deleted=false');
		expect(ids(seeded.json)).toEqual(SEEDED_TAG_IDS);
		expect(seeded.json.data[0]).toMatchObject({ type: 'tag', attributes: { name: 'vip' } });
		const customer = await createCustomer(sb, { name: 'Tagged', tags: ['vip', 'from-customer'] });
		await createConversation(sb, customer, { tags: ['from-conversation'] });
		const names = (await call(sb, 'GET', '/v1/tags')).json.data.map((t: any) => t.attributes.name);
		expect(names).toEqual(['vip', 'billing', 'bug', 'feature-request', 'refund', 'from-customer', 'from-conversation']);
		sb.reset();
		expect((await call(sb, 'GET', '/v1/tags')).json.meta.total).toBe(5);
	});

	it('records the lists as valid documented routes any key may call', async () => {
		sb.clearRequests();
		for (const path of ['/v1/users', '/v1/teams', '/v1/tags', '/v1/routing/queues']) {
			expect((await call(sb, 'GET', path, { key: 'no-role-key' })).status).toBe(200);
		}
		expect(sb.requests.map((r) => [r.operationId, r.valid])).toEqual([
			['GetUsers', true],
			['GetTeams', true],
			['GetTags', true],
			['GetQueues', true],
		]);
		expect((await call(sb, 'GET', '/v1/tags', { key: null })).status).toBe(401);
	});
});
