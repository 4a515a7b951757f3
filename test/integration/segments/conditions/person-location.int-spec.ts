import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

describe('condition: location', () => {
  let db: TestDb;
  let biz: string;
  let other: string;
  const today = '2026-03-20';
  const location = (locationIds: unknown) => ({ condition: 'location', locationIds });
  let id: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    ({ businessId: other } = await newBusiness(db.ds));
    const write = writer(db.ds, biz);
    await write({
      entity: 'locations',
      records: [
        { externalId: 'north', name: 'North' },
        { externalId: 'south', name: 'South' },
        { externalId: 'east', name: 'East' },
      ],
    });
    await write({
      entity: 'clients',
      records: [
        { externalId: 'N1', homeLocationExternalId: 'north' },
        { externalId: 'N2', homeLocationExternalId: 'north' },
        { externalId: 'S', homeLocationExternalId: 'south' },
        { externalId: 'HOMELESS' },
      ],
    });
    await writer(db.ds, other)({ entity: 'locations', records: [{ externalId: 'west', name: 'West' }] });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'W', homeLocationExternalId: 'west' }] });
    const rows: Array<{ external_id: string; id: string }> = await db.ds.query(`SELECT external_id, id::text AS id FROM location WHERE business_id IN ($1, $2)`, [biz, other]);
    id = Object.fromEntries(rows.map((r) => [r.external_id, r.id]));
  });
  afterAll(() => db.drop());

  it('should match any of the home locations', async () => {
    await expect(matching(db.ds, biz, location([id.north]), { today })).resolves.toEqual(['N1', 'N2']);
    await expect(matching(db.ds, biz, location([id.north, id.south]), { today })).resolves.toEqual(['N1', 'N2', 'S']);
    await expect(matching(db.ds, biz, location([id.east]), { today })).resolves.toEqual([]);
  });

  it("should never match through another business's location", async () => {
    await expect(matching(db.ds, biz, location([id.west]), { today })).resolves.toEqual([]);
    await expect(matching(db.ds, other, location([id.west]), { today })).resolves.toEqual(['W']);
    await expect(matching(db.ds, other, location([id.north, id.west]), { today })).resolves.toEqual(['W']);
  });

  it('should make NOT the exact complement (no home location included)', async () => {
    await expect(matching(db.ds, biz, { not: location([id.north]) }, { today })).resolves.toEqual(['HOMELESS', 'S']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(location([]))).toEqual([{ path: 'locationIds', reason: 'locationIds must name at least one location' }]);
    expect(problemsOf({ not: location(['12', 'north']) })).toEqual([{ path: 'not.locationIds', reason: 'each of locationIds must be a location id (digits, as a string)' }]);
    expect(problemsOf(location([12]))).toEqual([{ path: 'locationIds', reason: 'each of locationIds must be a location id (digits, as a string)' }]);
    expect(problemsOf(location(['1234567890123456789']))).toEqual([{ path: 'locationIds', reason: 'each of locationIds must be a location id (digits, as a string)' }]);
  });
});
