import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ParsedArgs } from './args';

/** What the CLI runner hands a command besides its arguments and the validated config. */
interface CliRuntime {
  /** A Nest context with the services of the 'cli' role (no HTTP, no consumers); the command closes it. */
  appContext(): Promise<INestApplicationContext>;
}

/**
 * One `npm run cli -- <name>` command. A module owns its commands and lists them as
 * `CLI_COMMANDS` in its index.ts; src/cli.ts gathers them from the modules it lists.
 */
export interface CliCommand {
  name: string;
  usage: string;
  /** Commands that talk to the database get a migrated, reachable one. */
  needsDatabase: boolean;
  /** `runtime` is always given by src/cli.ts; tests that call a command directly may leave it out. */
  run(args: ParsedArgs, config: AppConfig, runtime?: CliRuntime): Promise<void>;
}

/** The commands of several modules, refusing two with one name. */
export function gatherCommands(modules: Array<{ CLI_COMMANDS?: readonly CliCommand[] }>): CliCommand[] {
  const out: CliCommand[] = [];
  for (const m of modules) {
    for (const c of m.CLI_COMMANDS ?? []) {
      if (out.some((o) => o.name === c.name)) throw new Error(`two CLI commands are named ${c.name}`);
      out.push(c);
    }
  }
  return out;
}
