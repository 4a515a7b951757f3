import { AppConfig } from '../config/app-config';
import { ParsedArgs } from './args';

export interface CliCommand {
  name: string;
  usage: string;
  /** Commands that talk to the database get a migrated, reachable one. */
  needsDatabase: boolean;
  run(args: ParsedArgs, config: AppConfig): Promise<void>;
}
