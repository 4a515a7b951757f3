// The public surface of reconnect (docs/architecture.md): other folders import only what is here.
export { ReconnectModule, ReconnectWorkerModule } from './reconnect.module';
export { RECONNECT_RANKING_SQL } from './reconnect-ranking.sql';
export type { ReconnectRankingArm, ReconnectRankingItems } from './reconnect-ranking.sql';
