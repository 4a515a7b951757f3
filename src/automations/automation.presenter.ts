import { AutomationRow } from './automation.repository';
import { AutomationStep, EnrollmentState, StepOutcome } from './automation.types';

/** The API shape: steps as they can be submitted again (their internal revision left out). */
export function presentAutomation(row: AutomationRow) {
  const { businessId: _b, stepsVersion: _v, steps, ...rest } = row;
  return {
    ...rest,
    state: row.archivedAt ? 'archived' : row.enabled ? 'enabled' : 'paused',
    steps: steps.map(({ rev: _r, ...s }) => s),
  };
}

/**
 * Runs per step: how many are at it now (and of those waiting, and in the holdout), and what
 * runs did there (from the step log); plus totals per state.
 */
export function presentProgress(
  steps: readonly AutomationStep[],
  counts: Array<{ stepIndex: number; state: EnrollmentState; holdout: boolean; n: number }>,
  outcomes: Array<{ stepKey: string; outcome: StepOutcome; n: number }>,
) {
  const total = (f: (c: (typeof counts)[number]) => boolean) => counts.filter(f).reduce((s, c) => s + c.n, 0);
  const inFlight = (c: (typeof counts)[number]) => c.state === 'active' || c.state === 'waiting';
  return {
    enrolled: total(() => true),
    inFlight: total(inFlight),
    active: total((c) => c.state === 'active'),
    waiting: total((c) => c.state === 'waiting'),
    done: total((c) => c.state === 'done'),
    exited: total((c) => c.state === 'exited'),
    failed: total((c) => c.state === 'failed'),
    holdout: total((c) => c.holdout),
    holdoutInFlight: total((c) => c.holdout && inFlight(c)),
    steps: steps.map((s, i) => {
      const here = (f: (c: (typeof counts)[number]) => boolean) => total((c) => c.stepIndex === i && inFlight(c) && f(c));
      const did: Partial<Record<StepOutcome, number>> = {};
      for (const o of outcomes) if (o.stepKey === s.key) did[o.outcome] = (did[o.outcome] ?? 0) + o.n;
      return { index: i, key: s.key, type: s.type, current: here(() => true), waiting: here((c) => c.state === 'waiting'), holdout: here((c) => c.holdout), outcomes: did };
    }),
  };
}
