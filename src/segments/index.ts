// The public surface of segments (docs/architecture.md): other folders import only what is here.
export { newCompileContext } from './compiler/compile-context';
export type { CompileContext, CompileScope } from './compiler/compile-context';
export { compileNode } from './compiler/compile-tree';
export { validateTree } from './compiler/validate-tree';
export type { ValidNode } from './compiler/validate-tree';
export { defineCondition } from './conditions/condition-definition';
export type { ConditionDefinition } from './conditions/condition-definition';
export { NoParams } from './conditions/params/none.params';
export { HEALTH_BANDS } from './conditions/risk/health.condition';
export { monthlyCostSql } from './conditions/subscriptions/subscription-monthly-cost.condition';
export { SegmentsModule, SegmentsWorkerModule } from './segments.module';
export { SegmentsService } from './segments.service';
