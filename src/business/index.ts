// The public surface of business (docs/architecture.md): other folders import only what is here.
export { generateApiKey, hashApiKey } from './api-key';
export { BusinessModule } from './business.module';
export { BusinessRepository } from './business.repository';
export { isValidTimezone } from './timezone';

import { CliCommand } from '../cli/command';
import { businessCreateCommand } from './business-create.command';
/** `npm run cli` commands of this module (src/cli.ts). */
export const CLI_COMMANDS: readonly CliCommand[] = [businessCreateCommand];
