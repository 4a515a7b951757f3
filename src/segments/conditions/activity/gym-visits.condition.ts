import { defineCondition } from '../condition-definition';
import { CountComparisonParams, comparisonParamSpecs, wholeBounds } from '../params/comparison.params';
import { IsWindow, WindowValue, windowParamSpec } from '../params/window.params';
import { visitCountActualSql, visitCountSql } from './visit-count.sql';

const NOT_A_CLASS = `count(*) FILTER (WHERE v.booking_id IS NULL OR NOT EXISTS (SELECT 1 FROM booking gb WHERE gb.id = v.booking_id AND gb.kind = 'class'))`;

class GymVisitsParams extends CountComparisonParams {
  @IsWindow()
  window!: WindowValue;
}

/**
 * Check-ins, not days, that are not for a group class: a check-in counts unless the source
 * recorded it as a class check-in (kind 'class', booking known or not) or it is linked to a class
 * booking. Gym-floor entries count, and so do appointment check-ins (PT, physio): they are not
 * tied to a class booking.
 */
export const gymVisitsCondition = defineCondition({
  type: 'gym_visits',
  label: 'Gym visits',
  group: 'activity',
  description: 'has that many check-ins in the window that are not for a group class (neither a class check-in nor linked to a class booking; gym floor and appointments count)',
  params: [...comparisonParamSpecs('integer', 'check-ins', wholeBounds('count')), windowParamSpec()],
  dto: GymVisitsParams,
  neverNull: true,
  heavy: true,
  compile: (p, ctx) =>
    visitCountSql(
      // class check-ins that carry no kind are caught by their booking; the test sits in the
      // aggregate so it runs only for check-ins that carry a booking
      NOT_A_CLASS,
      [`v.kind <> 'class'`],
      p.window,
      p,
      ctx,
    ),
  actual: (p, ctx) => visitCountActualSql(NOT_A_CLASS, [`v.kind <> 'class'`], p.window, ctx),
});
