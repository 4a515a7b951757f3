import request from 'supertest';
import { replayStatusHistory } from '../../src/risk/assessment/status-history-replay';
import { HealthService } from '../../src/risk/health/health.service';
import { addDays, localDate } from '../../src/common/local-date';
import { keyCred, callAs, newUser, signIn } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// GET /api/v1/overview (docs/overview.md) on members built by hand, with a status history
// replayed by the rules over the last 35 days and today's pass run through the API: who is
// At Risk or In Trouble now and a week ago follows from the visits below.

const TZ = 'Europe/Stockholm';
const ALL = { fromId: '0', toId: '9223372036854775807' };

type Member = { ext: string; since: number; visits: Array<[number, number]> };

describe('GET /api/v1/overview', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  let other: { businessId: string; apiKey: string };
  const T = localDate(new Date(), TZ);
  const day = (offset: number) => addDays(T, offset);

  // visits: inclusive ranges of day offsets, one visit a day at noon local time
  const MEMBERS: Member[] = [
    // A: daily until 10 days ago -> a week ago Loving it (3 days absent), now At Risk (10 days, no sessions)
    { ext: 'a', since: -60, visits: [[-60, -10]] },
    // G: the same story as A
    { ext: 'g', since: -50, visits: [[-50, -11]] },
    // B: nothing for 30 days -> In Trouble then (23 days) and now
    { ext: 'b', since: -90, visits: [[-90, -30]] },
    // C: every day -> Loving it then and now
    { ext: 'c', since: -100, visits: [[-100, -1]] },
    // E: nothing for 20 days -> At Risk then (13 days absent) and now (20: not yet In Trouble)
    { ext: 'e', since: -80, visits: [[-80, -20]] },
    // F: back after 3 weeks away -> At Risk then (18 days absent), Loving it now
    {
      ext: 'f',
      since: -70,
      visits: [
        [-70, -25],
        [-3, -1],
      ],
    },
  ];

  const import_ = (b: { apiKey: string }, entity: string, records: object[]) => request(app.url).post(`/api/v1/import/${entity}`).set('Authorization', `Bearer ${b.apiKey}`).send(records).expect(200);

  async function seed(b: { businessId: string; apiKey: string }, members: Member[]) {
    await import_(b, 'clients', [...members.map((m) => ({ externalId: m.ext, firstName: m.ext.toUpperCase() })), { externalId: 'd', firstName: 'D' }]);
    await import_(
      b,
      'subscriptions',
      members.map((m) => ({ externalId: `s-${m.ext}`, clientExternalId: m.ext, startsOn: day(m.since), billed: true })),
    );
    const visits = members.flatMap((m) =>
      m.visits.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, k) => ({ externalId: `v-${m.ext}-${from + k}`, clientExternalId: m.ext, visitedAt: `${day(from + k)}T12:00:00` }))),
    );
    for (let i = 0; i < visits.length; i += 5000) await import_(b, 'visits', visits.slice(i, i + 5000));
  }

  beforeAll(async () => {
    app = await startTestApp();
    biz = await newBusiness(app.ds, { timezone: TZ });
    other = await newBusiness(app.ds, { timezone: TZ });
    await seed(biz, MEMBERS);
    await replayStatusHistory(app.ds, { businessId: biz.businessId, from: day(-35), to: T });
    await request(app.url).post('/api/v1/risk/assess').set('Authorization', `Bearer ${biz.apiKey}`).expect(200);
    await app.http!.get(HealthService, { strict: false }).compute(biz.businessId, ALL);
    // a member joining after the pass has no status yet
    await import_(biz, 'clients', [{ externalId: 'i', firstName: 'I' }]);
    await import_(biz, 'subscriptions', [{ externalId: 's-i', clientExternalId: 'i', startsOn: day(-2), billed: true }]);
    // the other business: two members, today's pass only (no history a week back)
    await seed(other, MEMBERS.slice(0, 2));
    await request(app.url).post('/api/v1/risk/assess').set('Authorization', `Bearer ${other.apiKey}`).expect(200);
  }, 120_000);
  afterAll(() => app?.close());

  it('should count members per status now, with the unassessed, and clients and members', async () => {
    const res = await request(app.url).get('/api/v1/overview').set('Authorization', `Bearer ${biz.apiKey}`).expect(200);
    expect(res.body.statusCounts).toEqual({ in_trouble: 1, at_risk: 3, loving_it: 2, raving_fan: 0, suspended: 0, unassessed: 1 });
    expect(res.body.membersNow).toBe(7);
    expect(res.body.counts).toMatchObject({ clients: 8, members: 7 });
    expect(res.body.counts.visitsLast30Days).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ refreshing: false, sync: [] });
  });

  it('should compare At Risk + In Trouble now with a week ago, read from the status history', async () => {
    const res = await request(app.url).get('/api/v1/overview').set('Authorization', `Bearer ${biz.apiKey}`).expect(200);
    // now: a, g, e (At Risk), b (In Trouble); a week ago: b, e, f
    expect(res.body.atRisk).toEqual({ now: 4, weekAgo: 3, change: 1 });
    // the same figure, the slow way: every client's last change at or before a week ago
    const [{ n }] = await app.ds.query(
      `SELECT count(*)::int AS n FROM (
         SELECT DISTINCT ON (client_id) to_status FROM status_change
          WHERE business_id = $1 AND changed_at <= now() - interval '7 days' ORDER BY client_id, changed_at DESC, id DESC) x
        WHERE to_status IN ('at_risk', 'in_trouble')`,
      [biz.businessId],
    );
    expect(n).toBe(3);
  });

  it('should give members per health band, those without a score as unscored', async () => {
    const res = await request(app.url).get('/api/v1/overview').set('Authorization', `Bearer ${biz.apiKey}`).expect(200);
    const stored: Array<{ band: string; n: number }> = await app.ds.query(`SELECT band, count(*)::int AS n FROM client_health WHERE business_id = $1 GROUP BY band`, [biz.businessId]);
    const bands = Object.fromEntries(stored.map((r) => [r.band, r.n]));
    expect(res.body.healthBands).toEqual({ green: bands.green ?? 0, yellow: bands.yellow ?? 0, red: bands.red ?? 0, unscored: 1 });
    expect(stored.reduce((s, r) => s + r.n, 0)).toBe(6);
    expect(bands.red).toBeGreaterThan(0);
  });

  it('should say there is no week-ago figure yet where the history is younger, and keep businesses apart', async () => {
    const res = await request(app.url).get('/api/v1/overview').set('Authorization', `Bearer ${other.apiKey}`).expect(200);
    expect(res.body.atRisk).toEqual({ now: 2, weekAgo: null, change: null });
    expect(res.body.statusCounts).toEqual({ in_trouble: 0, at_risk: 2, loving_it: 0, raving_fan: 0, suspended: 0, unassessed: 0 });
    expect(res.body).toMatchObject({ membersNow: 2, counts: { clients: 3, members: 2 }, healthBands: { green: 0, yellow: 0, red: 0, unscored: 2 } });
  });

  it('should answer a signed-in manager and refuse staff', async () => {
    const manager = await newUser(app, { businessId: biz.businessId, role: 'manager' });
    const cred = await signIn(app, manager.email, manager.password);
    const res = await callAs(app.url, 'GET', '/api/v1/overview', cred).expect(200);
    expect(res.body.atRisk).toEqual({ now: 4, weekAgo: 3, change: 1 });
    const key = await callAs(app.url, 'POST', '/api/v1/api-keys', keyCred(biz.apiKey), { name: 'front desk', role: 'staff', staffId: await staffId() }).expect(201);
    await callAs(app.url, 'GET', '/api/v1/overview', keyCred(key.body.apiKey)).expect(403);
  });

  it('should answer a business whose member count is slow from its last count, and recount in the background', async () => {
    const b = await newBusiness(app.ds, { timezone: TZ });
    await seed(b, MEMBERS.slice(0, 3));
    const first = await request(app.url).get('/api/v1/overview').set('Authorization', `Bearer ${b.apiKey}`).expect(200);
    expect(first.body).toMatchObject({ membersNow: 3, statusCounts: { unassessed: 3 } });
    expect(Math.abs(new Date(first.body.membersAsOf).getTime() - Date.now())).toBeLessThan(60_000);
    // as a 1M-client business: the last count took 8 s and was made 10 s ago
    await app.ds.query(`UPDATE overview_member_count SET took_ms = 8000, computed_at = now() - interval '10 seconds' WHERE business_id = $1`, [b.businessId]);
    const [{ at }] = await app.ds.query(`SELECT computed_at AS at FROM overview_member_count WHERE business_id = $1`, [b.businessId]);
    await import_(b, 'clients', [{ externalId: 'late' }]);
    await import_(b, 'subscriptions', [{ externalId: 's-late', clientExternalId: 'late', startsOn: day(-1), billed: true }]);
    const cached = await request(app.url).get('/api/v1/overview').set('Authorization', `Bearer ${b.apiKey}`).expect(200);
    expect(cached.body).toMatchObject({ membersNow: 3, membersAsOf: at.toISOString() });
    // once the count is older than a minute, the next call still answers at once and starts a recount
    await app.ds.query(`UPDATE overview_member_count SET computed_at = now() - interval '2 minutes' WHERE business_id = $1`, [b.businessId]);
    expect((await request(app.url).get('/api/v1/overview').set('Authorization', `Bearer ${b.apiKey}`).expect(200)).body.membersNow).toBe(3);
    const fresh = await waitFor(async () => {
      const res = await request(app.url).get('/api/v1/overview').set('Authorization', `Bearer ${b.apiKey}`).expect(200);
      return res.body.membersNow === 4 && res.body;
    });
    expect(fresh).toMatchObject({ counts: { clients: 5, members: 4 }, statusCounts: { unassessed: 4 }, healthBands: { unscored: 4 } });
    expect(new Date(fresh.membersAsOf).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  async function staffId(): Promise<string> {
    const [row] = await app.ds.query(`INSERT INTO staff (business_id, source, external_id, first_name, email) VALUES ($1, 'import', 'desk', 'Desk', 'desk@example.test') RETURNING id::text AS id`, [
      biz.businessId,
    ]);
    return row.id;
  }
});
