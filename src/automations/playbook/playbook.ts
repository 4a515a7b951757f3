// The default playbook (issue #6 part 5): ready-made automations every business starts with,
// disabled, for a marketer to review and enable. Written in the API's input form and checked by
// the same parser as a POST (playbook.spec.ts).

/** Bump when the set changes; businesses that got an older one keep theirs (docs/automations.md). */
export const PLAYBOOK_VERSION = 1;

/** The segment the "new member" automation enrolls from each morning (created with the playbook). */
export const NEW_MEMBER_SEGMENT = {
  name: 'New members without a visit in 7 days',
  description: 'Created by the default automation playbook: members who registered 7-21 days ago and have not visited in the last 7 days.',
  conditions: {
    and: [
      { condition: 'member', value: true },
      { condition: 'days_since_registration', operator: 'between', value: 7, to: 21 },
      { condition: 'visits', operator: '=', value: 0, window: { last: 7 } },
    ],
  },
};

export interface PlaybookEntry {
  key: string;
  name: string;
  trigger: Record<string, unknown>;
  steps: unknown[];
}

export function playbookEntries(newMemberSegmentId: string): PlaybookEntry[] {
  return [
    {
      key: 'at_risk_email_then_call',
      name: 'Became At Risk: email, then a call if no visit in 5 days',
      trigger: { kind: 'status_changed', to: ['at_risk'] },
      steps: [
        {
          key: 'email',
          type: 'send',
          channel: 'email',
          template: {
            subject: 'We miss you, {{client.first_name | there}}',
            text: 'Hi {{client.first_name | there}},\n\nWe have not seen you at {{business.name}} for a while. Your next session is waiting - come by this week!\n\nUnsubscribe: {{unsubscribe_url}}',
          },
        },
        { key: 'wait-5-days', type: 'wait', days: 5 },
        { key: 'visited', type: 'branch', condition: { condition: 'visited_since_trigger' }, then: 'exit' },
        {
          key: 'call',
          type: 'task',
          reason: 'At Risk and no visit in the 5 days since our email: give them a call',
          instructions: 'Ask how they are doing and offer to book their next session.',
          dueInDays: 1,
          priority: 'high',
        },
      ],
    },
    {
      key: 'in_trouble_call_today',
      name: 'In Trouble: staff call today',
      trigger: { kind: 'status_changed', to: ['in_trouble'] },
      steps: [
        {
          key: 'call',
          type: 'task',
          reason: 'In Trouble: call them today',
          instructions: 'They have been away a long time. Call today and find out what would bring them back.',
          dueInDays: 0,
          priority: 'urgent',
        },
      ],
    },
    {
      key: 'new_member_no_visit_sms',
      name: 'New member with no visit in 7 days: SMS',
      // every morning at 10:00 in the business's time zone; each member once ever
      trigger: { kind: 'schedule', cron: '0 10 * * *', segmentId: newMemberSegmentId },
      steps: [
        {
          key: 'sms',
          type: 'send',
          channel: 'sms',
          template: { body: 'Hi {{client.first_name | there}}! We have not seen you at {{business.name}} since you joined. Need a hand getting started? Just reply and we will book you in.' },
        },
      ],
    },
  ];
}
