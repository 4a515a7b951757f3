import { NumberInput, Stack, Table, Text } from '@mantine/core';
import { ListTable } from '../../../components/ListTable';
import { t } from '../../../i18n/i18n';
import { Section } from '../Section';
import { FieldError, NumberField } from './NumberField';
import type { RiskFormState } from './risk-form';
import { RowButtons } from './RowButtons';

/**
 * Absent bands: each band starts the day after the previous one ends, so only where a band ends
 * and its points are edited; the first band starts at 0 and the last one has no end.
 */
export function AbsentSection({ form }: { form: RiskFormState }) {
  const bands = form.draft.absent.bands;
  const { errors, edit } = form;
  const setEnd = (i: number, maxDays: number) => {
    const next = bands.map((b) => ({ ...b }));
    next[i].maxDays = maxDays;
    if (i + 1 < next.length && typeof maxDays === 'number') next[i + 1].minDays = maxDays + 1;
    edit('absent.bands', next);
  };
  const add = () => {
    const next = bands.map((b) => ({ ...b }));
    const last = next[next.length - 1];
    last.maxDays = last.minDays + 6;
    next.push({ minDays: last.minDays + 7, maxDays: null, score: last.score });
    edit('absent.bands', next);
  };
  const remove = () => {
    const next = bands.slice(0, -1).map((b) => ({ ...b }));
    next[next.length - 1].maxDays = null;
    edit('absent.bands', next);
  };
  return (
    <Section title={t('settings.risk.absent.title')} help={t('settings.risk.absent.help')}>
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {t('settings.risk.absent.bands')}
        </Text>
        <ListTable
          items={bands}
          withTableBorder
          verticalSpacing={4}
          maw={520}
          columns={[t('settings.risk.absent.minDays'), t('settings.risk.absent.maxDays'), t('settings.risk.absent.score')]}
          row={(b, i) => (
            <Table.Tr key={i}>
              <Table.Td>
                <Text size="sm">{b.minDays}</Text>
                <FieldError errors={errors} path={`absent.bands[${i}].minDays`} />
              </Table.Td>
              <Table.Td>
                {i === bands.length - 1 ? (
                  <Text size="sm">{t('settings.risk.absent.maxDaysOpen')}</Text>
                ) : (
                  <NumberInput
                    aria-label={`${t('settings.risk.absent.maxDays')}: ${b.minDays}`}
                    value={b.maxDays ?? ''}
                    min={0}
                    max={3650}
                    allowDecimal={false}
                    allowNegative={false}
                    clampBehavior="none"
                    onChange={(v) => setEnd(i, v === '' ? ('' as unknown as number) : Number(v))}
                    error={errors[`absent.bands[${i}].maxDays`]}
                  />
                )}
              </Table.Td>
              <Table.Td>
                <NumberField form={form} path={`absent.bands[${i}].score`} ariaLabel={`${t('settings.risk.absent.score')}: ${t('settings.risk.absent.minDays')} ${b.minDays}`} min={0} max={100} />
              </Table.Td>
            </Table.Tr>
          )}
        />
        <Text size="xs" c="dark.6">
          {t('settings.risk.absent.openEnded')}
        </Text>
        <FieldError errors={errors} path="absent.bands" />
        <RowButtons
          add={{ label: t('settings.risk.absent.addBand'), disabled: bands.length >= 20, onClick: add }}
          remove={{ label: t('settings.risk.absent.removeBand'), disabled: bands.length <= 1, onClick: remove }}
        />
      </Stack>
    </Section>
  );
}
