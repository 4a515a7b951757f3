import { Injectable } from '@nestjs/common';
import { ActionsService } from '../actions';
import { MergeValues, toActionTemplates, usesIntervalWeeks } from './reconnect-template';
import { ReconnectTemplate } from './reconnect.types';

export interface Recipient {
  clientId: string;
  usualIntervalDays: number | null;
}

/** Whole weeks for {{usual_interval_weeks}}, at least 1. */
export function intervalWeeks(days: number | null): number | null {
  return days === null ? null : Math.max(1, Math.round(days / 7));
}

/**
 * Sends a reconnect message through the actions facade: the same guards, touches and delivery
 * queues as every campaign and automation. One run per channel and per usual interval in weeks
 * (the only per-client value the channels do not fill themselves); the origin names the batch
 * and the message, so a retried dispatch never reaches a client twice.
 */
@Injectable()
export class ReconnectDispatch {
  constructor(private readonly actions: ActionsService) {}

  async send(businessId: string, origin: string, t: ReconnectTemplate, values: Omit<MergeValues, 'usualIntervalWeeks'>, recipients: Recipient[], automated: boolean): Promise<string[]> {
    const byWeeks = new Map<number | null, string[]>();
    const perClient = usesIntervalWeeks(t);
    for (const r of recipients) {
      const w = perClient ? intervalWeeks(r.usualIntervalDays) : null;
      byWeeks.set(w, [...(byWeeks.get(w) ?? []), r.clientId]);
    }
    const runIds: string[] = [];
    for (const [weeks, clientIds] of byWeeks) {
      const templates = toActionTemplates(t, { ...values, usualIntervalWeeks: weeks });
      for (const channel of ['sms', 'email'] as const) {
        const template = templates[channel];
        if (!template) continue;
        const r = await this.actions.dispatch({
          businessId,
          origin: `${origin}:${channel}`,
          variant: weeks === null ? undefined : `w${weeks}`,
          channel,
          template,
          clientIds,
          marketing: true,
          automated,
        });
        runIds.push(r.runId);
      }
    }
    return runIds;
  }
}
