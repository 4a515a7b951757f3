// The public surface of actions (docs/architecture.md): other folders import only what is here.
export { ActionsModule, ActionsWorkerModule } from './actions.module';
export { ActionsService } from './actions.service';
export { PreSendService } from './presend/pre-send.service';
export { installTrackingRoutes } from './engagement/tracking-routes';
// loading it adds actions' conditions to the segment catalogue (docs/segments.md "Conditions from other modules")
export { ACTIONS_SEGMENT_CONDITIONS } from './segment-conditions';
export type { ChannelSetUp, MessagePreview, PreSendStep, PreSendStepResult } from './presend/pre-send.service';
export type { SmsParts } from '../common/sms-parts';
export { CHANNELS } from './actions.types';
export type { BlockReason, Channel, DeferReason, TouchStatus } from './actions.types';
export { BlockedCountsDto, TouchStatusCountsDto } from './dto/actions-response.dto';
