import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { IngestService } from '../../../src/clients/ingest/ingest.service';
import { CsvImportOptions, importCsvFile, RowRejection } from '../../../src/integrations/import/csv/csv-import';
import { CsvImportError } from '../../../src/integrations/import/csv/csv-import.errors';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';

const ROOT = resolve(__dirname, '../../..');

describe('CSV import (real PostgreSQL)', () => {
  let db: TestDb;
  let dir: string;
  let ingest: IngestService;

  beforeAll(async () => {
    db = await createTestDb();
    ingest = new IngestService(db.ds, { publish: async () => undefined } as never);
    dir = mkdtempSync(join(tmpdir(), 'csv-import-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  const business = async (): Promise<string> => (await newBusiness(db.ds, { timezone: 'Europe/Stockholm' })).businessId;
  const file = (name: string, lines: string[]): string => {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };
  const run = async (businessId: string, entity: CsvImportOptions['entity'], path: string, extra: Partial<CsvImportOptions> = {}) => {
    const rejections: RowRejection[] = [];
    const summary = await importCsvFile(ingest, path, {
      businessId,
      entity,
      source: 'import',
      batchSize: 5000,
      delimiter: ',',
      onRejected: (r) => rejections.push(r),
      ...extra,
    });
    return { summary, rejections };
  };
  const count = async (businessId: string, table: string): Promise<number> => Number((await db.ds.query(`SELECT count(*) AS n FROM ${table} WHERE business_id = $1`, [businessId]))[0].n);

  // line 1 is the header; line 3 opens a cell that ends on line 4, so every later row sits
  // one physical line below its record number
  const clientLines = [
    'external_id,firstName,lastName,gender,isMember,pushTokens,birthDate',
    'c1,Ada,Lovelace,female,yes,t1|t2,1985-12-10',
    'c2,Bo,"Line one',
    'line two",male,no,,1990-01-01',
    'c3,Cy,Doe,robot,y,,',
    'c4,Di,"Quote ""inside""",other,1,"[""a"",""b""]",',
    'c5,Ed,Broken,male',
    'c6,Fi,"bad"quote,female,0,,',
    '',
    'c7,Gu,Last,unknown,maybe,,',
    'c8,Ha,Ok,NULL,n,,',
    'c9,Io,Fine,female,true,,2000-01-01',
  ];

  it('should import clients then their visits, report bad and broken rows by physical line, and change nothing on re-import', async () => {
    const businessId = await business();
    const clientsCsv = file('clients.csv', clientLines);
    const clients = await run(businessId, 'clients', clientsCsv);
    expect(clients.rejections).toEqual([
      { line: 5, field: 'gender', reason: 'must be one of female, male, other, unknown' },
      { line: 7, field: '(row)', reason: 'expected 7 columns as in the header, got 4' },
      { line: 8, field: '(row)', reason: expect.stringMatching(/invalid closing quote/) },
      { line: 10, field: 'isMember', reason: 'must be true or false, got string' },
      { line: 11, field: 'gender', reason: 'must not be null' },
    ]);
    expect(clients.summary).toMatchObject({ entity: 'clients', rows: 9, accepted: 4, inserted: 4, updated: 0, unchanged: 0, rejected: 5, broken: 2, batches: 1 });
    const rows = await db.ds.query(
      `SELECT external_id, first_name, last_name, gender, is_member, push_tokens, birth_date::text
         FROM client WHERE business_id = $1 ORDER BY external_id`,
      [businessId],
    );
    expect(rows).toEqual([
      { external_id: 'c1', first_name: 'Ada', last_name: 'Lovelace', gender: 'female', is_member: true, push_tokens: ['t1', 't2'], birth_date: '1985-12-10' },
      { external_id: 'c2', first_name: 'Bo', last_name: 'Line one\nline two', gender: 'male', is_member: false, push_tokens: [], birth_date: '1990-01-01' },
      { external_id: 'c4', first_name: 'Di', last_name: 'Quote "inside"', gender: 'other', is_member: true, push_tokens: ['a', 'b'], birth_date: null },
      { external_id: 'c9', first_name: 'Io', last_name: 'Fine', gender: 'female', is_member: true, push_tokens: [], birth_date: '2000-01-01' },
    ]);

    const visitsCsv = file('visits.csv', [
      'externalId,clientExternalId,visitedAt,kind',
      'v1,c1,2026-03-01T09:30:00Z,gym',
      'v2,c1,2026-03-02 18:00,class',
      'v3,nobody,2026-03-02T10:00:00Z,gym',
      'v4,c2,2026-03-03T07:00:00+01:00,',
      'v5,c9,not-a-time,gym',
    ]);
    const visits = await run(businessId, 'visits', visitsCsv);
    expect(visits.rejections).toEqual([
      { line: 4, field: 'clientExternalId', reason: 'no client with externalId "nobody" from source "import"' },
      { line: 6, field: 'visitedAt', reason: 'must be an ISO 8601 date-time such as 2026-03-01T09:30:00Z' },
    ]);
    expect(visits.summary).toMatchObject({ rows: 5, accepted: 3, inserted: 3, rejected: 2 });
    const c1 = await db.ds.query(`SELECT last_visit_on::text, first_visit_on::text FROM client WHERE business_id = $1 AND external_id = 'c1'`, [businessId]);
    expect(c1).toEqual([{ last_visit_on: '2026-03-02', first_visit_on: '2026-03-01' }]);
    // an offset-less timestamp is the business's local time (Stockholm, UTC+1 in March);
    // an empty cell leaves the column default
    const vs = await db.ds.query(`SELECT visited_at, kind FROM visit WHERE business_id = $1 AND external_id IN ('v2', 'v4') ORDER BY external_id`, [businessId]);
    expect((vs[0].visited_at as Date).toISOString()).toBe('2026-03-02T17:00:00.000Z');
    expect(vs[1].kind).toBe('gym');

    const clientsAgain = await run(businessId, 'clients', clientsCsv);
    expect(clientsAgain.summary).toMatchObject({ accepted: 4, inserted: 0, updated: 0, unchanged: 4, rejected: 5 });
    const visitsAgain = await run(businessId, 'visits', visitsCsv);
    expect(visitsAgain.summary).toMatchObject({ accepted: 3, inserted: 0, updated: 0, unchanged: 3 });
    expect(await count(businessId, 'visit')).toBe(3);
  });

  it('should clear a field given as NULL and leave the fields of empty cells alone', async () => {
    const businessId = await business();
    await run(businessId, 'clients', file('clients-full.csv', ['externalId,firstName,lastName', 'c1,Ada,Lovelace']));
    const { summary } = await run(businessId, 'clients', file('clients-null.csv', ['externalId,firstName,lastName,email', 'c1,,NULL,ada@example.com']));
    expect(summary).toMatchObject({ accepted: 1, updated: 1 });
    const [c1] = await db.ds.query(`SELECT first_name, last_name, email FROM client WHERE business_id = $1 AND external_id = 'c1'`, [businessId]);
    expect(c1).toEqual({ first_name: 'Ada', last_name: null, email: 'ada@example.com' });
  });

  it('should fail before writing anything when a column is unknown', async () => {
    const spy = { ingest: jest.fn() };
    const path = file('bad-header.csv', ['externalId,clientExternalId,visitedAt,mood', 'v9,c1,2026-03-05T10:00:00Z,happy']);
    const opts = { businessId: await business(), entity: 'visits' as const, source: 'import', batchSize: 10, delimiter: ',' };
    const err = await importCsvFile(spy, path, opts).catch((e) => e);
    expect(err).toBeInstanceOf(CsvImportError);
    expect(err.message).toMatch(/unknown column "mood" for visits; allowed columns: externalId, clientExternalId/);
    expect(spy.ingest).not.toHaveBeenCalled();
  });

  it('should fail with a clear message on a file that is not CSV', async () => {
    const path = join(dir, 'sheet.xlsx');
    writeFileSync(path, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    await expect(run(await business(), 'clients', path)).rejects.toThrow(/not a CSV text file/);
  });

  it('should keep line numbers and counts right across batch boundaries', async () => {
    const businessId = await business();
    await run(businessId, 'clients', file('batch-clients.csv', ['externalId', 'c1', 'c9']));
    const lines = ['externalId,clientExternalId,visitedAt'];
    for (let i = 1; i <= 23; i++) {
      const client = i % 7 === 0 ? 'ghost' : i % 2 ? 'c1' : 'c9';
      lines.push(`b${i},${client},2026-04-${String(i).padStart(2, '0')}T12:00:00Z`);
    }
    lines.splice(12, 0, 'b-broken,"c1', 'x",2026-04-30T12:00:00Z,extra'); // a 2-line broken record at line 13
    const batches = file('batches.csv', lines);
    const { summary, rejections } = await run(businessId, 'visits', batches, { batchSize: 5 });
    expect(rejections.map((r) => [r.line, r.field])).toEqual([
      [8, 'clientExternalId'],
      [13, '(row)'],
      [17, 'clientExternalId'],
      [24, 'clientExternalId'],
    ]);
    expect(summary).toMatchObject({ rows: 24, accepted: 20, inserted: 20, rejected: 4, broken: 1, batches: 5 });
    const again = await run(businessId, 'visits', batches, { batchSize: 4 });
    expect(again.summary).toMatchObject({ accepted: 20, inserted: 0, unchanged: 20, batches: 6 });
    expect(await count(businessId, 'visit')).toBe(20);
  });

  describe('npm run cli -- import (child process)', () => {
    const cli = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      new Promise((done) => {
        execFile(
          'npx',
          ['ts-node', '--transpile-only', 'src/cli.ts', 'import', ...args],
          { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url, QUEUE_PREFIX: `test-${db.name}`, LOG_LEVEL: 'error' } },
          (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
        );
      });

    it('should exit 0, print the summary JSON on stdout and the rejected lines on stderr', async () => {
      const businessId = await business();
      const path = file('cli-clients.csv', ['externalId,firstName,gender', 'k1,"Two', 'lines",female', 'k2,Bad,alien', 'k3,"x"y,male', 'k4,Ok,male']);
      const errors = join(dir, 'cli-errors.csv');
      const res = await cli(['clients', path, '--business', businessId, '--batch-size', '2', '--errors', errors]);
      expect(res.code).toBe(0);
      const summary = JSON.parse(res.stdout.trim().split('\n').pop()!);
      expect(summary).toMatchObject({ entity: 'clients', rows: 4, accepted: 2, inserted: 2, updated: 0, unchanged: 0, rejected: 2 });
      expect(summary).toEqual(expect.objectContaining({ seconds: expect.any(Number), rowsPerSecond: expect.any(Number) }));
      expect(res.stderr).toContain('line 4: gender: must be one of female, male, other, unknown');
      expect(res.stderr).toMatch(/line 5: \(row\): invalid closing quote/);
      const errorsCsv = readFileSync(errors, 'utf8').split('\n');
      expect(errorsCsv[0]).toBe('line,field,reason');
      expect(errorsCsv[1]).toBe('4,gender,"must be one of female, male, other, unknown"');
      expect(await count(businessId, 'client')).toBe(2);
    }, 60_000);

    it('should exit 1 with one clear line for an unknown column and 2 for bad arguments', async () => {
      const businessId = await business();
      const path = file('cli-bad.csv', ['externalId,shoeSize', 'k9,44']);
      const bad = await cli(['clients', path, '--business', businessId]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/unknown column "shoeSize" for clients; allowed columns: externalId/);
      expect(bad.stdout).toBe('');
      const usage = await cli(['spaceships', path, '--business', businessId]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/unknown entity "spaceships"/);
    }, 60_000);
  });
});
