import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import { createHttpApp } from './bootstrap';
import { PROJECT_ROOT } from './config/project-root';
import { ConfigError, validateEnv } from './config/validate-env';
import { checkRedis, ensureDatabase } from './database/connection-check';
import { runFirstDay, finishDemoSetup, prepareDemoData } from './demo-data';

const ROOT = PROJECT_ROOT;

// `npm run demo`: migrate, make (once) a demo business with a year of history (statuses
// replayed over it), build the web app when it is missing, then run API, worker and the demo
// mailbox (a local SMTP sink on SMTP_URL's port) in one process. Before printing how to sign
// in it runs a risk pass, health and estimation and creates the four demo users. Re-running
// keeps the data and prints a fresh API key.
async function main(): Promise<void> {
  // the demo prints its instructions last; keep framework chatter out of the way
  const config = validateEnv({ LOG_LEVEL: 'warn', ...process.env, DEMO_MAILBOX: 'true' });
  try {
    await ensureDatabase(config.DATABASE_URL);
  } catch (e) {
    throw new ConfigError(`PostgreSQL unreachable at ${config.DATABASE_URL} (${(e as Error).message}); start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`);
  }
  const redisProblem = await checkRedis(config.REDIS_URL);
  if (redisProblem) throw new ConfigError(redisProblem);

  const data = await prepareDemoData(config, undefined, (line) => console.log(line));
  if (!data.generated) console.log(`Using the existing demo business ${data.businessId}`);
  buildWebAppIfMissing();

  const app = await createHttpApp('all', config);
  const demo = await finishDemoSetup(app, data);
  await app.listen(config.PORT, '0.0.0.0');
  const base = `http://localhost:${config.PORT}`;
  // a new demo business gets a first day of use, so the Mailbox and the task inbox are not empty
  const firstDay = data.generated ? await runFirstDay(`http://127.0.0.1:${config.PORT}`, demo.apiKey).catch((e: Error) => e) : null;
  const auth = `-H "Authorization: Bearer ${demo.apiKey}"`;
  const width = Math.max(...demo.users.map((u) => u.email.length));
  console.log(`
Comeback is running (API, worker and the demo mailbox in one process; Ctrl-C stops it).

Open ${base}/ and sign in as:
${demo.users.map((u) => `  ${u.role.padEnd(9)} ${u.email.padEnd(width)}  password: ${u.password}`).join('\n')}

Every email the demo sends lands in its Mailbox page (SMTP sink on ${config.SMTP_URL}).${firstDayLine(firstDay)}
Members per status: ${Object.entries(demo.statuses)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ')}

For the API:
  business id: ${demo.businessId}
  API key:     ${demo.apiKey}
  curl -s ${auth} "${base}/api/v1/overview"
  curl -s ${auth} "${base}/api/v1/clients?status=at_risk&limit=5"
`);
}

function firstDayLine(r: Awaited<ReturnType<typeof runFirstDay>> | Error | null): string {
  if (!r) return '';
  if (r instanceof Error) return `\nThe first day's sample actions did not run: ${r.message}`;
  const recovery = r.recoveryEntries === null ? 'the Recovery board is still filling' : `the Recovery board holds ${r.recoveryEntries} cancelled members`;
  return `\nTo start with, a win-back email went to ${r.emails} At Risk members (quiet hours 21-08 defer it to the morning),\n${r.staffName} got ${r.tasks} check-in calls (sign in as staff to see them) and ${recovery}.`;
}

/** web.md: the demo builds the web app when web/dist is missing (the API works without it). */
function buildWebAppIfMissing(): void {
  if (existsSync(join(ROOT, 'web', 'dist', 'index.html'))) return;
  console.log('Building the web app (first run)...');
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', join(ROOT, 'web', 'vite.config.mts'), '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    }); // React's production build whatever NODE_ENV the demo runs under
  } catch (e) {
    console.warn(`The web app did not build (${(e as Error).message}); the API runs without it. Try: npm run build:web`);
  }
}

main().catch((e) => {
  if (e instanceof ConfigError) console.error(e.message);
  else new Logger('demo').error((e as Error).stack ?? String(e));
  process.exit(1);
});
