import { Injectable, PipeTransform } from '@nestjs/common';
import { notFound } from './domain-error';

/** A row id (a bigint primary key) as it appears in a path, a query or a body: 1 to 18 digits. */
export const ROW_ID = /^\d{1,18}$/;

/** The id of a row keyed by a uuid (business, user, API key). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** As ROW_ID.test does: a number is read as its digits. */
export const isRowId = (value: unknown): boolean => ROW_ID.test(String(value));

/**
 * `@Param('id', new RowIdPipe('client'))`: an id that cannot name a row answers the same 404 as
 * a row that does not exist or belongs to another business, before any query runs. Rows keyed by
 * a uuid pass `'uuid'` as the shape.
 */
@Injectable()
export class RowIdPipe implements PipeTransform<string, string> {
  constructor(
    private readonly what: string,
    private readonly shape: 'bigint' | 'uuid' = 'bigint',
  ) {}

  transform(value: string): string {
    if (!(this.shape === 'uuid' ? UUID : ROW_ID).test(value)) throw notFound(this.what);
    return value;
  }
}
