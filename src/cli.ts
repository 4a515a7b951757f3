import 'reflect-metadata';
import { parseArgs, UsageError } from './cli/args';
import { COMMANDS } from './cli/registry';
import { ConfigError, validateEnv } from './config/validate-env';
import { checkPostgres } from './database/connection-check';

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
    await command.run(parseArgs(rest), config);
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
