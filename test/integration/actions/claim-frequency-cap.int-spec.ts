import { randomUUID } from 'crypto';
import { TouchRepository } from '../../../src/actions/touches/touch.repository';
import { seedClients } from '../../support/actions-fixtures';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';

// The frequency cap is checked when a campaign is dispatched and again when its job starts, but
// only the claim can make it hold when two campaigns' jobs reach the same client at once.

async function queuedTouches(db: TestDb, businessId: string, origin: string, clientIds: string[]): Promise<string[]> {
  const rows: Array<{ id: string }> = await db.ds.query(
    `INSERT INTO touch (business_id, client_id, channel, origin, status)
     SELECT $1, c, 'email', $2, 'queued' FROM unnest($3::bigint[]) c ORDER BY c RETURNING id::text`,
    [businessId, origin, clientIds],
  );
  return rows.map((r) => r.id);
}

describe('frequency cap at claim time', () => {
  let db: TestDb;
  let touches: TouchRepository;
  const week = () => ({ max: 1, since: new Date(Date.now() - 7 * 86_400_000) });

  beforeAll(async () => {
    db = await createTestDb();
    touches = new TouchRepository(db.ds);
  });
  afterAll(async () => db.drop());

  it('should wait for a claim in flight on the same client and then block its own touch instead of sending a second message', async () => {
    const { businessId } = await newBusiness(db.ds);
    const [client] = await seedClients(db.ds, businessId, [{ email: 'once@example.test' }]);
    const [first] = await queuedTouches(db, businessId, 'campaign:1:step:1', [client]);
    const [second] = await queuedTouches(db, businessId, 'campaign:2:step:1', [client]);

    // another worker's claim of the first campaign's touch, not yet committed
    const other = db.ds.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query(`SELECT pg_advisory_xact_lock(hashtextextended('comeback:contact-cap:' || $1::bigint, 0))`, [client]);
    await other.query(`UPDATE touch SET status = 'sending', claimed_at = now(), claim_token = $2 WHERE id = $1`, [first, randomUUID()]);

    let settled = false;
    const claim = touches.claimChunk(businessId, [second], randomUUID(), 20, week()).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    await other.commitTransaction();
    await other.release();

    expect(await claim).toEqual({ recipients: [], capped: 1 });
    expect(await db.ds.query(`SELECT status, blocked_reason FROM touch WHERE id = $1`, [second])).toEqual([{ status: 'blocked', blocked_reason: 'frequency_cap' }]);
  });

  it('should let exactly one of two racing campaigns reach each client when the cap allows one message', async () => {
    const { businessId } = await newBusiness(db.ds);
    const clients = await seedClients(
      db.ds,
      businessId,
      Array.from({ length: 60 }, (_, i) => ({ email: `race-${i}@example.test` })),
    );
    const a = await queuedTouches(db, businessId, 'campaign:10:step:1', clients);
    const b = await queuedTouches(db, businessId, 'campaign:11:step:1', clients);
    const chunks = (ids: string[]) => Array.from({ length: ids.length / 5 }, (_, i) => ids.slice(i * 5, i * 5 + 5));
    const run = async (ids: string[]) => {
      const token = randomUUID();
      let sent = 0;
      let capped = 0;
      for (const chunk of chunks(ids)) {
        const r = await touches.claimChunk(businessId, chunk, token, 5, week());
        sent += r.recipients.length;
        capped += r.capped;
      }
      return { sent, capped };
    };
    // two workers on the second campaign's job as well (a redelivered job), in opposite orders
    const results = await Promise.all([run(a), run(b), run([...b].reverse())]);
    const perClient: Array<{ sending: number; blocked: number }> = await db.ds.query(
      `SELECT count(*) FILTER (WHERE status = 'sending')::int AS sending, count(*) FILTER (WHERE status = 'blocked' AND blocked_reason = 'frequency_cap')::int AS blocked
         FROM touch WHERE business_id = $1 GROUP BY client_id`,
      [businessId],
    );
    expect(perClient).toHaveLength(60);
    expect(perClient.every((c) => c.sending === 1 && c.blocked === 1)).toBe(true);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(60);
    expect(results.reduce((n, r) => n + r.capped, 0)).toBe(60);
  });

  it('should claim without a cap exactly as before: every queued touch of the chunk, once', async () => {
    const { businessId } = await newBusiness(db.ds);
    const clients = await seedClients(db.ds, businessId, [{ email: 'x@example.test' }, { email: 'y@example.test' }]);
    await queuedTouches(db, businessId, 'campaign:20:step:1', clients);
    const ids = await queuedTouches(db, businessId, 'campaign:21:step:1', clients);
    const first = await touches.claimChunk(businessId, ids, randomUUID(), 20);
    expect(first.capped).toBe(0);
    expect(first.recipients.map((r) => r.clientId).sort()).toEqual([...clients].sort());
    expect((await touches.claimChunk(businessId, ids, randomUUID(), 20)).recipients).toEqual([]);
  });
});
