/**
 * Every table with a client_id column, the module that owns it, and what erasure does to it
 * (docs/privacy.md). The export reads all of them; test/e2e/privacy.e2e-spec.ts compares this
 * list with information_schema, so a new table holding client_id fails the tests until it is
 * classified here.
 *
 * `erase` is the SET list applied to the client's rows (null: the rows hold no personal data,
 * only ids, times, states and numbers that reports count, and stay as they are).
 */
export interface ClientTable {
  owner: string;
  erase: string | null;
}

/** What a NOT NULL free-text field becomes: the row stays (it is counted), its words go. */
export const ERASED_TEXT = '(erased)';

export const CLIENT_TABLES: Readonly<Record<string, ClientTable>> = {
  // canonical member data (clients): activity and money, counted by reports and segments
  visit: { owner: 'clients', erase: null },
  booking: { owner: 'clients', erase: null },
  subscription: { owner: 'clients', erase: `cancellation_reason = NULL` },
  sale: { owner: 'clients', erase: null },
  invoice: { owner: 'clients', erase: null },
  quota: { owner: 'clients', erase: null },
  client_visit_week: { owner: 'clients', erase: null },
  // risk: statuses, score history, health and estimates (rule codes and numbers; notes are words)
  client_status: { owner: 'risk', erase: `note = NULL` },
  status_change: { owner: 'risk', erase: `note = NULL` },
  client_health: { owner: 'risk', erase: null },
  client_estimate: { owner: 'risk', erase: null },
  // segments
  segment_member: { owner: 'segments', erase: null },
  segment_transition: { owner: 'segments', erase: null },
  // rhythm: days and intervals per service category
  client_rhythm: { owner: 'rhythm', erase: null },
  rhythm_dirty: { owner: 'rhythm', erase: null },
  // actions: touches (the error text may quote an address), consent (evidence may hold a number)
  touch: { owner: 'actions', erase: `error = NULL` },
  consent_event: { owner: 'actions', erase: `evidence = '{"erased": true}'::jsonb` },
  client_contact_pref: { owner: 'actions', erase: `note = NULL` },
  // actions: engagement; a link's URL may carry the member's address in a query string
  touch_link: { owner: 'actions', erase: `url = ''` },
  touch_click: { owner: 'actions', erase: `url = ''` },
  touch_open: { owner: 'actions', erase: null },
  // tasks: what staff wrote about the member
  staff_task: { owner: 'tasks', erase: `reason = '${ERASED_TEXT}', instructions = NULL, notes = NULL, snooze_reason = NULL, notify_error = NULL` },
  staff_task_snooze: { owner: 'tasks', erase: `reason = '${ERASED_TEXT}'` },
  // campaigns, automations, follow-up: who was selected, enrolled, converted (ids and times)
  campaign_recipient: { owner: 'campaigns', erase: null },
  automation_enrollment: { owner: 'automations', erase: null },
  automation_door_alert: { owner: 'automations', erase: null },
  exposure_conversion: { owner: 'follow-up', erase: null },
  touch_conversion: { owner: 'follow-up', erase: null },
  // reconnect: who was contacted per category and whether they came back (ids, times, numbers)
  reconnect_contact: { owner: 'reconnect', erase: null },
  // recovery: the cancellation reason and the outcome reason are the member's or staff's words
  recovery_entry: { owner: 'recovery', erase: `reason = NULL, outcome_reason = NULL` },
};

/** The client row's personal columns; the ids from the booking system stay (docs/privacy.md). */
export const CLIENT_PERSONAL_SET = `first_name = NULL, last_name = NULL, email = NULL, phone = NULL, birth_date = NULL,
  gender = 'unknown', customer_type = NULL, push_tokens = '{}'`;
