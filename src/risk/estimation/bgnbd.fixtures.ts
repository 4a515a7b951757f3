import { resolve } from 'path';

// Shared by the estimation specs: the CDNOW sample of FHL 2005 and its published values.
export const CDNOW_SUMMARY = resolve(__dirname, '../../../test/fixtures/cdnow/cdnow_customers_summary.csv');

export const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
export const PUBLISHED_LL = -9582.4;
