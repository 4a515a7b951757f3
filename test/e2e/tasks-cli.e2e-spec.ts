import request from 'supertest';
import { newBusiness } from '../support/factories';
import { runTs } from '../support/run-node';
import { seedStaff } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// `npm run cli -- staff:api-key`: a key bound to a staff member, as a real process.
describe('staff:api-key command', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('should print a working key bound to the staff member found by external id', async () => {
    const a = await newBusiness(app.ds);
    const staff = await seedStaff(app.ds, a.businessId, [{ key: 'coach-7', firstName: 'Cleo' }]);
    const r = await runTs('src/cli.ts', ['staff:api-key', '--business', a.businessId, '--staff-external-id', 'coach-7', '--name', 'Cleo tablet'], { DATABASE_URL: app.db.url });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out).toMatchObject({ staffId: staff['coach-7'], role: 'staff', apiKey: expect.stringMatching(/^cbk_/) });
    const me = await request(app.url)
      .get('/api/v1/tasks?assignee=me')
      .set({ Authorization: `Bearer ${out.apiKey}` })
      .expect(200);
    expect(me.body).toMatchObject({ items: [], total: 0 });
    expect(await app.ds.query(`SELECT name, role, staff_id::text FROM api_key WHERE id = $1`, [out.keyId])).toEqual([{ name: 'Cleo tablet', role: 'staff', staff_id: staff['coach-7'] }]);
    expect(await app.ds.query(`SELECT actor, action FROM audit_event WHERE business_id = $1`, [a.businessId])).toEqual([{ actor: 'cli', action: 'api_key.created' }]);
  }, 60_000);

  it("should refuse another business's staff member and bad flags with a usage message", async () => {
    const a = await newBusiness(app.ds);
    const b = await newBusiness(app.ds);
    const bStaff = await seedStaff(app.ds, b.businessId, [{ key: 'b-coach' }]);
    const foreign = await runTs('src/cli.ts', ['staff:api-key', '--business', a.businessId, '--staff', bStaff['b-coach']], { DATABASE_URL: app.db.url });
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/no active staff member with that id in that business/);
    const both = await runTs('src/cli.ts', ['staff:api-key', '--business', a.businessId], { DATABASE_URL: app.db.url });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give exactly one of --staff/);
    expect((await app.ds.query(`SELECT count(*)::int AS n FROM api_key WHERE business_id = $1 AND staff_id IS NOT NULL`, [a.businessId]))[0].n).toBe(0);
  }, 60_000);
});
