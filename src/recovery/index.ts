// The public surface of recovery (docs/architecture.md): other folders import only what is here.
export { RecoveryModule, RecoveryWorkerModule } from './recovery.module';
