// The public surface of reconnect (docs/architecture.md): other folders import only what is here.
export { ReconnectModule, ReconnectWorkerModule } from './reconnect.module';
