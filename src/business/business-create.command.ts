import { stringFlag, UsageError } from '../cli/args';
import { CliCommand } from '../cli/command';
import { createDataSource } from '../database/data-source';
import { BusinessRepository } from './business.repository';
import { isValidTimezone } from './timezone';

export const businessCreateCommand: CliCommand = {
  name: 'business:create',
  usage: 'business:create --name "<name>" --timezone <IANA> [--currency USD]',
  needsDatabase: true,
  async run(args, config) {
    const name = stringFlag(args, 'name')!;
    const timezone = stringFlag(args, 'timezone')!;
    const currency = stringFlag(args, 'currency', false) ?? 'USD';
    const given: string = timezone; // the guard below narrows timezone itself to never
    if (!isValidTimezone(timezone)) throw new UsageError(`--timezone must be an IANA time zone such as Europe/Stockholm, got "${given}"`);
    if (!/^[A-Z]{3}$/.test(currency)) throw new UsageError(`--currency must be a 3-letter ISO code, got "${currency}"`);
    const ds = createDataSource(config.DATABASE_URL);
    await ds.initialize();
    try {
      const created = await new BusinessRepository(ds).create({ name, timezone, currency });
      console.log(JSON.stringify(created));
    } finally {
      await ds.destroy();
    }
  },
};
