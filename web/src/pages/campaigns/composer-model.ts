import type { CampaignDetail, CampaignStepInput, CreateCampaign } from '../../api/campaigns';
import { instantToZoned } from './zoned-time';

// The composer's state and how it becomes the API's campaign (POST /campaigns, the pre-send check).

export type StepChannel = 'email' | 'sms' | 'mailchimp' | 'push' | 'staff_task';
export const STEP_CHANNELS: StepChannel[] = ['email', 'sms', 'mailchimp', 'push', 'staff_task'];
export const MERGE_FIELDS = ['client.first_name', 'client.last_name', 'client.full_name', 'client.email', 'client.phone', 'business.name', 'unsubscribe_url'] as const;
/** SMS and push know no unsubscribe link. */
export const SHORT_MERGE_FIELDS = MERGE_FIELDS.filter((f) => f !== 'unsubscribe_url');
export const GOAL_KINDS = ['visit', 'booking', 'status_loving_it', 'rebooking_same_category', 'regained_contract', 'purchase'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];

export interface VariantDraft {
  key: string;
  weight: number;
  subject: string;
  html: string;
  body: string;
  title: string;
  tag: string;
}

export interface StepDraft {
  uid: number;
  key: string;
  channel: StepChannel;
  delayHours: number;
  variants: VariantDraft[];
  task: { reason: string; dueInDays: number };
}

export interface CampaignDraft {
  name: string;
  segmentId: string | null;
  steps: StepDraft[];
  holdoutPercent: number;
  goal: { kind: GoalKind; withinDays: number };
  includeSleeping: boolean;
  when: 'now' | 'later';
  /** The business's wall clock, YYYY-MM-DDTHH:mm. */
  sendAtLocal: string;
}

let uid = 0;
export const variantKeys = ['A', 'B', 'C', 'D', 'E'];

export function newVariant(key: string): VariantDraft {
  return { key, weight: 1, subject: '', html: '', body: '', title: '', tag: '' };
}

export function newStep(channel: StepChannel, index: number): StepDraft {
  return { uid: ++uid, key: `${channel === 'staff_task' ? 'task' : channel}-${index + 1}`, channel, delayHours: 0, variants: [newVariant('A')], task: { reason: '', dueInDays: 2 } };
}

export function newDraft(): CampaignDraft {
  return { name: '', segmentId: null, steps: [newStep('email', 0)], holdoutPercent: 10, goal: { kind: 'visit', withinDays: 14 }, includeSleeping: false, when: 'now', sendAtLocal: '' };
}

export function templateOf(channel: StepChannel, v: VariantDraft): Record<string, unknown> {
  switch (channel) {
    case 'email':
      return { subject: v.subject, html: v.html };
    case 'sms':
      return { body: v.body };
    case 'push':
      return { title: v.title, body: v.body };
    case 'mailchimp':
      return { tag: v.tag };
    default:
      return {};
  }
}

export function stepToApi(s: StepDraft): CampaignStepInput {
  const base = { key: s.key, channel: s.channel, delayMinutes: Math.round(s.delayHours * 60) };
  if (s.channel === 'staff_task') return { ...base, task: { reason: s.task.reason, dueInDays: s.task.dueInDays } };
  if (s.variants.length === 1) return { ...base, template: templateOf(s.channel, s.variants[0]) };
  return { ...base, variants: s.variants.map((v) => ({ key: v.key, weight: v.weight, template: templateOf(s.channel, v) })) };
}

export function draftToApi(d: CampaignDraft, sendAt: Date | null): CreateCampaign {
  return {
    name: d.name,
    segmentId: d.segmentId ?? '',
    steps: d.steps.map(stepToApi),
    holdoutPercent: d.holdoutPercent,
    goal: d.goal,
    includeSleeping: d.includeSleeping,
    ...(sendAt ? { sendAt: sendAt.toISOString() } : {}),
  };
}

/** A saved draft back in the composer's shape (the send time on the business's wall clock). */
export function draftFromApi(c: CampaignDetail, zone: string): CampaignDraft {
  const text = (tpl: Record<string, unknown>, k: string) => (typeof tpl[k] === 'string' ? (tpl[k] as string) : '');
  return {
    name: c.name,
    segmentId: c.segmentId,
    steps: c.steps.map((st) => ({
      uid: ++uid,
      key: st.key,
      channel: st.channel,
      delayHours: st.delayMinutes / 60,
      variants: st.variants.length
        ? st.variants.map((v) => {
            const tpl = v.template as Record<string, unknown>;
            return {
              key: v.key,
              weight: v.weight,
              subject: text(tpl, 'subject'),
              html: text(tpl, 'html') || text(tpl, 'text'),
              body: text(tpl, 'body'),
              title: text(tpl, 'title'),
              tag: text(tpl, 'tag'),
            };
          })
        : [newVariant('A')],
      task: { reason: st.task?.reason ?? '', dueInDays: st.task?.dueInDays ?? 2 },
    })),
    holdoutPercent: c.holdoutPercent,
    goal: c.goal as CampaignDraft['goal'],
    includeSleeping: c.includeSleeping,
    when: c.sendAt ? 'later' : 'now',
    sendAtLocal: c.sendAt ? instantToZoned(new Date(c.sendAt), zone) : '',
  };
}
