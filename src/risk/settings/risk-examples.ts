import { RiskSettings } from '../rules/risk-settings';
import { assessClient, scoreRules } from '../rules/risk-rules';
import { RiskInput } from '../rules/risk.types';
import { RiskExamplesDto, WorkedExampleDto } from './dto/risk-examples.dto';

// The worked examples of risk.md ("The four rules"), recomputed with any settings: the risk
// settings page shows what the numbers being edited would do to four real-looking members
// before they are saved. Pure: the rules of src/risk/rules/, no database, no clock.

/** The day risk.md's worked examples are set on. */
export const WORKED_EXAMPLES_TODAY = '2026-03-31';

/** A member "since 2025" in risk.md's wording. */
const LONG_STANDING = '2025-06-01';

/** risk.md's four worked examples, in its order, keyed for the page's catalogue. */
const WORKED_EXAMPLES: ReadonlyArray<{ key: WorkedExampleDto['key']; input: Pick<RiskInput, 'registeredOn' | 'lastVisitOn' | 'sessionsLast7Days'> }> = [
  // registered 2026-03-20 (11 days ago), no sessions
  { key: 'new_member_no_visits', input: { registeredOn: '2026-03-20', lastVisitOn: null, sessionsLast7Days: 0 } },
  // member since 2025, last session 2026-03-21 (10 days), 0 sessions in 7 days
  { key: 'absent_10_days', input: { registeredOn: LONG_STANDING, lastVisitOn: '2026-03-21', sessionsLast7Days: 0 } },
  // member since 2025, last session 2026-03-09 (22 days)
  { key: 'absent_22_days', input: { registeredOn: LONG_STANDING, lastVisitOn: '2026-03-09', sessionsLast7Days: 0 } },
  // member since 2025, 2 sessions in the last 7 days, the last one yesterday
  { key: 'regular_two_sessions', input: { registeredOn: LONG_STANDING, lastVisitOn: '2026-03-30', sessionsLast7Days: 2 } },
];

/** Each worked example assessed with `settings`: its inputs, status, tags and each rule's score. */
export function workedExamples(settings: RiskSettings): RiskExamplesDto {
  return {
    today: WORKED_EXAMPLES_TODAY,
    examples: WORKED_EXAMPLES.map(({ key, input }) => {
      const full: RiskInput = { today: WORKED_EXAMPLES_TODAY, isMember: true, hasActivePackage: true, currentStatus: null, ...input };
      const rules = scoreRules(full, settings);
      const assessed = assessClient(full, settings);
      return {
        key,
        input: {
          registeredOn: input.registeredOn,
          lastVisitOn: input.lastVisitOn,
          sessionsLast7Days: input.sessionsLast7Days,
          daysRegistered: rules.daysRegistered,
          daysSinceLastSession: rules.daysAbsent,
        },
        status: assessed.status!,
        tags: assessed.tags,
        score: assessed.score,
        scores: { ...assessed.contributions },
        inTrouble: rules.inTrouble,
      };
    }),
  };
}
