// The public surface of the observability plumbing (docs/operations.md). It imports no domain
// module; domains import from here only.
export { ObservabilityModule } from './observability.module';
export type { QueueBoardGateFactory } from './observability.module';
export { countSend, countWebhook, metricsRegistry } from './metrics';
export { QUEUE_BOARD_GATE, QUEUE_BOARD_ROUTE } from './queue-board';
export type { QueueBoardGate } from './queue-board';
export { HttpDrain, WorkerDrain } from './shutdown';
export { loggerParams, pinoOptions, REDACT_PATHS } from './logging';
export { Logger as JsonLogger } from 'nestjs-pino';
