import { newCompileContext } from '../../compiler/compile-context';
import { validateTree } from '../../compiler/validate-tree';
import { ACTIVITY_CONDITIONS } from './index';

// Every activity condition with parameters whose values are easy to spot in SQL text.
const SAMPLES: Record<string, Array<Record<string, unknown>>> = {
  visits: [
    { operator: '>=', value: 4, window: { last: 30 } },
    { operator: '=', value: 0, window: { from: '2026-01-01', to: '2026-01-31' } },
  ],
  gym_visits: [{ operator: 'between', value: 2, to: 5, window: { last: 30 } }],
  class_attendance: [{ operator: '>', value: 1, window: { last: 30 }, productIds: ['4242'], names: ['Zumba Gold'] }],
  active_no_shows: [{ operator: '<', value: 3 }],
  service_bookings: [{ operator: '>=', value: 1, window: { next: 14 }, serviceCategories: ['physio_xyz'], productIds: ['4343'] }],
  product_booked: [{ productKind: 'class_pack', productIds: ['4444'], window: { last: 30 } }],
  product_booking_starts: [{ productKind: 'service', window: { next: 7 } }],
  product_bought: [
    { productKind: 'retail', bought: true, window: { last: 30 } },
    { productIds: ['4545'], bought: false, window: { from: '2026-02-01' } },
  ],
  product_label_booked: [{ labels: ['label_abc'], window: { last: 30 } }],
  product_label_booking_starts: [{ labels: ['label_def'], window: { next: 30 } }],
  product_label_bought: [{ labels: ['label_ghi'], bought: false, window: { last: 90 } }],
  days_since_overdue_invoice: [{ operator: '>=', value: 14 }],
  overdue_for_reconnect: [{}, { serviceCategory: 'physio_overdue', minDaysOverdue: 5 }],
};

const compile = (leaf: Record<string, unknown>) => {
  const { tree, problems } = validateTree(leaf);
  if (!tree || tree.kind !== 'leaf') throw new Error(JSON.stringify(problems));
  const ctx = newCompileContext({ businessId: '00000000-0000-0000-0000-000000000001', today: '2026-03-20', timezone: 'Europe/Stockholm', settings: { directDebitBlockAfterDays: 7 } });
  return { sql: tree.definition.compile(tree.params, ctx), values: ctx.params.values };
};

// visit counts are per client behind client.last_visit_on (visit-count.sql.ts); the rest are sets
const PER_CLIENT = new Set(['visits', 'gym_visits']);

describe('activity conditions: compiled SQL', () => {
  it('should have a sample for every activity condition', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(ACTIVITY_CONDITIONS.map((c) => c.type).sort());
  });

  for (const [type, samples] of Object.entries(SAMPLES)) {
    for (const params of samples) {
      const { sql, values } = compile({ condition: type, ...params });

      it(`${type} ${JSON.stringify(params)}: bound values only, never spliced into the text`, () => {
        for (const v of values.flat()) {
          if (typeof v === 'string' && v.length > 3) expect(sql).not.toContain(v);
        }
        // $1 (the business) is always bound; the statement's own WHERE uses it
        const placeholders = new Set([1, ...[...sql.matchAll(/\$(\d+)::/g)].map((m) => Number(m[1]))]);
        expect([...placeholders].sort((a, b) => a - b)).toEqual(values.map((_, i) => i + 1));
      });

      if (PER_CLIENT.has(type)) {
        it(`${type} ${JSON.stringify(params)}: a per-client count behind the maintained visit days`, () => {
          expect(sql).toMatch(/c\.last_visit_on >= /);
          expect(sql).toMatch(/FROM visit v WHERE v\.client_id = c\.id/);
          expect(sql).not.toContain('client_set_');
        });
        continue;
      }

      it(`${type} ${JSON.stringify(params)}: one uncorrelated, business-scoped client set tested against c.id`, () => {
        const sets = [...sql.matchAll(/FROM \(SELECT ([\s\S]*?)\) client_set_\s+WHERE client_set_\.client_id = c\.id/g)];
        expect(sets).toHaveLength(1);
        // the set never refers to the outer client, so PostgreSQL computes it once per statement
        expect(sets[0][1]).not.toMatch(/\bc\./);
        expect(sets[0][1]).toMatch(/\b[a-z]+\.business_id = \$1::uuid/);
        expect(sets[0][1]).toContain('GROUP BY');
      });
    }
  }

  it('should test a count that zero satisfies as the complement of the clients whose count fails', () => {
    expect(compile({ condition: 'class_attendance', operator: '=', value: 0, window: { last: 30 } }).sql).toMatch(/^\(NOT EXISTS \(SELECT 1 FROM \(SELECT [\s\S]* HAVING NOT \(/);
    expect(compile({ condition: 'class_attendance', operator: '>=', value: 1, window: { last: 30 } }).sql).toMatch(/^EXISTS \(SELECT 1 FROM \(SELECT [\s\S]* HAVING \(/);
    // visits: no visit since the window opened decides "zero" without reading visits
    expect(compile({ condition: 'visits', operator: '=', value: 0, window: { last: 30 } }).sql).toMatch(
      /^\(NOT \(c\.last_visit_on IS NOT NULL AND c\.last_visit_on >= [\s\S]*\) OR \(\(SELECT count\(DISTINCT v\.visited_on\)/,
    );
  });
});
