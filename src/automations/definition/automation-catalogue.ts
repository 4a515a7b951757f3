import { HEALTH_BANDS } from '../../segments';
import { RISK_STATUSES } from '../../risk';
import { TriggerKind } from '../automation.types';
import { describeEngineConditions } from './branch-condition';

// What the automation editor builds its forms from (GET /api/v1/automations/catalogue): every
// trigger kind with its parameters, and every condition a branch step accepts (the segment
// catalogue plus the engine's own leaves), described the way the segment catalogue describes its
// parameters. Keyed by TriggerKind: a new kind does not compile until it is described here.

/** A parameter as the segment catalogue describes one (segments.md "Catalogue"). */
export interface TriggerParam {
  name: string;
  label: string;
  type: 'number' | 'enum[]' | 'string' | 'id';
  required: boolean;
  values?: readonly string[];
  min?: number;
  max?: number;
  unit?: string;
}

export interface TriggerDescription {
  kind: TriggerKind;
  label: string;
  description: string;
  params: readonly TriggerParam[];
}

const segmentId: TriggerParam = { name: 'segmentId', label: 'Segment', type: 'id', required: true, unit: 'a saved segment' };
const statuses = (name: 'from' | 'to', label: string): TriggerParam => ({ name, label, type: 'enum[]', required: false, values: RISK_STATUSES, unit: 'empty: any status' });
const bands = (name: 'from' | 'to', label: string): TriggerParam => ({ name, label, type: 'enum[]', required: false, values: HEALTH_BANDS, unit: 'empty: any band' });

const TRIGGERS: Record<TriggerKind, Omit<TriggerDescription, 'kind'>> = {
  segment_entered: { label: 'When a member enters a segment', description: 'a client joins the saved segment (after the automation is enabled)', params: [segmentId] },
  segment_exited: { label: 'When a member leaves a segment', description: 'a client leaves the saved segment', params: [segmentId] },
  status_changed: { label: 'When the status changes', description: 'the client’s risk status changes', params: [statuses('from', 'From'), statuses('to', 'To')] },
  health_band_changed: { label: 'When the health band changes', description: 'the client’s health band changes', params: [bands('from', 'From'), bands('to', 'To')] },
  usage_dropped: {
    label: 'When visits drop',
    description: 'the client’s visits dropped against their own usual rate',
    params: [{ name: 'minDropPercent', label: 'Drop of at least', type: 'number', required: false, min: 0, max: 100, unit: 'percent' }],
  },
  schedule: {
    label: 'On a schedule',
    description: 'the members of a saved segment at each tick of a schedule',
    params: [
      { name: 'cron', label: 'Schedule (cron, business time)', type: 'string', required: true, unit: 'five fields: minute hour day month weekday (0 10 * * * is every day at 10:00)' },
      segmentId,
    ],
  },
  recovery_entry_created: { label: 'When a member enters recovery', description: 'a cancellation, an ending subscription or a used-up quota puts the client on the recovery board', params: [] },
  became_overdue: {
    label: 'When a client becomes overdue',
    description: 'the client crossed into overdue against their own booking rhythm',
    params: [{ name: 'serviceCategory', label: 'Service category', type: 'string', required: false, unit: 'empty: any category' }],
  },
};

export function describeTriggers(): TriggerDescription[] {
  return (Object.keys(TRIGGERS) as TriggerKind[]).map((kind) => ({ kind, ...TRIGGERS[kind] }));
}

/** The branch's conditions: the automation's own first, then the segment catalogue (SegmentsService.catalogue). */
export function describeBranchConditions(segmentConditions: readonly object[]) {
  return [...describeEngineConditions(), ...segmentConditions];
}
