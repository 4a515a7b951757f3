// The public surface of segments (docs/architecture.md): other folders import only what is here.
export { newCompileContext } from './compiler/compile-context';
export type { CompileContext, CompileScope } from './compiler/compile-context';
export { compileNode } from './compiler/compile-tree';
export { validateTree } from './compiler/validate-tree';
export type { ValidNode } from './compiler/validate-tree';
export { actualSql, defineCondition } from './conditions/condition-definition';
export type { ConditionDefinition, ParamSpec } from './conditions/condition-definition';
// the seam for conditions over tables other modules own (docs/segments.md "Conditions from other modules")
export { registerSegmentConditions } from './conditions/catalogue';
export { registerHumanContactSource } from './conditions/messaging/last-human-contact.condition';
export type { HumanContactSource } from './conditions/messaging/last-human-contact.condition';
export { clientHasRowsSql } from './conditions/params/client-rows.params';
export type { ClientRows } from './conditions/params/client-rows.params';
export { IsWindow, timestampInWindowSql, windowParamSpec } from './conditions/params/window.params';
export type { WindowValue } from './conditions/params/window.params';
export { NoParams } from './conditions/params/none.params';
// how a parameter is described to a page, shared by the automation catalogue's triggers and branches
export { CatalogueParamDto } from './dto/segment-response.dto';
export { HEALTH_BANDS } from './conditions/risk/health.condition';
export { monthlyCostSql } from './conditions/subscriptions/subscription-monthly-cost.condition';
export { SegmentsModule, SegmentsWorkerModule } from './segments.module';
export { SegmentsService } from './segments.service';
