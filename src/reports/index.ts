// The public surface of reports (docs/architecture.md): other folders import only what is here.

export { ReportsModule } from './reports.module';
