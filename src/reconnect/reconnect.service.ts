import { Injectable } from '@nestjs/common';
import { PreSendService } from '../actions';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { RhythmReadRepository } from '../rhythm';
import { ReconnectContactRepository } from './reconnect-contact.repository';
import { intervalWeeks, ReconnectDispatch } from './reconnect-dispatch';
import { ReconnectSettingsRepository } from './reconnect-settings.repository';
import { checkMergeFields, toActionTemplates } from './reconnect-template';
import { DEFAULT_SETTINGS, OverdueClient, ReconnectSettings, ReconnectTemplate } from './reconnect.types';
import { ReconnectSettingsDto, ReconnectTemplateDto } from './dto/reconnect.dto';

/** Settings, templates, the preview and the button (docs/reconnect.md). */
@Injectable()
export class ReconnectService {
  constructor(
    private readonly settingsRepo: ReconnectSettingsRepository,
    private readonly contacts: ReconnectContactRepository,
    private readonly rhythm: RhythmReadRepository,
    private readonly dispatch: ReconnectDispatch,
    private readonly presend: PreSendService,
  ) {}

  settings(businessId: string): Promise<ReconnectSettings> {
    return this.settingsRepo.get(businessId);
  }

  putSettings(businessId: string, dto: ReconnectSettingsDto): Promise<ReconnectSettings> {
    return this.settingsRepo.put(businessId, {
      bookingLink: dto.bookingLink ?? null,
      followUpDays: dto.followUpDays === undefined ? DEFAULT_SETTINGS.followUpDays : dto.followUpDays,
      successWindowDays: dto.successWindowDays ?? DEFAULT_SETTINGS.successWindowDays,
      holdoutPercent: dto.holdoutPercent ?? DEFAULT_SETTINGS.holdoutPercent,
    });
  }

  async template(businessId: string, category: string) {
    await this.knownCategory(businessId, category);
    return (await this.settingsRepo.templates(businessId, [category])).get(category)!;
  }

  async putTemplate(businessId: string, category: string, dto: ReconnectTemplateDto) {
    await this.knownCategory(businessId, category);
    await this.settingsRepo.putTemplate(businessId, category, checked(dto, ''));
    return this.template(businessId, category);
  }

  /** The category's message for one real client, rendered by the channels themselves. */
  async preview(businessId: string, category: string, clientId: string, draft?: ReconnectTemplateDto) {
    await this.knownCategory(businessId, category);
    if (!(await this.settingsRepo.clientExists(businessId, clientId))) throw notFound('client');
    const t = draft ? checked(draft, 'template.') : (await this.settingsRepo.templates(businessId, [category])).get(category)!;
    const settings = await this.settingsRepo.get(businessId);
    const mine = (await this.rhythm.overdueClientIds(businessId, category)).find((o) => o.clientId === clientId);
    const weeks = intervalWeeks(mine ? mine.usualIntervalDays : null);
    const templates = toActionTemplates(t, { serviceCategory: category, usualIntervalWeeks: weeks, bookingLink: settings.bookingLink });
    const out: Record<string, unknown> = { clientId, serviceCategory: category, usualIntervalWeeks: weeks };
    if (templates.sms) {
      const p = await this.presend.preview(businessId, 'sms', templates.sms, clientId);
      if (p.channel === 'sms') out.sms = { to: p.to, body: p.body, sms: p.sms };
    }
    if (templates.email) {
      const p = await this.presend.preview(businessId, 'email', templates.email, clientId);
      if (p.channel === 'email') out.email = { to: p.to, subject: p.subject, html: p.html, text: p.text };
    }
    return out as { clientId: string; serviceCategory: string; usualIntervalWeeks: number | null };
  }

  /** "Contact overdue clients" for one category. */
  async contact(businessId: string, category: string, createdBy: string | null) {
    await this.knownCategory(businessId, category);
    const overdue = await this.rhythm.overdueClientIds(businessId, category);
    const [batch] = await this.contactCategories(businessId, overdue, createdBy, [category]);
    return batch;
  }

  /**
   * "Contact all overdue clients": one batch per category with overdue clients. A category whose
   * channel is not set up is left out and named (one missing Twilio account does not stop the rest).
   */
  async contactAll(businessId: string, createdBy: string | null) {
    const overdue = await this.rhythm.overdueClientIds(businessId, null);
    const categories = [...new Set(overdue.map((o) => o.serviceCategory))].sort();
    const templates = await this.settingsRepo.templates(businessId, categories);
    const setUp = new Map((await this.presend.channelsSetUp(businessId, ['sms', 'email'])).map((c) => [c.channel, c]));
    const notSetUp = categories.flatMap((c) => {
      const missing = channelsOf(templates.get(c)!).filter((ch) => !setUp.get(ch)?.setUp);
      return missing.length ? [{ serviceCategory: c, channels: missing, reason: missing.map((ch) => `${ch}: ${setUp.get(ch)?.reason}`).join('; ') }] : [];
    });
    const ready = categories.filter((c) => !notSetUp.some((n) => n.serviceCategory === c));
    const items = await this.contactCategories(businessId, overdue, createdBy, ready);
    const sum = (k: 'sent' | 'skipped' | 'alreadyOpen' | 'holdout') => items.reduce((n, b) => n + b[k], 0);
    return { items, notSetUp, sent: sum('sent'), skipped: sum('skipped'), alreadyOpen: sum('alreadyOpen'), holdout: sum('holdout') };
  }

  async batch(businessId: string, id: string) {
    const b = await this.contacts.batch(businessId, id);
    if (!b) throw notFound('reconnect batch');
    return b;
  }

  private async contactCategories(businessId: string, overdue: OverdueClient[], createdBy: string | null, categories: string[]) {
    const settings = await this.settingsRepo.get(businessId);
    const templates = await this.settingsRepo.templates(businessId, categories);
    // a channel that cannot send would fail every message: say so before anything is queued
    const channels = [...new Set([...templates.values()].flatMap(channelsOf))];
    const notSetUp = (await this.presend.channelsSetUp(businessId, channels)).filter((c) => !c.setUp);
    if (notSetUp.length) {
      const reason = notSetUp.map((c) => `${c.channel}: ${c.reason}`).join('; ');
      throw new DomainError(ErrorCode.Invalid, `channel: ${reason}`, { problems: [{ path: 'channel', reason }] });
    }
    const now = new Date();
    await this.contacts.closeEnded(businessId, now);
    const out = [];
    for (const category of categories) {
      const t = templates.get(category)!;
      const mine = overdue.filter((o) => o.serviceCategory === category);
      const batchId = await this.contacts.createBatch(businessId, category, t.channel, mine.length, createdBy, now);
      const claimed = await this.contacts.claim(businessId, batchId, category, mine, { now, windowDays: settings.successWindowDays, holdoutPercent: settings.holdoutPercent });
      const recipients = claimed.filter((c) => !c.holdout);
      const runIds = recipients.length
        ? await this.dispatch.send(businessId, `reconnect:${batchId}:first`, t, { serviceCategory: category, bookingLink: settings.bookingLink }, recipients, false)
        : [];
      await this.contacts.settle(businessId, batchId, runIds, settings.followUpDays);
      out.push((await this.contacts.batch(businessId, batchId))!);
    }
    return out;
  }

  /** A category the business has appointments (or a template) in; any other is a 404, like another business's. */
  private async knownCategory(businessId: string, category: string): Promise<void> {
    if (category.length < 1 || category.length > 200 || !(await this.settingsRepo.categoryExists(businessId, category))) throw notFound('service category');
  }
}

function channelsOf(t: ReconnectTemplate): Array<'sms' | 'email'> {
  return t.channel === 'both' ? ['sms', 'email'] : [t.channel];
}

/** The DTO as a template, merge fields checked (a 400 naming the field). */
function checked(dto: ReconnectTemplateDto, prefix: string): ReconnectTemplate {
  const t: ReconnectTemplate = {
    channel: dto.channel,
    sms: dto.sms ? { body: dto.sms.body } : null,
    email: dto.email ? { subject: dto.email.subject, body: dto.email.body } : null,
  };
  if (t.sms) checkMergeFields(t.sms.body, `${prefix}sms.body`);
  if (t.email) {
    checkMergeFields(t.email.subject, `${prefix}email.subject`);
    checkMergeFields(t.email.body, `${prefix}email.body`);
  }
  return t;
}
