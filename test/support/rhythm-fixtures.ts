import { DataSource } from 'typeorm';
import { addDays } from '../../src/common/local-date';

export type BookingState = 'booked' | 'attended' | 'no_show' | 'late_cancelled' | 'cancelled';

/** One appointment: a business-local day (10:00 local time unless `time`), its category and state. */
export interface AppointmentSeed {
  clientId: string;
  category: string;
  day: string;
  state?: BookingState;
  time?: string;
}

let seq = 0;

/** Appointments in one statement, at local times in the business's time zone. */
export async function seedAppointments(ds: DataSource, businessId: string, rows: AppointmentSeed[]): Promise<void> {
  if (!rows.length) return;
  const base = `appt-${process.pid}-${Date.now()}-${seq++}`;
  await ds.query(
    `INSERT INTO booking (business_id, source, external_id, client_id, kind, service_category, starts_at, state)
     SELECT $1, 'import', $2 || '-' || r.i, r.client_id, 'appointment', r.category,
            (r.day || ' ' || r.time)::timestamp AT TIME ZONE b.timezone, r.state
       FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS r(client_id, category, day, time, state, i)
       JOIN business b ON b.id = $1`,
    [businessId, base, rows.map((r) => r.clientId), rows.map((r) => r.category), rows.map((r) => r.day), rows.map((r) => r.time ?? '10:00'), rows.map((r) => r.state ?? 'attended')],
  );
}

/** Attended appointments of one client in one category on days counted back from `today` (days ago). */
export function attendedDaysAgo(clientId: string, category: string, today: string, daysAgo: number[]): AppointmentSeed[] {
  return daysAgo.map((d) => ({ clientId, category, day: addDays(today, -d) }));
}
