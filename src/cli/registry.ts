import { CliCommand } from './command';
import { bgnbdFitCommand } from './commands/bgnbd-fit.command';
import { businessCreateCommand } from './commands/business-create.command';
import { demoGenerateCommand } from './commands/demo-generate.command';
import { importCommand } from './commands/import.command';
import { migrateCommand } from './commands/migrate.command';
import { staffApiKeyCommand } from '../tasks';
import { automationsPlaybookCommand } from '../automations';
import { userCreateCommand } from './commands/user-create.command';

// One line per command; each lives in cli/commands/<name>.command.ts.
export const COMMANDS: readonly CliCommand[] = [migrateCommand, businessCreateCommand, importCommand, demoGenerateCommand, bgnbdFitCommand, staffApiKeyCommand, automationsPlaybookCommand, userCreateCommand];
