import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp } from './bootstrap';
import { BusinessRepository } from './business/business.repository';
import { ConfigError, validateEnv } from './config/validate-env';
import { checkRedis, ensureDatabase } from './database/connection-check';
import { createDataSource } from './database/data-source';
import { runMigrations } from './database/migrate';
import { generateDemoData } from './demo-data/demo-data.generator';

const DEMO = { clients: 2000, months: 12, seed: 42, name: 'Demo Gym', timezone: 'Europe/Stockholm' };

// `npm run demo`: migrate, make (once) a demo business with a year of history, and run API and
// worker in one process. Re-running keeps the data and prints a fresh API key.
async function main(): Promise<void> {
  // the demo prints its instructions last; keep framework chatter out of the way
  const config = validateEnv({ LOG_LEVEL: 'warn', ...process.env });
  try {
    await ensureDatabase(config.DATABASE_URL);
  } catch (e) {
    throw new ConfigError(
      `PostgreSQL unreachable at ${config.DATABASE_URL} (${(e as Error).message}); start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
  }
  const redisProblem = await checkRedis(config.REDIS_URL);
  if (redisProblem) throw new ConfigError(redisProblem);
  await runMigrations(config.DATABASE_URL);

  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  let businessId: string;
  let apiKey: string;
  try {
    const businesses = new BusinessRepository(ds);
    const [existing] = await ds.query(`SELECT id FROM business WHERE settings->>'demo' = 'true' ORDER BY created_at LIMIT 1`);
    if (existing) {
      businessId = existing.id;
      apiKey = await businesses.createApiKey(businessId, 'demo');
      console.log(`Using the existing demo business ${businessId}`);
    } else {
      ({ businessId, apiKey } = await businesses.create({ name: DEMO.name, timezone: DEMO.timezone, currency: 'SEK' }));
      await ds.query(`UPDATE business SET settings = settings || '{"demo": true}' WHERE id = $1`, [businessId]);
      console.log(`Generating ${DEMO.clients} clients with ${DEMO.months} months of history...`);
      const r = await generateDemoData(ds, { businessId, clients: DEMO.clients, months: DEMO.months, seed: DEMO.seed });
      console.log(`Generated ${r.clients} clients, ${r.visits} visits, ${r.bookings} bookings, ${r.subscriptions} subscriptions in ${r.seconds.toFixed(1)} s`);
    }
  } finally {
    await ds.destroy();
  }

  const app = await createHttpApp('all', config);
  await app.listen(config.PORT, '0.0.0.0');
  const base = `http://localhost:${config.PORT}`;
  const auth = `-H "Authorization: Bearer ${apiKey}"`;
  console.log(`
Comeback is running on ${base} (API and worker in one process; Ctrl-C stops it)

  business id: ${businessId}
  API key:     ${apiKey}

Try:
  curl -s ${auth} "${base}/api/v1/clients?limit=5"
  curl -s ${auth} "${base}/api/v1/clients?q=anna&limit=3"
  curl -s ${auth} "${base}/api/v1/overview"
`);
}

main().catch((e) => {
  if (e instanceof ConfigError) console.error(e.message);
  else new Logger('demo').error((e as Error).stack ?? String(e));
  process.exit(1);
});
