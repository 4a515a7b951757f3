// The public surface of follow-up (docs/architecture.md): other folders import only what is here.
export { FollowUpModule, FollowUpWorkerModule } from './follow-up.module';
