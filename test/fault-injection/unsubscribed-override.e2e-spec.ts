import { Role } from '../../src/auth/roles.decorator';
import { generateApiKey } from '../../src/business/api-key';
import { noQuietHours, seedClients } from '../support/actions-fixtures';
import { callAs, Cred, keyCred, signInAs } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// Issue #17 item 10: a marketer could reach a client who had unsubscribed by calling the send a
// non-marketing (transactional) one, which skipped consent. Now a transactional send still
// respects a withdrawal the client made (unsubscribe link, STOP, a recorded opt-out); only an
// admin can override it, with a reason, and the override is kept in the audit trail.

describe('fault injection: a transactional send to a client who unsubscribed', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  async function keyFor(businessId: string, role: Role): Promise<Cred> {
    const k = generateApiKey();
    await app.ds.query(`INSERT INTO api_key (business_id, name, role, prefix, key_hash) VALUES ($1, $2, $3, $4, $5)`, [businessId, `${role} key`, role, k.prefix, k.hash]);
    return keyCred(k.key);
  }

  async function setup() {
    const b = await newBusiness(app.ds);
    await noQuietHours(app.ds, b.businessId);
    const [gone, optedOut, neverAsked, fine] = await seedClients(app.ds, b.businessId, [
      { email: 'gone@example.test' },
      { email: 'opted-out@example.test' },
      { email: 'never-asked@example.test', emailConsent: false },
      { email: 'fine@example.test' },
    ]);
    await app.ds.query(
      `INSERT INTO consent_event (business_id, client_id, channel, granted, source, evidence)
       VALUES ($1, $2, 'email', false, 'unsubscribe_link', '{}'), ($1, $3, 'email', false, 'staff', '{}')`,
      [b.businessId, gone, optedOut],
    );
    return { ...b, admin: keyCred(b.apiKey), marketer: await keyFor(b.businessId, 'marketer'), clients: { gone, optedOut, neverAsked, fine } };
  }

  const send = (cred: Cred, origin: string, clientIds: string[], extra: object = {}) =>
    callAs(app.url, 'POST', '/api/v1/actions/send', cred, { origin, channel: 'email', clientIds, marketing: false, template: { subject: 'Your booking', text: 'Class moved to 7pm' }, ...extra });

  it("should keep a marketer's transactional send away from clients who withdrew consent", async () => {
    const { marketer, clients } = await setup();
    const res = await send(marketer, 'notice:1', [clients.gone, clients.optedOut, clients.neverAsked, clients.fine]);
    expect(res.status).toBe(202);
    // transactional: no marketing consent needed, but a withdrawal is a withdrawal
    expect(res.body).toMatchObject({ queued: 2, blocked: { unsubscribed: 1, opted_out: 1 } });
  });

  it('should refuse the override to a marketer, and ask an admin for a reason', async () => {
    const { businessId, admin, marketer, clients } = await setup();
    const byMarketer = await send(marketer, 'notice:2', [clients.gone], { consentOverrideReason: 'Class cancelled, must reach everyone booked' });
    expect(byMarketer.status).toBe(403);
    expect(byMarketer.body.message).toMatch(/admin/);
    const noReason = await send(admin, 'notice:3', [clients.gone]);
    expect(noReason.body).toMatchObject({ queued: 0, blocked: { unsubscribed: 1 } });
    const shortReason = await send(admin, 'notice:4', [clients.gone], { consentOverrideReason: 'x' });
    expect(shortReason.status).toBe(400);
    expect(shortReason.body.message).toMatch(/^consentOverrideReason/);
    const marketingToo = await send(admin, 'notice:5', [clients.gone], { marketing: true, consentOverrideReason: 'Class cancelled, must reach everyone booked' });
    expect(marketingToo.status).toBe(400);
    expect(marketingToo.body.message).toMatch(/^consentOverrideReason/);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM touch WHERE business_id = $1 AND status <> 'blocked'`, [businessId])).toEqual([{ n: 0 }]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE business_id = $1`, [businessId])).toEqual([{ n: 0 }]);
  });

  it.each(['key', 'session'] as const)('should let an admin %s override with a reason, recorded in the audit trail', async (kind) => {
    const { businessId, admin, clients } = await setup();
    const cred = kind === 'key' ? admin : await signInAs(app, businessId, 'admin');
    const reason = 'Studio closed today after a flood: everyone booked must know';
    const res = await send(cred, `closure:${kind}`, [clients.gone, clients.optedOut], { consentOverrideReason: reason });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ queued: 2, blocked: {} });
    const [keyRow] = await app.ds.query(`SELECT id::text FROM api_key WHERE business_id = $1 AND role = 'admin' ORDER BY created_at LIMIT 1`, [businessId]);
    const audit = await app.ds.query(`SELECT actor, role, action, reason, details FROM audit_event WHERE business_id = $1`, [businessId]);
    expect(audit).toEqual([
      {
        actor: kind === 'key' ? `api_key:${keyRow.id}` : `user:${(cred as { userId: string }).userId}`,
        role: 'admin',
        action: 'actions.send.consent_override',
        reason,
        details: { origin: `closure:${kind}`, variant: null, channel: 'email', runId: res.body.runId, clientCount: 2, clientIds: [clients.gone, clients.optedOut] },
      },
    ]);
    const [run] = await app.ds.query(`SELECT marketing, consent_override FROM action_run WHERE id = $1`, [res.body.runId]);
    expect(run).toEqual({ marketing: false, consent_override: true });
  });
});
