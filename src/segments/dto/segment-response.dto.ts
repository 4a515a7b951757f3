import { ConditionGroup } from '../conditions/condition-definition';

/** How the catalogue describes one parameter, so a page can build its editor. */
export class CatalogueParamDto {
  name: string;
  label: string;
  type: 'operator' | 'number' | 'integer' | 'boolean' | 'date' | 'window' | 'enum' | 'enum[]' | 'string' | 'string[]' | 'id' | 'id[]';
  required: boolean;
  /** Allowed values for enum / enum[]. */
  values?: string[];
  /** Allowed operators for type 'operator'. */
  operators?: string[];
  min?: number;
  max?: number;
  /** What the value means, e.g. 'minor units (cents)' or 'days'. */
  unit?: string;
  /** Set when the parameter is only read together with another (e.g. 'to' with 'between'). */
  when?: string;
}

/** One condition a segment can use. */
export class CatalogueConditionDto {
  /** The `condition` value in a tree. */
  type: string;
  label: string;
  group: ConditionGroup;
  /** "matches a client who ..." */
  description: string;
  params: CatalogueParamDto[];
  /** Explain reports the member's own value for this condition (`actual` on the node). */
  showsActual: boolean;
}

export class ConditionCatalogueDto {
  conditions: CatalogueConditionDto[];
}

/** A matching client. */
export class SegmentSampleClientDto {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  /** The client's risk status; null when none. */
  status: string | null;
}

/** The live count and a sample of an unsaved tree. */
export class SegmentPreviewDto {
  count: number;
  /** The first matching clients by id. */
  sample: SegmentSampleClientDto[];
  durationMs: number;
}

/** Why a client is in or out: the tree as submitted, each node with its `result`. */
export class SegmentExplainDto {
  clientId: string;
  matches: boolean;
  /**
   * Every node as submitted plus `result` ({and: [...], result}, {condition, ...params, result}).
   * A condition node whose catalogue entry has showsActual also carries `actual`: the member's own
   * value, `{value, ...}` in the unit of the condition's value parameter (visits add `lastVisitOn`,
   * age `birthDate`, health `band`), or null when the member has none.
   */
  conditions: Record<string, unknown>;
}

/** A saved segment. */
export class SegmentDto {
  id: string;
  name: string;
  description: string | null;
  /** The condition tree: {and: [...]}, {or: [...]}, {not: {...}} or {condition: '<type>', ...params}. */
  conditions: Record<string, unknown>;
  /** Raised on every change of the conditions. */
  version: number;
  memberCount: number;
  evaluatedAt: Date | null;
  evaluationMs: number | null;
  /** The last evaluation took long (docs/segments.md). */
  slow: boolean;
  /** Why the last evaluation failed, if it did. */
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export class SegmentListDto {
  items: SegmentDto[];
}

/** One evaluation of a saved segment. */
export class SegmentEvaluationDto {
  id: string;
  trigger: 'created' | 'updated' | 'schedule' | 'data' | 'manual';
  startedAt: Date;
  durationMs: number;
  memberCount: number;
  entered: number;
  exited: number;
  /** The first evaluation of a segment (or of new conditions): no entered/exited events. */
  baseline: boolean;
  slow: boolean;
  /** When its transitions reached the automation-events queue; null until then. */
  publishedAt: Date | null;
}

/** A saved segment with its last 10 evaluations. */
export class SegmentDetailDto extends SegmentDto {
  evaluations: SegmentEvaluationDto[];
}

/** A member of a saved segment. */
export class SegmentMemberDto {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  status: string | null;
  enteredAt: Date;
}

/** A page of members, by client id. */
export class SegmentMembersDto {
  items: SegmentMemberDto[];
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

/** A recompute, done: the membership diff applied and its transitions published. */
export class SegmentRecomputeResultDto {
  evaluationId: string;
  segmentId: string;
  memberCount: number;
  entered: number;
  exited: number;
  baseline: boolean;
  durationMs: number;
  slow: boolean;
}

/** What the billing conditions read. */
export class BillingSettingsValuesDto {
  /** Direct-debit subscriptions count as blocked this many days after an overdue invoice's due date. */
  directDebitBlockAfterDays: number;
}
