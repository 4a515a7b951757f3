import request from 'supertest';
import { workedExamples } from '../../src/risk/settings/risk-examples';
import { DEFAULT_RISK_SETTINGS } from '../../src/risk/rules/risk-settings';
import { generateApiKey } from '../../src/business/api-key';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// POST /api/v1/settings/risk/examples: risk.md's worked examples recomputed with unsaved numbers,
// for the risk settings page (web.md "Settings": "the worked examples recomputed live").
describe('risk worked examples (POST /api/v1/settings/risk/examples)', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  const as = (k: string) => ({ Authorization: `Bearer ${k}` });
  const post = (key: string, body: object) => request(app.url).post('/api/v1/settings/risk/examples').set(as(key)).send(body);

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds, { timezone: 'UTC' });
  });
  afterAll(() => app.close());

  it("should answer risk.md's worked examples for a business on the default settings", async () => {
    const res = await post(a.apiKey, {}).expect(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(workedExamples(DEFAULT_RISK_SETTINGS))));
    expect(res.body.today).toBe('2026-03-31');
    expect(res.body.examples.map((e: { status: string; tags: string[]; score: number }) => [e.status, e.tags, e.score])).toEqual([
      ['at_risk', ['low_user', 'absent', 'new_member'], 100],
      ['at_risk', ['low_user', 'absent'], 100],
      ['in_trouble', ['in_trouble', 'low_user', 'absent'], 100],
      ['loving_it', ['low_user'], 10],
    ]);
  });

  it('should apply the unsaved change on top of the stored settings, and store nothing', async () => {
    await request(app.url)
      .put('/api/v1/settings/risk')
      .set(as(a.apiKey))
      .send({ newMember: { score: 0 } })
      .expect(200);
    const edited = await post(a.apiKey, {
      absent: {
        bands: [
          { minDays: 0, maxDays: 3, score: 0 },
          { minDays: 4, maxDays: 13, score: 20 },
          { minDays: 14, maxDays: null, score: 75 },
        ],
      },
    }).expect(200);
    // the new member keeps the stored New Member score of 0: 50 + 20 = 70, under the threshold
    expect(edited.body.examples[0]).toMatchObject({ status: 'loving_it', score: 70, scores: { lowUser: 50, absent: 20, newMember: 0 } });
    expect(edited.body.examples[1]).toMatchObject({ status: 'loving_it', score: 70 });
    const stored = await request(app.url).get('/api/v1/settings/risk').set(as(a.apiKey)).expect(200);
    expect(stored.body.absent).toEqual(JSON.parse(JSON.stringify(DEFAULT_RISK_SETTINGS.absent)));
    await request(app.url).put('/api/v1/settings/risk').set(as(a.apiKey)).send({ newMember: null }).expect(200);
  });

  it('should refuse what PUT refuses, naming the field', async () => {
    const score = await post(a.apiKey, {
      lowUser: {
        table: [
          { sessions: 0, score: 150 },
          { sessions: 1, score: 0 },
        ],
      },
    }).expect(400);
    expect(score.body.message).toMatch(/lowUser\.table\[0\]\.score/);
    expect(score.body.problems[0].path).toBe('lowUser.table[0].score');
    const cross = await post(a.apiKey, { atRisk: { threshold: 90 }, scoreCap: 80 }).expect(400);
    expect(cross.body.message).toMatch(/threshold/);
    const unknown = await post(a.apiKey, { nonsense: 1 }).expect(400);
    expect(unknown.body.message).toMatch(/nonsense/);
  });

  it('should let a manager ask (it changes nothing) but not a staff key', async () => {
    for (const [role, status] of [
      ['manager', 200],
      ['marketer', 200],
      ['staff', 403],
    ] as const) {
      const k = generateApiKey();
      await app.ds.query(`INSERT INTO api_key (business_id, name, role, prefix, key_hash) VALUES ($1, $2, $3, $4, $5)`, [a.businessId, `${role} key`, role, k.prefix, k.hash]);
      expect({ role, status: (await post(k.key, {})).status }).toEqual({ role, status });
    }
  });
});
