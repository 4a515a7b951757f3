// The public surface of automations (docs/architecture.md): other folders import only what is here.
export { AutomationsModule, AutomationsWorkerModule } from './automations.module';

import { CliCommand } from '../cli/command';
import { automationsPlaybookCommand as playbook } from './playbook/playbook.command';
/** `npm run cli` commands of this module (src/cli.ts). */
export const CLI_COMMANDS: readonly CliCommand[] = [playbook];
