import { Grid } from '@mantine/core';
import { useRetention } from '../../api/overview';
import { QueryState } from '../../components/QueryState';
import { ChurnChart } from './ChurnChart';
import { StatusMonthsChart } from './StatusMonthsChart';

/** A month of the retention report (GET /reports/retention). */
export type RetentionMonth = NonNullable<ReturnType<typeof useRetention>['data']>['months'][number];

/** The last 12 months from the retention report: the status mix, and churn against retention. */
export function RetentionCharts() {
  const report = useRetention();
  return (
    <QueryState query={report}>
      {(r) => (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <StatusMonthsChart months={r.months} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <ChurnChart months={r.months} />
          </Grid.Col>
        </Grid>
      )}
    </QueryState>
  );
}
