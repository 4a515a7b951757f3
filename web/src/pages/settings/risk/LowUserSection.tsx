import { Stack, Table, Text } from '@mantine/core';
import { ListTable } from '../../../components/ListTable';
import { t } from '../../../i18n/i18n';
import { Section } from '../Section';
import { FieldError, NumberField, NumberGrid } from './NumberField';
import { LOW_USER } from './risk-fields';
import type { RiskFormState } from './risk-form';
import { RowButtons } from './RowButtons';

/** Low user: the window and the grace period, and the score per number of sessions in the window. */
export function LowUserSection({ form }: { form: RiskFormState }) {
  const rows = form.draft.lowUser.table;
  const { errors, edit } = form;
  return (
    <Section title={t('settings.risk.lowUser.title')} help={t('settings.risk.lowUser.help')}>
      <NumberGrid form={form} fields={LOW_USER} />
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {t('settings.risk.lowUser.table')}
        </Text>
        <Text size="xs" c="dark.6">
          {t('settings.risk.lowUser.tableHelp')}
        </Text>
        <ListTable
          items={rows}
          withTableBorder
          verticalSpacing={4}
          maw={420}
          columns={[t('settings.risk.lowUser.sessions'), t('settings.risk.lowUser.score')]}
          row={(row, i) => {
            const rowLabel = i === rows.length - 1 ? t('settings.risk.lowUser.rowSessionsLast', { count: row.sessions }) : t('settings.risk.lowUser.rowSessions', { count: row.sessions });
            return (
              <Table.Tr key={i}>
                <Table.Td>
                  <Text size="sm">{rowLabel}</Text>
                </Table.Td>
                <Table.Td>
                  <NumberField form={form} path={`lowUser.table[${i}].score`} ariaLabel={`${t('settings.risk.lowUser.score')}: ${rowLabel}`} min={0} max={100} />
                  <FieldError errors={errors} path={`lowUser.table[${i}].sessions`} />
                </Table.Td>
              </Table.Tr>
            );
          }}
        />
        <FieldError errors={errors} path="lowUser.table" />
        <RowButtons
          add={{ label: t('settings.risk.lowUser.addRow'), disabled: rows.length >= 32, onClick: () => edit('lowUser.table', [...rows, { sessions: rows.length, score: 0 }]) }}
          remove={{ label: t('settings.risk.lowUser.removeRow'), disabled: rows.length <= 1, onClick: () => edit('lowUser.table', rows.slice(0, -1)) }}
        />
      </Stack>
    </Section>
  );
}
