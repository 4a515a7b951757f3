import { EntityManager, QueryRunner } from 'typeorm';
import { LOAD_ORDER } from '../../src/clients';
import { CanonicalWriter } from '../../src/clients/ingest/canonical-writer';
import { IngestBatch } from '../../src/clients/ingest/ingest.types';
import { newBusiness } from '../support/factories';
import { batches, mapFixture } from '../support/mindbody-fixtures';
import { createTestDb, TestDb } from '../support/test-db';
import { waitFor } from '../support/wait-for';

// A roster entry booked and signed in within the same second: Mindbody sends
// classRosterBooking.created (booked) and classRosterBookingStatus.updated (SignedIn) with the
// same origination time, and two drain jobs may commit them in either order. The booking must
// end attended both ways. The interleaving is forced, not hoped for: the second writer starts
// while the first holds its uncommitted rows, is seen waiting on the row lock, and only then
// does the first commit.

const SAME_SECOND = '2025-03-09T20:41:12Z';

const created = (): IngestBatch[] => batches(mapFixture('classRosterBooking.created', (e) => (e.eventInstanceOriginationDateTime = SAME_SECOND)));
const signedIn = (): IngestBatch[] => batches(mapFixture('classRosterBookingStatus.updated', (e) => (e.eventInstanceOriginationDateTime = SAME_SECOND)));

describe('Mindbody: booked and signed in within one second (real PostgreSQL, forced commit orders)', () => {
  let db: TestDb;

  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.drop());

  /** What a drain job does with one event's batches: write them in load order, leniently. */
  async function apply(m: EntityManager, businessId: string, list: IngestBatch[]): Promise<void> {
    const writer = new CanonicalWriter(m);
    const ordered = [...list].sort((a, b) => LOAD_ORDER.indexOf(a.entity) - LOAD_ORDER.indexOf(b.entity));
    for (const batch of ordered) {
      const r = await writer.write(businessId, 'mindbody', batch, { mode: 'lenient' });
      expect(r.rejected).toEqual([]);
    }
  }

  async function open(): Promise<{ qr: QueryRunner; pid: number }> {
    const qr = db.ds.createQueryRunner();
    await qr.connect();
    const [{ pid }] = await qr.query(`SELECT pg_backend_pid() AS pid`);
    await qr.startTransaction();
    return { qr, pid };
  }

  /** `first` commits first; `second` was already running and blocked on its rows. */
  async function race(first: IngestBatch[], second: IngestBatch[]) {
    const { businessId } = await newBusiness(db.ds, { timezone: 'America/Los_Angeles' });
    const a = await open();
    const b = await open();
    try {
      await apply(a.qr.manager, businessId, first);
      const pending = apply(b.qr.manager, businessId, second);
      await waitFor(async () => {
        const [row] = await db.ds.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [b.pid]);
        return row?.wait_event_type === 'Lock';
      });
      await a.qr.commitTransaction();
      await pending;
      await b.qr.commitTransaction();
    } finally {
      await a.qr.release();
      await b.qr.release();
    }
    return readBack(businessId);
  }

  async function readBack(businessId: string) {
    const [booking] = await db.ds.query(
      `SELECT state, no_show_active, to_char(booked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS booked_at
         FROM booking WHERE business_id = $1 AND external_id = 'class:77215'`,
      [businessId],
    );
    const [{ visits }] = await db.ds.query(`SELECT count(*)::int AS visits FROM visit WHERE business_id = $1 AND external_id = '77215'`, [businessId]);
    return { ...booking, visits };
  }

  const attended = { state: 'attended', no_show_active: false, booked_at: SAME_SECOND, visits: 1 };

  it('should end attended when the sign-in commits after the booking', async () => {
    expect(await race(created(), signedIn())).toEqual(attended);
  });

  it('should end attended when the booking commits after the sign-in', async () => {
    expect(await race(signedIn(), created())).toEqual(attended);
  });

  it('should end attended when both events are folded into one drain batch, in either inbox order', async () => {
    for (const [x, y] of [
      [created(), signedIn()],
      [signedIn(), created()],
    ]) {
      const { businessId } = await newBusiness(db.ds, { timezone: 'America/Los_Angeles' });
      // one batch per entity holding both events' records, as the drain merges them
      const merged = new Map<string, IngestBatch>();
      for (const batch of [...x, ...y]) {
        const into = merged.get(batch.entity);
        if (into) into.records.push(...batch.records);
        else merged.set(batch.entity, { entity: batch.entity, records: [...batch.records] });
      }
      await db.ds.transaction((m) => apply(m, businessId, [...merged.values()]));
      expect(await readBack(businessId)).toEqual(attended);
    }
  });

  it('should still let a later event move an attended booking on (the tie rule only breaks equal times)', async () => {
    const { businessId } = await newBusiness(db.ds, { timezone: 'America/Los_Angeles' });
    await db.ds.transaction((m) => apply(m, businessId, signedIn()));
    const later = batches(mapFixture('classRosterBooking.cancelled', (e) => (e.eventInstanceOriginationDateTime = '2025-03-09T20:41:13Z')));
    await db.ds.transaction((m) => apply(m, businessId, later));
    expect(await readBack(businessId)).toMatchObject({ state: 'cancelled' });
  });
});
