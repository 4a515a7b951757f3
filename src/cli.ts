import 'reflect-metadata';
import * as auth from './auth';
import * as automations from './automations';
import { createCliContext } from './bootstrap';
import * as business from './business';
import { parseArgs, UsageError } from './cli/args';
import { gatherCommands } from './cli/command';
import { migrateCommand } from './cli/commands/migrate.command';
import * as demoData from './demo-data';
import * as integrations from './integrations';
import * as risk from './risk';
import * as tasks from './tasks';
import { ConfigError, validateEnv } from './config/validate-env';
import { checkPostgres } from './database/connection-check';

// Each module owns its commands (CLI_COMMANDS in its index.ts); this is only the list of modules
// that have some, in the order `npm run cli` prints them.
const COMMANDS = gatherCommands([{ CLI_COMMANDS: [migrateCommand] }, business, integrations, demoData, risk, tasks, automations, auth]);

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`Usage: npm run cli -- <command>\n\n${COMMANDS.map((c) => `  ${c.usage}`).join('\n')}`);
    return name ? 2 : 0;
  }
  try {
    const config = validateEnv();
    if (command.needsDatabase) {
      const problem = await checkPostgres(config.DATABASE_URL);
      if (problem) throw new ConfigError(problem);
    }
    await command.run(parseArgs(rest), config, { appContext: () => createCliContext(config) });
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${command.name}: ${e.message}\nUsage: npm run cli -- ${command.usage}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
