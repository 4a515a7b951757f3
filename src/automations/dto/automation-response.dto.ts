import { CampaignGoalDto } from '../../campaigns';
import { CatalogueParamDto } from '../../segments';
import { StepType, TriggerKind } from '../automation.types';
import { ReentryDto } from './automation.dto';

/** An automation as it can be submitted again, with its state. */
export class AutomationDto {
  id: string;
  name: string;
  /** {kind, ...}: segment_entered / segment_exited {segmentId}, status_changed / health_band_changed {from?, to?}, usage_dropped {minDropPercent?}, schedule {cron, segmentId} (docs/automations.md). */
  trigger: Record<string, unknown>;
  /** Each {key, type, ...the fields of its type}: send, wait, branch, task, door_alert, exit (docs/automations.md "Steps"). */
  steps: Record<string, unknown>[];
  reentry: ReentryDto;
  goal: CampaignGoalDto;
  /** Share of enrolled clients held out as the control group. */
  holdoutPercent: number;
  enabled: boolean;
  state: 'enabled' | 'paused' | 'archived';
  /** The default playbook's key for an automation it installed. */
  playbookKey: string | null;
  /** Schedule triggers: the next run. */
  nextRunAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}

/** Runs of an automation, counted for the list. */
export class AutomationRunTotalsDto {
  /** Every run ever enrolled (both arms). */
  enrolled: number;
  /** Runs active or waiting now. */
  inFlight: number;
}

export class AutomationListItemDto extends AutomationDto {
  runs: AutomationRunTotalsDto;
}

export class AutomationListDto {
  items: AutomationListItemDto[];
}

/** POST /automations/playbook: the ready-made automations added (disabled); empty when all were in use. */
export class PlaybookInstallDto {
  installed: AutomationDto[];
}

/** What runs did at a step (outcomes that occurred). */
export class StepOutcomeCountsDto {
  sent?: number;
  task?: number;
  armed?: number;
  holdout?: number;
  sleeping?: number;
  waited?: number;
  branch_true?: number;
  branch_false?: number;
  exit?: number;
  failed?: number;
}

/** Runs at one step now, and what runs did there. */
export class AutomationStepProgressDto {
  index: number;
  key: string;
  type: StepType;
  /** Runs in flight at this step. */
  current: number;
  waiting: number;
  holdout: number;
  outcomes: StepOutcomeCountsDto;
}

/** Runs per state, and per step. */
export class AutomationProgressDto {
  enrolled: number;
  inFlight: number;
  active: number;
  waiting: number;
  done: number;
  exited: number;
  failed: number;
  holdout: number;
  holdoutInFlight: number;
  steps: AutomationStepProgressDto[];
}

/** The automation with its runs. */
export class AutomationDetailDto extends AutomationDto {
  progress: AutomationProgressDto;
}

/** A condition a branch step's tree accepts (the shape of a segment catalogue entry). */
export class BranchConditionDto {
  /** The `condition` value in a tree. */
  type: string;
  label: string;
  group: string;
  /** "matches a client who ..." */
  description: string;
  params: CatalogueParamDto[];
  showsActual: boolean;
}

/** One trigger kind the API accepts, with its parameters described as the segment catalogue describes its own. */
export class TriggerCatalogueEntryDto {
  /** The trigger's `kind`. */
  kind: TriggerKind;
  label: string;
  /** "starts a run when ..." */
  description: string;
  /** The trigger's other fields (segmentId: a saved segment's id), described as the segment catalogue describes its own. */
  params: CatalogueParamDto[];
}

/** What the automation editor builds its forms from. */
export class AutomationCatalogueDto {
  triggers: TriggerCatalogueEntryDto[];
  /** Every condition a branch step's tree accepts: the automation's own (visited_since_trigger) and the segment catalogue. */
  branchConditions: BranchConditionDto[];
}
