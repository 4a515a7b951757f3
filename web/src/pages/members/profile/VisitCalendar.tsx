import { Heatmap } from '@mantine/charts';
import { Group, Text } from '@mantine/core';
import { useVisitDays } from '../../../api/members';
import { ChartFigure } from '../../../components/ChartFigure';
import { QueryState } from '../../../components/QueryState';
import { formatDay, formatMonth, formatNumber } from '../../../format';
import { locale, t } from '../../../i18n/i18n';
import { businessToday } from '../dates';

/** Today in the business's time zone, and the first day of the month 11 months before it. */
function range(): { from: string; to: string } {
  const to = businessToday();
  const [y, m] = to.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 - 11, 1));
  return { from: first.toISOString().slice(0, 10), to };
}

const MONTH_LABELS = Array.from({ length: 12 }, (_, i) => new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, i, 1))));
// Sunday first, as the Heatmap takes them (it rotates them to start on Monday); Mon, Wed and Fri shown
const WEEKDAY_LABELS = Array.from({ length: 7 }, (_, i) => (i % 2 === 1 ? new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 7 + i))) : ''));
// light to dark teal; the lightest still stands out from the empty cells
const COLORS = ['var(--mantine-color-teal-3)', 'var(--mantine-color-teal-5)', 'var(--mantine-color-teal-7)', 'var(--mantine-color-teal-9)'];

/** The member's visit days over the last 12 months, GitHub-style, with the figures per month for screen readers. */
export function VisitCalendar({ clientId }: { clientId: string }) {
  const { from, to } = range();
  const q = useVisitDays(clientId, from, to);
  return (
    <QueryState query={q}>
      {(d) => {
        const data = Object.fromEntries(d.days.map((x) => [x.day, x.visits]));
        return (
          <ChartFigure
            title={t('members.profile.calendar')}
            subtitle={t('members.profile.calendarSummary', { count: d.totalDays })}
            label={t('members.profile.calendarSummary', { count: d.totalDays })}
            testId="visit-calendar"
            table={{
              caption: t('members.profile.calendarMonthCaption'),
              columns: [t('members.profile.calendarMonth'), t('members.profile.calendarDays')],
              rows: d.months.map((m) => [formatMonth(m.month), formatNumber(m.days)]),
            }}
          >
            <div style={{ overflowX: 'auto' }}>
              <Heatmap
                data={data}
                startDate={d.from}
                endDate={d.to}
                withMonthLabels
                withWeekdayLabels
                monthLabels={MONTH_LABELS}
                weekdayLabels={WEEKDAY_LABELS}
                firstDayOfWeek={1}
                rectSize={15}
                gap={3}
                colors={COLORS}
                domain={[1, 3]}
                withOutsideDates={false}
                withTooltip
                getTooltipLabel={({ date, value }) => t('members.profile.calendarTooltip', { day: formatDay(date), count: value ?? 0 })}
              />
            </div>
            <Group gap={6} mt={4} justify="flex-end">
              <Text size="xs" c="dimmed">
                {t('members.profile.calendarLess')}
              </Text>
              {['var(--mantine-color-gray-1)', ...COLORS].map((c) => (
                <span key={c} style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 2, background: c }} />
              ))}
              <Text size="xs" c="dimmed">
                {t('members.profile.calendarMore')}
              </Text>
            </Group>
          </ChartFigure>
        );
      }}
    </QueryState>
  );
}
