import { BgnbdCsvError, parseBgnbdCsv, readBgnbdCsv } from './bgnbd-csv';
import { CDNOW_SUMMARY } from './bgnbd.fixtures';

describe('parseBgnbdCsv', () => {
  it('should read frequency, recency and T in any column order, ignoring other columns', () => {
    const data = parseBgnbdCsv('T,id,recency,frequency,"note"\r\n10,a,4.5,2,"x, y"\r\n\r\n8,b,0,0,\n');
    expect(Array.from(data.x)).toEqual([2, 0]);
    expect(Array.from(data.tx)).toEqual([4.5, 0]);
    expect(Array.from(data.T)).toEqual([10, 8]);
  });

  it('should read the CDNOW summary', () => {
    expect(readBgnbdCsv(CDNOW_SUMMARY).x.length).toBe(2357);
  });

  it.each([
    ['', /line 1: empty file/],
    ['ID,frequency,recency\n1,2,3\n', /line 1: missing column\(s\) T/],
    ['frequency,recency,T\n1,2,3\n2,abc,4\n', /line 3: recency is not a number: "abc"/],
    ['frequency,recency,T\n1,2,3\n2,,4\n', /line 3: recency is not a number/],
    ['frequency,recency,T\n1,2\n', /line 2: expected 3 cells like the header, found 2/],
    ['frequency,recency,T\n1,5,3\n', /line 2: recency must be within \[0, T=3\]/],
    ['frequency,recency,T\n-1,0,3\n', /line 2: frequency must be a whole number/],
    ['frequency,recency,T\n', /no data rows/],
  ])('should name the problem and the line for %j', (text, message) => {
    expect(() => parseBgnbdCsv(text)).toThrow(BgnbdCsvError);
    expect(() => parseBgnbdCsv(text)).toThrow(message);
  });

  it('should report a file that cannot be read', () => {
    expect(() => readBgnbdCsv('/nonexistent/file.csv')).toThrow(/cannot read \/nonexistent\/file.csv: ENOENT/);
  });
});
