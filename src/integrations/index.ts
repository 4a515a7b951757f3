// The public surface of integrations (docs/architecture.md): other folders import only what is here.
export { importCsvFile } from './import/csv/csv-import';
export { CsvImportError } from './import/csv/csv-import.errors';
export { ProgressBar } from './import/csv/progress-bar';
export { RejectionReport } from './import/csv/rejection-report';
export { SOURCE_RE } from './import/import.controller';
export { IntegrationsModule, IntegrationsWorkerModule } from './integrations.module';
export { SyncWorkerModule } from './sync/sync.module';
