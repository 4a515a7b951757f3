import { BusinessRepository } from '../../src/business/business.repository';
import { createTestDb, TestDb } from '../support/test-db';
import { runTs } from '../support/run-node';

describe('boot checks and the business:create command (real processes)', () => {
  let db: TestDb;

  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.drop());

  it.each(['src/main.ts', 'src/worker.ts'])('%s should exit with one clear line when PostgreSQL is unreachable', async (entry) => {
    const r = await runTs(entry, [], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'PostgreSQL unreachable at postgres://postgres@127.0.0.1:1/nowhere (connect ECONNREFUSED 127.0.0.1:1); start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
  });

  it('should exit with one clear line when Redis is unreachable', async () => {
    const r = await runTs('src/main.ts', [], { DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Redis unreachable at redis:\/\/127\.0\.0\.1:1 .*; start it with: redis-server --daemonize yes/);
  });

  it('should name every invalid variable in one line', async () => {
    const r = await runTs('src/main.ts', [], { PORT: 'abc', REDIS_URL: 'http://x', SECRETS_KEY: 'short' });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: /);
    expect(lines[0]).toMatch(/PORT/);
    expect(lines[0]).toMatch(/REDIS_URL must be a redis:\/\/ URL/);
    expect(lines[0]).toMatch(/SECRETS_KEY must be 64 hex characters/);
  });

  it('migrate should create a missing database and run the migrations, then report it up to date', async () => {
    const name = `${db.name}_fresh`;
    const url = db.url.replace(db.name, name);
    try {
      // two cold ts-node starts of the CLI plus every migration: slow on a busy 2-core machine
      const first = await runTs('src/cli.ts', ['migrate'], { DATABASE_URL: url }, 90_000);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^Ran \d+ migration\(s\): CanonicalModel1763900000000/);
      const again = await runTs('src/cli.ts', ['migrate'], { DATABASE_URL: url }, 90_000);
      expect(again.stdout.trim()).toBe('Database is up to date');
    } finally {
      await db.ds.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  }, 200_000);

  it('business:create should print the business id and a working API key as JSON', async () => {
    const r = await runTs('src/cli.ts', ['business:create', '--name', 'Studio Nord', '--timezone', 'Europe/Oslo'], { DATABASE_URL: db.url });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(Object.keys(out).sort()).toEqual(['apiKey', 'businessId']);
    const principal = await new BusinessRepository(db.ds).principalForKey(out.apiKey);
    expect(principal).toMatchObject({ businessId: out.businessId, role: 'admin' });
    expect(await db.ds.query(`SELECT name, timezone FROM business WHERE id = $1`, [out.businessId])).toEqual([{ name: 'Studio Nord', timezone: 'Europe/Oslo' }]);
    // only the hash is stored
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM api_key WHERE business_id = $1 AND encode(key_hash, 'escape') LIKE '%' || $2 || '%'`, [out.businessId, out.apiKey]);
    expect(n).toBe(0);
  });

  it('business:create should refuse an unknown time zone with a usage message', async () => {
    const r = await runTs('src/cli.ts', ['business:create', '--name', 'X', '--timezone', 'Mars/Olympus'], { DATABASE_URL: db.url });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timezone must be an IANA time zone/);
  });
});
