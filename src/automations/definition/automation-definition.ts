import { validateCronExpression } from 'cron';
import { CampaignVariant } from '../../campaigns';
import { AutomationStep, AutomationTrigger, JumpTarget, STEP_TYPES, StepType, TRIGGER_KINDS, TriggerKind } from '../automation.types';
import { BranchStepDto, DoorAlertStepDto, SendStepDto, STEP_DTOS, TaskStepDto, WaitStepDto } from '../dto/step.dto';
import { BecameOverdueTriggerDto, HealthBandTriggerDto, ScheduleTriggerDto, SegmentTriggerDto, StatusTriggerDto, TRIGGER_DTOS, UsageDropTriggerDto } from '../dto/trigger.dto';
import { Problem, validateAs } from '../dto/validate-as';
import { parseBranchCondition } from './branch-condition';

// Turns a submitted trigger and step list into the stored definition, or every problem with its
// path. Pure except for `checkTemplate`, which the service wires to the actions facade.

export const DEFAULT_DOOR_MESSAGE = 'At the door: just checked in - a chance to talk in person';
export const DEFAULT_DOOR_DAYS = 30;
export const DEFAULT_TASK_DUE_DAYS = 1;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseTrigger(raw: unknown): { trigger?: AutomationTrigger; problems: Problem[] } {
  if (!isObj(raw)) return { problems: [{ path: 'trigger', reason: 'must be an object with a kind' }] };
  const kind = raw.kind as TriggerKind;
  if (!TRIGGER_KINDS.includes(kind)) return { problems: [{ path: 'trigger.kind', reason: `must be one of ${TRIGGER_KINDS.join(', ')}` }] };
  const { value, problems } = validateAs(TRIGGER_DTOS[kind], raw, 'trigger');
  if (!value) return { problems };
  switch (kind) {
    case 'segment_entered':
    case 'segment_exited':
      return { trigger: { kind, segmentId: (value as SegmentTriggerDto).segmentId }, problems };
    case 'status_changed':
    case 'health_band_changed': {
      const v = value as StatusTriggerDto | HealthBandTriggerDto;
      return { trigger: { kind, ...(v.from ? { from: [...new Set(v.from)] } : {}), ...(v.to ? { to: [...new Set(v.to)] } : {}) }, problems };
    }
    case 'usage_dropped': {
      const v = value as UsageDropTriggerDto;
      return { trigger: { kind, ...(v.minDropPercent !== undefined ? { minDropPercent: v.minDropPercent } : {}) }, problems };
    }
    case 'schedule': {
      const v = value as ScheduleTriggerDto;
      const cron = v.cron.trim().replace(/\s+/g, ' ');
      const check = validateCronExpression(cron);
      if (cron.split(' ').length !== 5) return { problems: [{ path: 'trigger.cron', reason: 'must have five fields: minute hour day-of-month month day-of-week' }] };
      if (!check.valid) return { problems: [{ path: 'trigger.cron', reason: `is not a cron expression (${check.error?.message ?? 'invalid'})` }] };
      return { trigger: { kind, cron, segmentId: v.segmentId }, problems };
    }
    case 'became_overdue': {
      const category = (value as BecameOverdueTriggerDto).serviceCategory;
      return { trigger: { kind, ...(category !== undefined ? { serviceCategory: category } : {}) }, problems };
    }
    case 'recovery_entry_created':
      return { trigger: { kind }, problems };
  }
}

export interface StepParseOptions {
  /** Problems of a template on a channel (paths relative to the template's parent). */
  checkTemplate(channel: string, template: unknown): Problem[];
}

export function parseSteps(raw: unknown[], opts: StepParseOptions): { steps?: AutomationStep[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const steps: Array<AutomationStep | undefined> = raw.map((s, i) => parseStep(s, `steps[${i}]`, opts, problems));
  const keys = steps.map((s) => s?.key);
  keys.forEach((k, i) => {
    if (k !== undefined && keys.indexOf(k) !== i) problems.push({ path: `steps[${i}].key`, reason: `step keys must differ ('${k}' is used twice)` });
  });
  // jumps only go forward, so every run ends and visits a step at most once
  steps.forEach((s, i) => {
    if (s?.type !== 'branch') return;
    for (const side of ['then', 'else'] as const) {
      const target = s[side];
      if (target === 'next' || target === 'exit') continue;
      const at = keys.indexOf(target);
      if (at < 0) problems.push({ path: `steps[${i}].${side}`, reason: `no step has the key '${target}'` });
      else if (at <= i) problems.push({ path: `steps[${i}].${side}`, reason: `must name a later step (jumps go forward), or next / exit` });
    }
    if (s.then === 'next' && s.else === 'next') problems.push({ path: `steps[${i}]`, reason: 'a branch needs then or else to go somewhere other than next' });
  });
  if (problems.length) return { problems };
  return { steps: steps as AutomationStep[], problems };
}

/** Revisions against the stored steps: a step keeps its rev unless its content changed. */
export function assignRevs(steps: AutomationStep[], previous: readonly AutomationStep[]): AutomationStep[] {
  const before = new Map(previous.map((s) => [s.key, s]));
  return steps.map((s) => {
    const b = before.get(s.key);
    if (!b) return { ...s, rev: 1 };
    return { ...s, rev: sameContent(b, s) ? b.rev : b.rev + 1 };
  });
}

function sameContent(a: AutomationStep, b: AutomationStep): boolean {
  const strip = ({ rev: _r, ...rest }: AutomationStep) => JSON.stringify(rest);
  return strip(a) === strip(b);
}

function parseStep(raw: unknown, path: string, opts: StepParseOptions, problems: Problem[]): AutomationStep | undefined {
  if (!isObj(raw)) {
    problems.push({ path, reason: 'must be an object with a key and a type' });
    return undefined;
  }
  const type = raw.type as StepType;
  if (!STEP_TYPES.includes(type)) {
    problems.push({ path: `${path}.type`, reason: `must be one of ${STEP_TYPES.join(', ')}` });
    return undefined;
  }
  const checked = validateAs(STEP_DTOS[type], raw, path);
  problems.push(...checked.problems);
  if (!checked.value) return undefined;
  const key = (checked.value as { key: string }).key;
  switch (type) {
    case 'send': {
      const v = checked.value as SendStepDto;
      const variants: CampaignVariant[] = (v.variants ?? [{ key: 'A', template: v.template! }]).map((x) => ({ key: x.key, weight: x.weight ?? 1, template: x.template }));
      if (new Set(variants.map((x) => x.key)).size !== variants.length) problems.push({ path: `${path}.variants`, reason: 'variant keys must differ' });
      variants.forEach((x, j) => {
        const at = v.variants ? `${path}.variants[${j}]` : path;
        for (const p of opts.checkTemplate(v.channel, x.template)) problems.push({ path: `${at}.${p.path}`, reason: p.reason });
      });
      return { key, rev: 1, type, channel: v.channel, variants, quietHours: v.quietHours ?? 'defer' };
    }
    case 'wait': {
      const v = checked.value as WaitStepDto;
      const seconds = (v.days ?? 0) * 86_400 + (v.hours ?? 0) * 3600 + (v.minutes ?? 0) * 60 + (v.seconds ?? 0);
      if (seconds <= 0 && !v.atLocalTime) problems.push({ path, reason: 'a wait needs a duration (days, hours, minutes, seconds) or atLocalTime' });
      if (seconds > 366 * 86_400) problems.push({ path, reason: 'a wait may last at most a year' });
      return { key, rev: 1, type, seconds, atLocalTime: v.atLocalTime ?? null };
    }
    case 'branch': {
      const v = checked.value as BranchStepDto;
      const cond = parseBranchCondition(v.condition, `${path}.condition`);
      problems.push(...cond.problems);
      return { key, rev: 1, type, condition: v.condition, then: (v.then ?? 'next') as JumpTarget, else: (v.else ?? 'next') as JumpTarget };
    }
    case 'task': {
      const v = checked.value as TaskStepDto;
      assignmentProblems(v, path, problems);
      return {
        key,
        rev: 1,
        type,
        reason: v.reason.trim(),
        instructions: v.instructions?.trim() || null,
        dueInDays: v.dueInDays ?? DEFAULT_TASK_DUE_DAYS,
        priority: v.priority ?? 'normal',
        ...assignment(v),
      };
    }
    case 'door_alert': {
      const v = checked.value as DoorAlertStepDto;
      assignmentProblems(v, path, problems);
      return { key, rev: 1, type, message: v.message?.trim() || DEFAULT_DOOR_MESSAGE, withinDays: v.withinDays ?? DEFAULT_DOOR_DAYS, ...assignment(v) };
    }
    case 'exit':
      return { key, rev: 1, type };
  }
}

function assignment(v: TaskStepDto | DoorAlertStepDto) {
  return { assignTo: v.assignTo ?? 'owner', ...(v.staffId ? { staffId: v.staffId } : {}), ...(v.teamId ? { teamId: v.teamId } : {}) } as const;
}

function assignmentProblems(v: TaskStepDto | DoorAlertStepDto, path: string, problems: Problem[]): void {
  if (v.assignTo === 'staff' && !v.staffId) problems.push({ path: `${path}.staffId`, reason: 'is required when assignTo is staff' });
  if (v.assignTo === 'team' && !v.teamId) problems.push({ path: `${path}.teamId`, reason: 'is required when assignTo is team' });
}
