// The public surface of automations (docs/architecture.md): other folders import only what is here.
export { automationsPlaybookCommand } from './playbook/playbook.command';
export { AutomationsModule, AutomationsWorkerModule } from './automations.module';
