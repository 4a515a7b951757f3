import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ListTable, type Column } from '../../../components/ListTable';
import { QueryState } from '../../../components/QueryState';
import { t } from '../../../i18n/i18n';
import { Empty, Section } from './Section';

/** The lists of the profile; each names its title (`members.profile.<name>`), its empty text (`<name>Empty`) and its test id. */
type ListName = 'subscriptions' | 'quotas' | 'bookings' | 'invoices' | 'touches' | 'tasks';

interface Common<T> {
  name: ListName;
  columns: Column[];
  row: (item: T) => ReactNode;
  /** A wide table scrolls sideways below this width. */
  minWidth?: number;
  /** Said instead of the list, which is then not shown at all (a role that may not read it). */
  instead?: string;
}

/** The items the member's record already holds. */
interface FromRecord<T> extends Common<T> {
  items: readonly T[];
  query?: undefined;
  footer?: undefined;
}

/** The items a query of its own fetches, with an optional line under the table (how many more there are). */
interface FromQuery<T, D> extends Common<T> {
  query: UseQueryResult<D>;
  items: (data: D) => readonly T[];
  footer?: (data: D) => ReactNode;
}

/** A card of the profile that lists something: its title, a table with a header row, or a sentence when there is nothing. */
export function ListSection<T, D = never>(props: FromRecord<T> | FromQuery<T, D>) {
  const { name, columns, row, minWidth, instead } = props;
  const title = t(`members.profile.${name}`);
  const list = (items: readonly T[]) => (
    <ListTable items={items} columns={columns} row={row} minWidth={minWidth} empty={<Empty>{t(`members.profile.${name}Empty`)}</Empty>} verticalSpacing={6} fz="sm" aria-label={title} />
  );
  let body: ReactNode;
  if (instead !== undefined) body = <Empty>{instead}</Empty>;
  else if (props.query === undefined) body = list(props.items);
  else {
    const { items, footer } = props;
    body = (
      <QueryState query={props.query}>
        {(d) => {
          const shown = items(d);
          return (
            <>
              {list(shown)}
              {shown.length && footer ? footer(d) : null}
            </>
          );
        }}
      </QueryState>
    );
  }
  return (
    <Section title={title} testId={name}>
      {body}
    </Section>
  );
}
