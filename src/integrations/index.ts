// The public surface of integrations (docs/architecture.md): other folders import only what is here.
export { importCsvFile } from './import/csv/csv-import';
export { CsvImportError } from './import/csv/csv-import.errors';
export { ProgressBar } from './import/csv/progress-bar';
export { RejectionReport } from './import/csv/rejection-report';
export { SOURCE_RE } from './import/import.controller';
export { IntegrationsModule, IntegrationsWorkerModule } from './integrations.module';
export { SyncWorkerModule } from './sync/sync.module';

import { CliCommand } from '../cli/command';
import { importCommand } from './import/csv/import.command';
/** `npm run cli` commands of this module (src/cli.ts). */
export const CLI_COMMANDS: readonly CliCommand[] = [importCommand];
