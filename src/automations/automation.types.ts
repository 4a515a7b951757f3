// The vocabulary of automations (docs/automations.md): triggers, steps, runs.
import { Channel } from '../actions';
import { CampaignVariant, GoalKind } from '../campaigns';
import { TaskPriority } from '../tasks';

/**
 * Triggers built today. Reconnect / recovery triggers arrive with those capabilities: one more
 * kind here, its DTO in dto/trigger.dto.ts, and a producer calling AutomationEnroller.enroll
 * with an occurrence per client (docs/automations.md "Adding a trigger").
 */
export const TRIGGER_KINDS = ['segment_entered', 'segment_exited', 'status_changed', 'health_band_changed', 'usage_dropped', 'schedule', 'recovery_entry_created', 'became_overdue'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export type AutomationTrigger =
  | { kind: 'segment_entered' | 'segment_exited'; segmentId: string }
  | { kind: 'status_changed'; from?: string[]; to?: string[] }
  | { kind: 'health_band_changed'; from?: string[]; to?: string[] }
  | { kind: 'usage_dropped'; minDropPercent?: number }
  | { kind: 'schedule'; cron: string; segmentId: string }
  | { kind: 'became_overdue'; serviceCategory?: string }
  | { kind: 'recovery_entry_created' };

export const STEP_TYPES = ['send', 'wait', 'branch', 'task', 'door_alert', 'exit'] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** Where a branch goes: the next step, a later step by key, or out of the automation. */
export type JumpTarget = 'next' | 'exit' | string;

interface StepBase {
  key: string;
  /** Bumped when a PATCH changes this step's content; later revisions send under a new origin. */
  rev: number;
}

export interface SendStep extends StepBase {
  type: 'send';
  channel: Channel;
  variants: CampaignVariant[];
  quietHours: 'defer' | 'drop';
}

export interface WaitStep extends StepBase {
  type: 'wait';
  /** Total seconds to wait (days/hours/minutes/seconds as submitted, summed). */
  seconds: number;
  /** Then on to the next time the business's local clock shows HH:MM (if set). */
  atLocalTime: string | null;
}

export interface BranchStep extends StepBase {
  type: 'branch';
  /** A segment condition tree, plus the engine's own leaves (visited_since_trigger). */
  condition: unknown;
  then: JumpTarget;
  else: JumpTarget;
}

export interface StaffAssignment {
  assignTo: 'owner' | 'staff' | 'team';
  staffId?: string;
  teamId?: string;
}

export interface TaskStep extends StepBase, StaffAssignment {
  type: 'task';
  reason: string;
  instructions: string | null;
  dueInDays: number;
  priority: TaskPriority;
}

export interface DoorAlertStep extends StepBase, StaffAssignment {
  type: 'door_alert';
  /** What the staff member reads when the client walks in. */
  message: string;
  /** The alert stays armed this long. */
  withinDays: number;
}

export interface ExitStep extends StepBase {
  type: 'exit';
}

export type AutomationStep = SendStep | WaitStep | BranchStep | TaskStep | DoorAlertStep | ExitStep;

export interface Reentry {
  /** once: a client runs through the automation once ever; per_days: again after `days` days. */
  policy: 'once' | 'per_days';
  days?: number;
}

export interface AutomationGoal {
  kind: GoalKind;
  withinDays: number;
}

export const ENROLLMENT_STATES = ['active', 'waiting', 'done', 'exited', 'failed'] as const;
export type EnrollmentState = (typeof ENROLLMENT_STATES)[number];

/** What a run did at a step (automation_step_log.outcome). */
export type StepOutcome = 'sent' | 'task' | 'armed' | 'holdout' | 'sleeping' | 'waited' | 'branch_true' | 'branch_false' | 'exit' | 'failed';

/**
 * The touch origin of a step for one run: `automation:<id>:step:<key>`, with `:v<rev>` once the
 * step's content was edited and `:r<entry>` for a client's second and later runs, so the actions
 * facade's "an origin reaches a client once" holds per run and an edited template is sent.
 */
export function stepOrigin(automationId: string, step: { key: string; rev: number }, entryNo: number): string {
  return `automation:${automationId}:step:${step.key}${step.rev > 1 ? `:v${step.rev}` : ''}${entryNo > 1 ? `:r${entryNo}` : ''}`;
}

/** The salt of the holdout bucket and A/B split of automations (campaigns hash their bare id). */
export const automationSalt = (automationId: string) => `automation:${automationId}`;
