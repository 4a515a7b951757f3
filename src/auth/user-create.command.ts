import { HttpException } from '@nestjs/common';
import { BusinessRepository } from '../business';
import { stringFlag, UsageError } from '../cli/args';
import { CliCommand } from '../cli/command';
import { DomainError } from '../common/domain-error';
import { createDataSource } from '../database/data-source';
import { ROLES, Role } from './roles.decorator';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** A user of a business and a one-time link (72 h) to choose a password and sign in. */
export const userCreateCommand: CliCommand = {
  name: 'user:create',
  usage: 'user:create --business <id> --email <email> --role admin|manager|marketer|staff [--staff <staffExternalId> [--source <source>]] [--name "<name>"]',
  needsDatabase: true,
  async run(args, config) {
    const businessId = stringFlag(args, 'business')!;
    const email = stringFlag(args, 'email')!.trim();
    const role = stringFlag(args, 'role')! as Role;
    const staffExternalId = stringFlag(args, 'staff', false);
    const source = stringFlag(args, 'source', false);
    const name = stringFlag(args, 'name', false);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(businessId)) throw new UsageError(`--business must be a business id (uuid), got "${businessId}"`);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) throw new UsageError(`--email must be an email address, got "${email}"`);
    if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got "${role}"`);
    if (role === 'staff' && !staffExternalId) throw new UsageError('--staff <staffExternalId> is required for the staff role (the staff member whose tasks are "my tasks")');
    const ds = createDataSource(config.DATABASE_URL);
    await ds.initialize();
    try {
      if (!(await new BusinessRepository(ds).findById(businessId))) throw new UsageError(`no business with id ${businessId}`);
      let staffId: string | null = null;
      if (staffExternalId) {
        const found = await new UsersRepository(ds).staffByExternalId(businessId, staffExternalId, source);
        if (found.length === 0) throw new UsageError(`no active staff member with external id "${staffExternalId}" in that business`);
        if (found.length > 1) throw new UsageError(`several staff members have external id "${staffExternalId}"; add --source <source>`);
        staffId = found[0];
      }
      const { user, link } = await UsersService.using(ds, config)
        .createInvited({ businessId, email, name: name ?? null, role, staffId })
        .catch((e) => {
          // the service's refusals (email taken, staff not found) are the user's input: a usage error
          if (e instanceof DomainError) throw new UsageError(e.message);
          if (e instanceof HttpException) throw new UsageError(String((e.getResponse() as { message?: string }).message ?? e.message));
          throw e;
        });
      console.log(JSON.stringify({ userId: user.id, email: user.email, role: user.role, staffId: user.staffId, link: link.url, expiresAt: link.expiresAt }));
    } finally {
      await ds.destroy();
    }
  },
};
