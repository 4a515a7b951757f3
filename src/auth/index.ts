// The public surface of auth (docs/architecture.md): other folders import only what is here.
export { CurrentPrincipal, actorOf, describeCaller } from './principal';
export type { Principal } from './principal';
export { IS_PUBLIC, Public } from './public.decorator';
export { AnyRole, ROLES, Roles } from './roles.decorator';
export type { Role } from './roles.decorator';
export { UsersRepository } from './users.repository';
export { UsersService } from './users.service';
export { AuthModule } from './auth.module';

import { CliCommand } from '../cli/command';
import { API_KEY_COMMANDS } from './api-keys.command';
import { userCreateCommand } from './user-create.command';
/** `npm run cli` commands of this module (src/cli.ts). */
export const CLI_COMMANDS: readonly CliCommand[] = [userCreateCommand, ...API_KEY_COMMANDS];
