import { isCalendarDate } from './calendar-date';
import { inputProblems, MAX_JSON_DEPTH } from './input-limits';

function nested(levels: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

describe('inputProblems', () => {
  it('should name the first NUL in a value or a key, as validation errors name fields', () => {
    expect(inputProblems({ steps: [{ template: { subject: 'ok' } }, { template: { subject: 'a\u0000' } }] })).toEqual([
      { kind: 'nul', path: 'steps[1].template.subject', reason: 'must not contain a NUL character (\\u0000)' },
    ]);
    expect(inputProblems({ data: { 'x\u0000': 1 } })).toEqual([{ kind: 'nul', path: 'data["x\\u0000"]', reason: 'a key must not contain a NUL character (\\u0000)' }]);
    expect(inputProblems([{ a: 1 }, 'b\u0000'])).toEqual([{ kind: 'nul', path: '[1]', reason: expect.any(String) }]);
  });

  it('should allow MAX_JSON_DEPTH levels of objects and arrays and refuse one more, at any depth without recursion', () => {
    expect(inputProblems(nested(MAX_JSON_DEPTH))).toEqual([]);
    expect(inputProblems(nested(MAX_JSON_DEPTH + 1))).toEqual(
      [{ kind: 'depth', path: `[0]`.repeat(MAX_JSON_DEPTH), reason: `is nested deeper than ${MAX_JSON_DEPTH} levels of objects and arrays` }].map((p) => ({
        ...p,
        path: p.path.length > 120 ? `${p.path.slice(0, 120)}…` : p.path,
      })),
    );
    expect(inputProblems(nested(200_000))).toHaveLength(1);
  });

  it('should skip the NUL check when asked (imports check per record) but still bound the depth', () => {
    expect(inputProblems({ a: 'x\u0000' }, { nul: false })).toEqual([]);
    expect(inputProblems(nested(100), { nul: false })).toHaveLength(1);
  });
});

describe('isCalendarDate', () => {
  it.each(['2026-02-28', '2024-02-29', '1900-01-01', '2200-12-31'])('should take %s', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '0000-01-01', '2026-1-01', 'x'])('should refuse %s', (d) => expect(isCalendarDate(d)).toBe(false));
});
