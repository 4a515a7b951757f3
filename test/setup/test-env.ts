// Where the tests' own databases live. Never the demo database. Names carry the jest run's
// pid so parallel runs on one machine never drop each other's databases.
export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_DB_PREFIX = 'comeback_test_';
export const RUN_ID = process.env.COMEBACK_TEST_RUN ?? String(process.pid);
export const RUN_PREFIX = `${TEST_DB_PREFIX}${RUN_ID}_`;
export const TEMPLATE_DB = `${RUN_PREFIX}template`;
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
