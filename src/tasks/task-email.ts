import { escapeHtml } from '../common/html';
import { SystemEmail } from '../common/system-mailer';
// The assignee's notification email (pure, unit-tested). Every value that comes from data is
// HTML-escaped in the HTML part; header values lose control characters.

export interface TaskEmailInput {
  taskId: string;
  businessName: string;
  assigneeFirstName: string | null;
  clientFirstName: string | null;
  clientLastName: string | null;
  clientPhone: string | null;
  clientEmail: string | null;
  reason: string;
  instructions: string | null;
  priority: string;
  dueAt: Date;
  /** the business-local due day */
  dueOn: string;
  /** due by the end of dueOn (no exact time was given) */
  dueEndOfDay: boolean;
  timezone: string;
  publicBaseUrl: string;
}

type RenderedEmail = SystemEmail;

export { escapeHtml };

/** One line, no control characters (CR/LF would be header injection), at most max characters. */
export function headerText(value: string, max = 200): string {
  const flat = value
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function taskLink(publicBaseUrl: string, taskId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/tasks/${encodeURIComponent(taskId)}`;
}

export function clientName(first: string | null, last: string | null): string {
  return (
    [first, last]
      .filter((p) => p && p.trim())
      .join(' ')
      .trim() || 'a client'
  );
}

/** "Tue 3 Jun 2025, 00:00 (Europe/Stockholm)": the due instant in the business's time zone. */
export function formatDue(dueAt: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(dueAt);
  // assembled from parts: ICU versions punctuate the whole string differently
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} (${timezone})`;
}

/** "Mon 2 Jun 2025": a calendar day (YYYY-MM-DD) as people read it. */
export function formatDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

export function renderTaskEmail(input: TaskEmailInput): RenderedEmail {
  const name = clientName(input.clientFirstName, input.clientLastName);
  const due = input.dueEndOfDay ? formatDay(input.dueOn) : formatDue(input.dueAt, input.timezone);
  const link = taskLink(input.publicBaseUrl, input.taskId);
  const greeting = input.assigneeFirstName?.trim() ? `Hi ${input.assigneeFirstName.trim()},` : 'Hi,';
  const contact = [input.clientPhone, input.clientEmail].filter((v): v is string => !!v && !!v.trim());
  const rows: Array<[string, string]> = [
    ['Client', name],
    ['Reason', input.reason],
    ['Due', due],
    ['Priority', input.priority],
    ...(contact.length ? ([['Contact', contact.join(' · ')]] as Array<[string, string]>) : []),
  ];

  const subject = headerText(`${input.priority === 'urgent' ? '[Urgent] ' : ''}Check in with ${name}: ${input.reason} (due ${due})`);
  const text = [
    greeting,
    '',
    `${input.businessName} has a check-in task for you.`,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    ...(input.instructions ? ['', 'Instructions:', input.instructions] : []),
    '',
    `Open the task: ${link}`,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(input.businessName)} has a check-in task for you.</p>`,
    '<table>',
    ...rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    ...(input.instructions ? [`<p><strong>Instructions</strong><br>${escapeHtml(input.instructions).replace(/\r?\n/g, '<br>')}</p>`] : []),
    `<p><a href="${escapeHtml(link)}">Open the task</a></p>`,
  ].join('\n');
  return { subject, text, html };
}
