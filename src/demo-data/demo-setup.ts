import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UsersService, Role } from '../auth';
import { BusinessRepository } from '../business';
import { AppConfig } from '../config/app-config';
import { createDataSource } from '../database/data-source';
import { runMigrations } from '../database/migrate';
import { EstimationService, HealthService, RiskAssessmentService } from '../risk';
import { DEMO_STAFF } from './demo-catalog';
import { generateDemoData } from './demo-data.generator';

interface DemoOptions {
  clients: number;
  months: number;
  seed: number;
  name: string;
  timezone: string;
  currency: string;
}

export const DEMO: DemoOptions = { clients: 2000, months: 12, seed: 42, name: 'Demo Gym', timezone: 'Europe/Stockholm', currency: 'SEK' };

interface DemoUser {
  role: Role;
  email: string;
  password: string;
  name: string;
}

// Fixed sign-in details, printed by `npm run demo` (web.md "Users, sign-in and sessions"): a
// demo on one's own machine, so the passwords are not secrets. The staff user is linked to the
// first client manager of the demo data (clients they own bring them tasks).
export const DEMO_USERS: readonly DemoUser[] = [
  { role: 'admin', email: 'admin@demo-gym.example', password: 'comeback-admin', name: 'Ada Admin' },
  { role: 'marketer', email: 'marketer@demo-gym.example', password: 'comeback-marketer', name: 'Mika Marketer' },
  { role: 'manager', email: 'manager@demo-gym.example', password: 'comeback-manager', name: 'Maja Lind' },
  { role: 'staff', email: 'staff@demo-gym.example', password: 'comeback-staff', name: 'Oskar Berg' },
];
const DEMO_STAFF_EXTERNAL_ID = DEMO_STAFF.find((s) => s.role === 'client_manager')!.externalId;

interface DemoData {
  businessId: string;
  /** true when this run generated the data (a new demo business). */
  generated: boolean;
}

export interface DemoReady extends DemoData {
  /** A fresh admin API key (only its hash is stored). */
  apiKey: string;
  users: readonly DemoUser[];
  /** Members per status after the pass. */
  statuses: Record<string, number>;
}

/**
 * The data half of `npm run demo`: migrates, then finds the demo business (settings.demo) or
 * creates it and generates its history (with the replayed status history). Re-running keeps
 * the data. Needs no application: the demo and the tests call it before they start one.
 */
export async function prepareDemoData(config: Pick<AppConfig, 'DATABASE_URL'>, opts: DemoOptions = DEMO, log: (line: string) => void = () => undefined): Promise<DemoData> {
  await runMigrations(config.DATABASE_URL);
  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  try {
    const [existing] = await ds.query(`SELECT id FROM business WHERE settings->>'demo' = 'true' ORDER BY created_at LIMIT 1`);
    if (existing) return { businessId: existing.id, generated: false };
    const { businessId } = await new BusinessRepository(ds).create({ name: opts.name, timezone: opts.timezone, currency: opts.currency });
    await ds.query(`UPDATE business SET settings = settings || '{"demo": true}' WHERE id = $1`, [businessId]);
    log(`Generating ${opts.clients} clients with ${opts.months} months of history...`);
    const r = await generateDemoData(ds, { businessId, clients: opts.clients, months: opts.months, seed: opts.seed });
    log(`Generated ${r.clients} clients, ${r.visits} visits, ${r.bookings} bookings, ${r.statusChanges} status changes in ${r.seconds.toFixed(1)} s`);
    return { businessId, generated: true };
  } finally {
    await ds.destroy();
  }
}

/**
 * The application half: on a created (not necessarily listening) app, a risk pass for the
 * demo business now, its health scores and BG/NBD estimate, then the four demo users
 * (idempotent: an existing one gets its role, staff link and password back) and a fresh API
 * key. Every member has a status when it returns.
 */
export async function finishDemoSetup(app: INestApplicationContext, demo: DemoData): Promise<DemoReady> {
  const ds = app.get(DataSource, { strict: false });
  const { businessId } = demo;
  const pass = await app.get(RiskAssessmentService, { strict: false }).assessBusinessNow(businessId);
  // the pass queues health as jobs; the demo wants the scores before it prints anything
  await app.get(HealthService, { strict: false }).compute(businessId, { fromId: '0', toId: '9223372036854775807' });
  const [{ fitted }] = await ds.query(
    `SELECT EXISTS (SELECT 1 FROM bgnbd_fit f JOIN business b ON b.id = f.business_id
                     WHERE f.business_id = $1 AND f.fitted_on = (now() AT TIME ZONE b.timezone)::date) AS fitted`,
    [businessId],
  );
  if (!fitted) await app.get(EstimationService, { strict: false }).refit(businessId);

  const [staff] = await ds.query(`SELECT id::text AS id FROM staff WHERE business_id = $1 AND external_id = $2`, [businessId, DEMO_STAFF_EXTERNAL_ID]);
  const users = app.get(UsersService, { strict: false });
  for (const u of DEMO_USERS) {
    await users.createWithPassword({ businessId, email: u.email, name: u.name, role: u.role, staffId: u.role === 'staff' ? (staff?.id ?? null) : null, password: u.password });
  }
  const apiKey = await new BusinessRepository(ds).createApiKey(businessId, 'demo');
  return { ...demo, apiKey, users: DEMO_USERS, statuses: pass.statuses };
}
