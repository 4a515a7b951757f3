import { Channel, ConsentSource } from '../../../src/actions/actions.types';
import { clientBlockReason, ClientGuardFacts } from '../../../src/actions/guards/client-guards';
import { clientGuardSql } from '../../../src/actions/guards/guard-sql';
import { seedClients } from '../../support/actions-fixtures';
import { newBusiness } from '../../support/factories';
import { prng } from '../../support/prng';
import { createTestDb, TestDb } from '../../support/test-db';

const SOURCES: ConsentSource[] = ['import', 'form', 'sms_keyword', 'unsubscribe_link', 'staff'];
const CONTACT_STATUSES = ['sent', 'delivered', 'opened', 'failed', 'blocked', 'sending'];

describe('guard SQL agrees with the reference guards', () => {
  let db: TestDb;
  beforeAll(async () => (db = await createTestDb()));
  afterAll(async () => db.drop());

  it('should give every one of 800 seeded random clients the reference verdict, on every channel and policy', async () => {
    const rnd = prng(20260501);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const { businessId } = await newBusiness(db.ds);
    const { businessId: other } = await newBusiness(db.ds);
    const now = new Date();
    const n = 800;
    const seeds = Array.from({ length: n }, () => ({
      email: pick([null, '', '  ', 'a@example.test', 'b@example.test']),
      phone: pick([null, '', '+15550001111']),
      emailConsent: pick([null, true, false]),
      smsConsent: pick([null, true, false]),
    }));
    const ids = await seedClients(db.ds, businessId, seeds);
    const [foreign] = await seedClients(db.ds, other, [{}]);
    const facts = new Map<string, { ledger: Partial<Record<'email' | 'sms' | 'push', { granted: boolean; source: ConsentSource }>>; sleeping: boolean; recent: number }>();
    const ledgerRows: Array<[string, string, boolean, string, Date]> = [];
    const touchRows: Array<[string, string, string, boolean, string, Date]> = [];
    const sleepers: string[] = [];
    for (const id of ids) {
      const f = { ledger: {} as Record<string, { granted: boolean; source: ConsentSource }>, sleeping: rnd() < 0.15, recent: 0 };
      for (const ch of ['email', 'sms', 'push'] as const) {
        const entries = Math.floor(rnd() * 3);
        for (let e = 0; e < entries; e++) {
          const granted = rnd() < 0.5;
          const source = pick(SOURCES);
          // later entries are later in time: the last one is current
          ledgerRows.push([id, ch, granted, source, new Date(now.getTime() - (10 - e) * 60_000)]);
          f.ledger[ch] = { granted, source };
        }
      }
      const touches = Math.floor(rnd() * 4);
      for (let t = 0; t < touches; t++) {
        const status = pick(CONTACT_STATUSES);
        const channel = pick(['email', 'sms', 'push', 'mailchimp'] as const);
        const marketing = rnd() < 0.8;
        const daysAgo = pick([1, 3, 6.9, 7.1, 20]);
        touchRows.push([id, channel, status, marketing, `seed:${id}:${t}`, new Date(now.getTime() - daysAgo * 86_400_000)]);
        if (['sent', 'delivered', 'opened', 'sending'].includes(status) && marketing && channel !== 'mailchimp' && daysAgo < 7) f.recent++;
      }
      if (f.sleeping) sleepers.push(id);
      facts.set(id, f);
    }
    await db.ds.query(
      `INSERT INTO consent_event (business_id, client_id, channel, granted, source, recorded_at)
       SELECT $1, c, ch, g, s, at FROM unnest($2::bigint[], $3::text[], $4::boolean[], $5::text[], $6::timestamptz[]) AS x(c, ch, g, s, at)`,
      [businessId, ...[0, 1, 2, 3, 4].map((i) => ledgerRows.map((r) => r[i]))],
    );
    await db.ds.query(
      `INSERT INTO touch (business_id, client_id, channel, status, marketing, origin, claimed_at)
       SELECT $1, c, ch, st, m, o, at FROM unnest($2::bigint[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::timestamptz[]) AS x(c, ch, st, m, o, at)`,
      [businessId, ...[0, 1, 2, 3, 4, 5].map((i) => touchRows.map((r) => r[i]))],
    );
    await db.ds.query(`INSERT INTO client_contact_pref (client_id, business_id, sleeping) SELECT unnest($2::bigint[]), $1, true`, [businessId, sleepers]);
    // the other business's ledger must not leak into this one's verdicts
    await db.ds.query(`INSERT INTO consent_event (business_id, client_id, channel, granted, source) VALUES ($1, $2, 'email', false, 'staff')`, [other, foreign]);

    let compared = 0;
    const verdicts = new Map<string, number>();
    for (const channel of ['email', 'sms', 'mailchimp', 'push'] as Channel[]) {
      for (const policy of [
        { marketing: true, includeSleeping: false, unknownConsent: channel !== 'sms', frequencyCap: { max: 2, days: 7 } },
        { marketing: true, includeSleeping: true, unknownConsent: false, frequencyCap: { max: 1, days: 7 } },
        { marketing: false, includeSleeping: false, unknownConsent: true, frequencyCap: null },
        { marketing: false, consentOverride: true, includeSleeping: false, unknownConsent: false, frequencyCap: null },
        { marketing: true, consentOverride: true, includeSleeping: false, unknownConsent: true, frequencyCap: { max: 2, days: 7 } },
      ]) {
        const q = clientGuardSql({ businessId, clientIds: [...ids, foreign, '999999999'], channel, now, ...policy });
        const rows: Array<{ client_id: string; reason: string | null }> = await db.ds.query(q.sql, q.params);
        const got = new Map(rows.map((r) => [String(r.client_id), r.reason]));
        for (const [i, id] of ids.entries()) {
          const s = seeds[i];
          const f = facts.get(id)!;
          const consentChannel = channel === 'mailchimp' ? 'email' : channel;
          const address = channel === 'sms' ? s.phone : channel === 'push' ? 'push' : s.email;
          const expected = clientBlockReason(
            {
              exists: true,
              address: address && address.trim() ? address : null,
              ledger: f.ledger[consentChannel] ?? null,
              bookingConsent: consentChannel === 'email' ? s.emailConsent : consentChannel === 'sms' ? s.smsConsent : null,
              sleeping: f.sleeping,
              recentContacts: f.recent,
            } satisfies ClientGuardFacts,
            { channel, ...policy },
          );
          expect({ id, channel, policy, reason: got.get(id) }).toEqual({ id, channel, policy, reason: expected });
          verdicts.set(String(expected), (verdicts.get(String(expected)) ?? 0) + 1);
          compared++;
        }
        expect(got.get(foreign)).toBe('client_not_found');
        expect(got.get('999999999')).toBe('client_not_found');
      }
    }
    expect(compared).toBe(n * 20);
    // the random data reaches every verdict
    for (const v of ['null', 'no_address', 'no_consent', 'unsubscribed', 'opted_out', 'sleeping', 'frequency_cap']) expect(verdicts.get(v)).toBeGreaterThan(20);
  });
});
