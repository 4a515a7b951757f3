import { Injectable, PipeTransform } from '@nestjs/common';
import { notFound } from './domain-error';

/** A row id (a bigint primary key) as it appears in a path, a query or a body: 1 to 18 digits. */
export const ROW_ID = /^\d{1,18}$/;

/** As ROW_ID.test does: a number is read as its digits. */
export const isRowId = (value: unknown): boolean => ROW_ID.test(String(value));

/**
 * `@Param('id', new RowIdPipe('client'))`: an id that cannot name a row answers the same 404 as
 * a row that does not exist or belongs to another business, before any query runs.
 */
@Injectable()
export class RowIdPipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (!isRowId(value)) throw notFound(this.what);
    return value;
  }
}
