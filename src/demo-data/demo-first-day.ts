import { DEMO_STAFF } from './demo-catalog';

const OSKAR = DEMO_STAFF.find((s) => s.role === 'client_manager')!;

interface FirstDay {
  emails: number;
  tasks: number;
  staffName: string;
  /** Recovery entries the manager's "Record existing cancellations" created (null: not finished in time). */
  recoveryEntries: number | null;
}

interface RecordExistingJob {
  jobId: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: { total: number; done: number; created: number } | null;
  error: string | null;
}

interface ClientRow {
  id: string;
  email: string | null;
  emailConsent: boolean | null;
}

// A new demo business gets one day of ordinary use, done through the running API exactly as a
// marketer and a manager would do it in the app, so a newcomer finds something in the Mailbox and
// in the task inbox: a win-back email to a few At Risk members (every guard applies: consent,
// frequency cap, quiet hours - at night it is deferred until morning, as it would be for a real
// gym), call tasks for the demo's client manager (their notification emails are sent at once), and
// the manager's "Record existing cancellations", so the Recovery board starts with the demo's
// cancelled members instead of empty.
export async function runFirstDay(baseUrl: string, apiKey: string): Promise<FirstDay> {
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const atRisk = await api<{ items: ClientRow[] }>('GET', '/api/v1/clients?status=at_risk&limit=50');
  const reachable = atRisk.items.filter((c) => c.email && c.emailConsent).slice(0, 5);
  if (reachable.length) {
    await api('POST', '/api/v1/actions/send', {
      origin: 'demo:first-day-win-back',
      channel: 'email',
      clientIds: reachable.map((c) => c.id),
      template: {
        subject: 'We miss you at {{business.name}}, {{client.first_name | there}}',
        html: '<p>Hi {{client.first_name | there}},</p><p>It has been a while since your last visit. Your spot on the floor is waiting, and this week the first class is on us.</p><p>See you soon!</p>',
        text: 'Hi {{client.first_name | there}},\n\nIt has been a while since your last visit. Your spot on the floor is waiting, and this week the first class is on us.\n\nSee you soon!',
      },
    });
  }
  const staff = await api<{ items: Array<{ id: string; externalId: string; name: string }> }>('GET', '/api/v1/staff');
  const oskar = staff.items.find((s) => s.externalId === OSKAR.externalId);
  const callees = atRisk.items.slice(5, 8);
  if (oskar && callees.length) {
    await api('POST', '/api/v1/tasks/bulk', {
      clientIds: callees.map((c) => c.id),
      reason: 'Check-in call: At Risk, no visit lately',
      instructions: 'Ask how training is going and whether another time of day would suit them better.',
      assigneeStaffId: oskar.id,
      priority: 'high',
    });
  }
  const recoveryEntries = await recordExistingCancellations(api);
  return { emails: reachable.length, tasks: oskar ? callees.length : 0, staffName: oskar?.name ?? `${OSKAR.firstName} ${OSKAR.lastName}`, recoveryEntries };
}

/** Starts the record-existing job and follows it (a demo business takes a second or two); null past a minute. */
async function recordExistingCancellations(api: <T>(method: string, path: string, body?: unknown) => Promise<T>): Promise<number | null> {
  const { jobId } = await api<RecordExistingJob>('POST', '/api/v1/recovery/record-existing');
  for (let waited = 0; waited < 60_000; waited += 250) {
    const job = await api<RecordExistingJob>('GET', `/api/v1/recovery/record-existing/${jobId}`);
    if (job.state === 'done') return job.progress?.created ?? 0;
    if (job.state === 'failed') throw new Error(`recording existing cancellations failed: ${job.error}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return null;
}
