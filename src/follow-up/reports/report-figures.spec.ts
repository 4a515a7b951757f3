import { EMPTY_ARM } from '../follow-up.types';
import { rank } from './actions-report.service';
import { figuresOf, versusReference } from './report-figures';
import { actionSteps } from './source-report.repository';

const arm = (n: number, converted: number, medianDays: number | null = null, revenue = 0, open = 0) => ({ n, converted, medianDays, revenue, open });

describe('figuresOf', () => {
  it('should give rates, the lift and its interval, medians and revenue from the two arms', () => {
    const f = figuresOf(arm(70, 56, 3, 12000, 2), arm(80, 48, 5.5, 9000, 1));
    expect(f).toMatchObject({
      targeted: 150,
      contacted: 70,
      control: 80,
      converted: 56,
      conversionRate: 0.8,
      controlConverted: 48,
      controlConversionRate: 0.6,
      // Newcombe 1998, Table II (a)
      lift: { estimate: 0.2, lower: 0.0524, upper: 0.3339, negative: false, significantlyPositive: true, smallSample: false },
      medianDaysToReturn: 3,
      controlMedianDaysToReturn: 5.5,
      retainedMonthlyRevenue: 12000,
      openWindows: 3,
    });
  });

  it('should give no rates and no lift for empty arms', () => {
    expect(figuresOf(EMPTY_ARM, EMPTY_ARM)).toMatchObject({ targeted: 0, conversionRate: null, controlConversionRate: null, lift: null, medianDaysToReturn: null });
    expect(figuresOf(arm(10, 5), EMPTY_ARM).lift).toBeNull();
  });
});

describe('versusReference', () => {
  it('should compare a variant with the reference variant', () => {
    expect(versusReference(arm(10, 3), arm(10, 9), 'A')).toEqual({ reference: 'A', estimate: -0.6, lower: -0.809, upper: -0.1705 });
    expect(versusReference(arm(0, 0), arm(10, 9), 'A')).toBeNull();
  });
});

describe('rank', () => {
  const row = (id: string, lift: { estimate: number; lower: number; smallSample: boolean } | null, conversionRate = 0.1, contacted = 100) => ({
    ...figuresOf(),
    kind: 'campaign' as const,
    id,
    contacted,
    conversionRate,
    lift: lift && { ...lift, upper: 1, negative: lift.estimate < 0, significantlyNegative: false, significantlyPositive: false },
  });

  it('should put reliable lifts first (estimate, then lower bound), then small samples, then no control by conversion', () => {
    const ranked = rank([
      row('1', null, 0.5),
      row('2', { estimate: 0.1, lower: 0.01, smallSample: false }),
      row('3', { estimate: 0.4, lower: -0.1, smallSample: true }),
      row('4', { estimate: 0.1, lower: 0.05, smallSample: false }),
      row('5', { estimate: -0.2, lower: -0.3, smallSample: false }),
      row('6', null, 0.7),
    ]);
    expect(ranked.map((r) => [r.rank, r.id, r.rankedBy])).toEqual([
      [1, '4', 'lift'],
      [2, '2', 'lift'],
      [3, '5', 'lift'],
      [4, '3', 'lift_small_sample'],
      [5, '6', 'no_control'],
      [6, '1', 'no_control'],
    ]);
  });
});

describe('actionSteps', () => {
  it('should keep the steps that act, with their channel and A/B variants', () => {
    expect(
      actionSteps('automation', [
        { key: 'e', type: 'send', channel: 'sms', variants: [{ key: 'A' }, { key: 'B' }] },
        { key: 'w', type: 'wait', seconds: 60 },
        { key: 'b', type: 'branch' },
        { key: 't', type: 'task', reason: 'call' },
        { key: 'd', type: 'door_alert' },
        { key: 'x', type: 'exit' },
      ]),
    ).toEqual([
      { key: 'e', type: 'send', channel: 'sms', variants: ['A', 'B'] },
      { key: 't', type: 'task', channel: 'staff_task', variants: [] },
      { key: 'd', type: 'door_alert', channel: 'door_alert', variants: [] },
    ]);
    expect(
      actionSteps('campaign', [
        { key: 'm', channel: 'email', variants: [{ key: 'A' }] },
        { key: 'c', channel: 'staff_task', variants: [] },
      ]),
    ).toEqual([
      { key: 'm', type: 'send', channel: 'email', variants: [] },
      { key: 'c', type: 'task', channel: 'staff_task', variants: [] },
    ]);
    expect(actionSteps('campaign', null)).toEqual([]);
  });
});
