import { isDataStale } from './stale-data';

const now = new Date('2026-05-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('stale-data hold', () => {
  it('should hold a connected business whose last data is older than the setting (default 6 h)', () => {
    expect(isDataStale({ connected: true, lastDataAt: hoursAgo(5.9) }, now, 6)).toBe(false);
    expect(isDataStale({ connected: true, lastDataAt: hoursAgo(6) }, now, 6)).toBe(false);
    expect(isDataStale({ connected: true, lastDataAt: hoursAgo(6.01) }, now, 6)).toBe(true);
    expect(isDataStale({ connected: true, lastDataAt: null }, now, 6)).toBe(true);
  });

  it('should never hold a business without a connected source, or with the hold switched off', () => {
    expect(isDataStale({ connected: false, lastDataAt: null }, now, 6)).toBe(false);
    expect(isDataStale({ connected: true, lastDataAt: hoursAgo(100) }, now, null)).toBe(false);
  });
});
