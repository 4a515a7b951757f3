// The public surface of risk (docs/architecture.md): other folders import only what is here.
export { replayStatusHistory } from './assessment/status-history-replay';
export { EstimationService } from './estimation-runs/estimation.service';
export { BgnbdCsvError, BgnbdFitError, fitBgnbd, readBgnbdCsv } from './estimation/bgnbd';
export { HealthService } from './health/health.service';
export { RiskAssessmentService } from './risk-assessment.service';
export type { HealthBand } from './rules/health-score';
export { RISK_STATUSES, RISK_TAGS } from './rules/risk.types';
export type { RiskStatus, RiskTag } from './rules/risk.types';
export { RiskModule, RiskWorkerModule } from './risk.module';

import { CliCommand } from '../cli/command';
import { bgnbdFitCommand } from './estimation/bgnbd-fit.command';
/** `npm run cli` commands of this module (src/cli.ts). */
export const CLI_COMMANDS: readonly CliCommand[] = [bgnbdFitCommand];
