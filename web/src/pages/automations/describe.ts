import { t, tDynamic } from '../../i18n/i18n';

// A trigger in one line of words for the list (the editor shows it as a form).

export function triggerSummary(trigger: Record<string, unknown>): string {
  const kind = typeof trigger.kind === 'string' ? trigger.kind : '';
  const list = (v: unknown) => (Array.isArray(v) && v.length ? v.map((s) => tDynamic('labels.status', String(s))).join(', ') : t('automations.trigger.any'));
  if (kind === 'status_changed') return t('automations.trigger.statusTo', { to: list(trigger.to) });
  if (kind === 'health_band_changed')
    return t('automations.trigger.bandTo', {
      to: Array.isArray(trigger.to) && trigger.to.length ? trigger.to.map((b) => tDynamic('labels.band', String(b))).join(', ') : t('automations.trigger.any'),
    });
  if (kind === 'schedule') return t('automations.trigger.scheduleAt', { cron: typeof trigger.cron === 'string' ? trigger.cron : '' });
  return tDynamic('automations.trigger.kind', kind);
}
