import { describeCatalogue } from '../conditions/catalogue';
import { COMPARISON_LIMITS } from '../conditions/params/comparison.params';
import { TREE_COST, windowDays } from './tree-cost';
import { validateTree } from './validate-tree';

const visits = (last: number, value = 1) => ({ condition: 'visits', operator: '>=', value, window: { last } });

describe('segment tree cost bound', () => {
  it('should accept the largest tree the bound allows', () => {
    const leaves = Array.from({ length: TREE_COST.maxHeavyConditions }, (_, i) => visits(Math.floor(TREE_COST.maxHeavyDays / TREE_COST.maxHeavyConditions), i + 1));
    expect(validateTree({ or: leaves }).problems).toEqual([]);
  });

  it('should name the condition past the heavy-condition count when a tree has too many', () => {
    const leaves = Array.from({ length: TREE_COST.maxHeavyConditions + 5 }, (_, i) => visits(30, i + 1));
    const { tree, problems } = validateTree({ and: [{ condition: 'age', operator: '>', value: 1 }, { or: leaves }] });
    expect(tree).toBeUndefined();
    expect(problems).toEqual([{ path: `and[1].or[${TREE_COST.maxHeavyConditions}]`, reason: expect.stringContaining(`at most ${TREE_COST.maxHeavyConditions} conditions`) }]);
  });

  it('should name the condition whose window takes the total past the day budget when windows are long', () => {
    // the tree: 199 OR'd visit, class, booking and product conditions over 3,660 days
    const kinds = [
      { condition: 'visits', operator: '>=', value: 1 },
      { condition: 'class_attendance', operator: '>=', value: 1 },
      { condition: 'service_bookings', operator: '>=', value: 1 },
      { condition: 'product_bought', productKind: 'service', bought: true },
    ];
    const leaves = Array.from({ length: 199 }, (_, i) => ({ ...kinds[i % 4], window: { last: 3660 } }));
    const { problems } = validateTree({ or: leaves });
    expect(problems).toContainEqual({ path: 'or[2]', reason: expect.stringContaining(`at most ${TREE_COST.maxHeavyDays} days; with this one they reach 10980`) });
    expect(problems).toContainEqual({ path: `or[${TREE_COST.maxHeavyConditions}]`, reason: expect.stringContaining('at most') });
  });

  it('should count heavy conditions under not and leave light ones free', () => {
    const light = Array.from({ length: 150 }, () => ({ condition: 'age', operator: '>', value: 1 }));
    expect(validateTree({ or: light }).problems).toEqual([]);
    expect(validateTree({ not: { or: [visits(3660), visits(3660), { condition: 'active_no_shows', operator: '>=', value: 1 }] } }).problems).toEqual([
      { path: 'not.or[2]', reason: expect.stringContaining('7685') },
    ]);
  });

  it('should count a window by its days, open ends as the longest window', () => {
    expect(windowDays({ last: 30 })).toBe(30);
    expect(windowDays({ next: 7 })).toBe(7);
    expect(windowDays({ from: '2026-01-01', to: '2026-01-31' })).toBe(31);
    expect(windowDays({ from: '1900-01-01', to: '2100-01-01' })).toBe(3660);
    expect(windowDays({ from: '2026-01-01' })).toBe(3660);
    expect(windowDays(undefined)).toBe(TREE_COST.windowlessDays);
  });
});

describe('segment comparison bounds (issue #17 item 6)', () => {
  const numberParams = describeCatalogue().flatMap((c) => c.params.filter((p) => p.type === 'number' || p.type === 'integer').map((p) => ({ type: c.type, p })));

  it('should serve a min and a max for every number parameter in the catalogue', () => {
    expect(numberParams.length).toBeGreaterThan(20);
    for (const { type, p } of numberParams) expect({ type, name: p.name, min: typeof p.min, max: typeof p.max }).toEqual({ type, name: p.name, min: 'number', max: 'number' });
  });

  it.each([
    [{ condition: 'days_since_registration', operator: '<', value: 2147483647 }, 'value', `from 0 to ${COMPARISON_LIMITS.days}`],
    [{ condition: 'visits', operator: '>=', value: 1e300, window: { last: 30 } }, 'value', `from 0 to ${COMPARISON_LIMITS.count}`],
    [{ condition: 'quota_units_left', operator: 'between', value: 1, to: 9999999999 }, 'to', `from 0 to ${COMPARISON_LIMITS.count}`],
    [{ condition: 'non_renewing_days_left', operator: 'between', value: 1, to: 9999999999 }, 'to', `to ${COMPARISON_LIMITS.days}`],
    [{ condition: 'subscription_monthly_cost', operator: '>', value: 1e300 }, 'value', `to ${COMPARISON_LIMITS.money}`],
    [{ condition: 'expected_visits', operator: 'between', value: 1, to: 1e300 }, 'to', 'to 1000'],
    [{ condition: 'age', operator: '<', value: 1e300 }, 'value', 'from 0 to 150'],
  ])('should refuse %j naming the field', (leaf, field, text) => {
    const { problems } = validateTree({ and: [leaf] });
    expect(problems).toEqual([{ path: `and[0].${field}`, reason: expect.stringContaining(text) }]);
  });

  it('should refuse out-of-range values on every bounded comparison', () => {
    for (const { type, p } of numberParams) {
      if (p.name !== 'value' || p.max === undefined) continue;
      const leaf: Record<string, unknown> = { condition: type, operator: '>=', value: p.max + 1 };
      if (
        describeCatalogue()
          .find((c) => c.type === type)!
          .params.some((q) => q.name === 'window')
      )
        leaf.window = { last: 30 };
      const { problems } = validateTree(leaf);
      expect({ type, problems: problems.map((x) => x.path) }).toEqual({ type, problems: ['value'] });
    }
  });
});
