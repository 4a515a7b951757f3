import { newBusiness } from '../support/factories';
import { runTs } from '../support/run-node';
import { startTestApp, TestApp } from '../support/test-app';

// `npm run cli -- automations:playbook`: the default playbook for businesses that existed before
// automations, as a real process; idempotent.
describe('automations:playbook command', () => {
  let app: TestApp;
  const cli = (args: string[]) => runTs('src/cli.ts', ['automations:playbook', ...args], { DATABASE_URL: app.db.url, QUEUE_PREFIX: app.config.QUEUE_PREFIX }, 60_000);
  const playbookOf = (businessId: string): Promise<Array<{ playbook_key: string; enabled: boolean }>> =>
    app.ds.query(`SELECT playbook_key, enabled FROM automation WHERE business_id = $1 ORDER BY playbook_key`, [businessId]);

  beforeAll(async () => {
    app = await startTestApp({ http: false });
  });
  afterAll(() => app.close());

  it('should install the playbook, disabled, once per business, for one business or every one', async () => {
    const a = await newBusiness(app.ds);
    const b = await newBusiness(app.ds);
    const one = await cli(['--business', a.businessId]);
    expect(one.stderr).toBe('');
    expect(JSON.parse(one.stdout.trim())).toEqual({ businesses: 1, installed: 1 });
    expect(await playbookOf(a.businessId)).toEqual([
      { playbook_key: 'at_risk_email_then_call', enabled: false },
      { playbook_key: 'in_trouble_call_today', enabled: false },
      { playbook_key: 'new_member_no_visit_sms', enabled: false },
    ]);
    const [segment] = await app.ds.query(`SELECT s.name FROM automation a JOIN segment s ON s.id = a.trigger_segment_id AND s.business_id = a.business_id WHERE a.business_id = $1`, [a.businessId]);
    expect(segment.name).toBe('New members without a visit in 7 days');

    const all = await cli([]);
    expect(JSON.parse(all.stdout.trim())).toEqual({ businesses: 1, installed: 1 });
    expect(await playbookOf(b.businessId)).toHaveLength(3);
    const again = await cli([]);
    expect(JSON.parse(again.stdout.trim())).toEqual({ businesses: 0, installed: 0 });
    expect(await playbookOf(a.businessId)).toHaveLength(3);

    const bad = await cli(['--business', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--business must be a business id/);
  }, 120_000);
});
