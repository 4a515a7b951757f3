import { AuditLog, AuditRepository } from '../audit';
import { intFlag, ParsedArgs, stringFlag, UsageError } from '../cli/args';
import { CliCommand } from '../cli/command';
import { AppConfig } from '../config/app-config';
import { createDataSource } from '../database/data-source';
import { isRowId, UUID } from '../common/row-id';
import { ApiKeysRepository } from './api-keys.repository';
import { ROLES, Role } from './roles.decorator';

// api-keys:list|create|rotate|revoke: the API keys route's four verbs for a business's admin at a
// shell (docs/auth.md "API keys"). Each change is in the audit log with the actor `cli`.
const CLI_ACTOR = { kind: 'cli' as const, keyId: null, userId: null, role: 'admin' };

async function withKeys(args: ParsedArgs, config: AppConfig, work: (keys: ApiKeysRepository, audit: AuditLog, businessId: string) => Promise<unknown>): Promise<void> {
  const businessId = stringFlag(args, 'business')!;
  if (!UUID.test(businessId)) throw new UsageError(`--business must be a business id (uuid), got "${businessId}"`);
  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  try {
    const [business] = await ds.query(`SELECT 1 FROM business WHERE id = $1`, [businessId]);
    if (!business) throw new UsageError(`no business with id ${businessId}`);
    console.log(JSON.stringify(await work(new ApiKeysRepository(ds), new AuditLog(new AuditRepository(ds)), businessId)));
  } finally {
    await ds.destroy();
  }
}

function keyId(args: ParsedArgs): string {
  const id = stringFlag(args, 'key')!;
  if (!UUID.test(id)) throw new UsageError(`--key must be an API key id (uuid, from api-keys:list), got "${id}"`);
  return id;
}

export const apiKeysListCommand: CliCommand = {
  name: 'api-keys:list',
  usage: 'api-keys:list --business <id>',
  needsDatabase: true,
  run: (args, config) => withKeys(args, config, async (keys, _, businessId) => ({ items: await keys.list(businessId) })),
};

const apiKeysCreateCommand: CliCommand = {
  name: 'api-keys:create',
  usage: 'api-keys:create --business <id> --name "<label>" --role admin|manager|marketer|staff [--staff <staffId>]',
  needsDatabase: true,
  run: (args, config) => {
    const name = stringFlag(args, 'name')!.trim();
    const role = stringFlag(args, 'role')! as Role;
    const staffId = stringFlag(args, 'staff', false) ?? null;
    if (!name || name.length > 100) throw new UsageError('--name must be 1 to 100 characters');
    if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got "${role}"`);
    if (staffId !== null && !isRowId(staffId)) throw new UsageError(`--staff must be a staff id, got "${staffId}"`);
    if (role === 'staff' && staffId === null) throw new UsageError('--staff <staffId> is required for the staff role (the staff member whose tasks are "my tasks")');
    return withKeys(args, config, async (keys, audit, businessId) => {
      const created = await keys.create(businessId, { name, role, staffId });
      if (!created) throw new UsageError('--staff is not an active staff member of that business');
      await audit.record({ businessId, actor: CLI_ACTOR, action: 'api_key.created', details: { keyId: created.id, name, role, prefix: created.prefix } });
      return { keyId: created.id, name, role, staffId: created.staffId, prefix: created.prefix, apiKey: created.apiKey };
    });
  },
};

const apiKeysRotateCommand: CliCommand = {
  name: 'api-keys:rotate',
  usage: 'api-keys:rotate --business <id> --key <keyId> [--grace-minutes 0..1440]',
  needsDatabase: true,
  run: (args, config) => {
    const id = keyId(args);
    const grace = intFlag(args, 'grace-minutes', 0);
    if (grace > 1440) throw new UsageError(`--grace-minutes must be at most 1440 (24 hours), got ${grace}`);
    return withKeys(args, config, async (keys, audit, businessId) => {
      const rotated = await keys.rotate(businessId, id, grace);
      if (!rotated) throw new UsageError('no live API key with that id in that business (a revoked key cannot be rotated)');
      await audit.record({ businessId, actor: CLI_ACTOR, action: 'api_key.rotated', details: { keyId: id, name: rotated.name, prefix: rotated.prefix, graceMinutes: grace } });
      return { keyId: id, name: rotated.name, role: rotated.role, prefix: rotated.prefix, previousExpiresAt: rotated.previousExpiresAt, apiKey: rotated.apiKey };
    });
  },
};

export const apiKeysRevokeCommand: CliCommand = {
  name: 'api-keys:revoke',
  usage: 'api-keys:revoke --business <id> --key <keyId>',
  needsDatabase: true,
  run: (args, config) => {
    const id = keyId(args);
    return withKeys(args, config, async (keys, audit, businessId) => {
      const revoked = await keys.revoke(businessId, id);
      if (!revoked) throw new UsageError('no API key with that id in that business');
      await audit.record({ businessId, actor: CLI_ACTOR, action: 'api_key.revoked', details: { keyId: id, name: revoked.name, prefix: revoked.prefix } });
      return revoked;
    });
  },
};

export const API_KEY_COMMANDS: readonly CliCommand[] = [apiKeysListCommand, apiKeysCreateCommand, apiKeysRotateCommand, apiKeysRevokeCommand];
