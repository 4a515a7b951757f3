import { AuditLog, AuditRepository } from '../audit';
import { stringFlag, UsageError } from '../cli/args';
import { CliCommand } from '../cli/command';
import { createDataSource } from '../database/data-source';
import { StaffDirectoryRepository } from './staff-directory.repository';
import { isRowId } from '../common/row-id';

const ROLES = ['staff', 'manager', 'marketer', 'admin'] as const;

/** A new API key bound to a staff member, so `GET /api/v1/tasks?assignee=me` is that person's inbox. */
export const staffApiKeyCommand: CliCommand = {
  name: 'staff:api-key',
  usage: 'staff:api-key --business <id> (--staff <staffId> | --staff-external-id <id> [--source import]) [--role staff|manager|marketer|admin] [--name <label>]',
  needsDatabase: true,
  async run(args, config) {
    const businessId = stringFlag(args, 'business')!;
    const staffId = stringFlag(args, 'staff', false);
    const externalId = stringFlag(args, 'staff-external-id', false);
    const source = stringFlag(args, 'source', false) ?? 'import';
    const role = (stringFlag(args, 'role', false) ?? 'staff') as (typeof ROLES)[number];
    const name = stringFlag(args, 'name', false);
    if (!/^[0-9a-f-]{36}$/i.test(businessId)) throw new UsageError(`--business must be a business id (uuid), got "${businessId}"`);
    if (!staffId === !externalId) throw new UsageError('give exactly one of --staff <staffId> or --staff-external-id <id>');
    if (staffId && !isRowId(staffId)) throw new UsageError(`--staff must be a staff id, got "${staffId}"`);
    if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got "${role}"`);
    const ds = createDataSource(config.DATABASE_URL);
    await ds.initialize();
    try {
      let id = staffId;
      if (!id) {
        const [row] = await ds.query(`SELECT id::text FROM staff WHERE business_id = $1 AND source = $2 AND external_id = $3`, [businessId, source, externalId]);
        id = row?.id;
      }
      const key = id ? await new StaffDirectoryRepository(ds).createStaffKey(businessId, id, { role, name }) : undefined;
      if (!key) throw new UsageError('no active staff member with that id in that business');
      await new AuditLog(new AuditRepository(ds)).record({
        businessId,
        actor: { kind: 'cli', keyId: null, userId: null, role: 'admin' },
        action: 'api_key.created',
        details: { keyId: key.keyId, role: key.role, staffId: key.staffId },
      });
      console.log(JSON.stringify(key));
    } finally {
      await ds.destroy();
    }
  },
};
