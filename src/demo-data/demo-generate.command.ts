import { BusinessRepository } from '../business';
import { intFlag, stringFlag, UsageError } from '../cli/args';
import { CliCommand } from '../cli/command';
import { createDataSource } from '../database/data-source';
import { generateDemoData } from './demo-data.generator';

export const demoGenerateCommand: CliCommand = {
  name: 'demo:generate',
  usage: 'demo:generate --clients N --months M --seed S [--business <id>] [--today YYYY-MM-DD]',
  needsDatabase: true,
  async run(args, config) {
    const clients = intFlag(args, 'clients', 2000);
    const months = intFlag(args, 'months', 12);
    const seed = intFlag(args, 'seed', 1);
    const today = stringFlag(args, 'today', false);
    let businessId = stringFlag(args, 'business', false);
    if (clients < 1) throw new UsageError('--clients must be at least 1');
    if (months < 1 || months > 120) throw new UsageError('--months must be 1..120');
    if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError(`--today must be YYYY-MM-DD, got "${today}"`);
    if (businessId !== undefined && !/^[0-9a-f-]{36}$/i.test(businessId)) throw new UsageError(`--business must be a business id (uuid)`);

    const ds = createDataSource(config.DATABASE_URL);
    await ds.initialize();
    try {
      let apiKey: string | undefined;
      if (!businessId) {
        const created = await new BusinessRepository(ds).create({ name: 'Demo Gym', timezone: 'Europe/Stockholm', currency: 'SEK' });
        businessId = created.businessId;
        apiKey = created.apiKey;
      } else if (!(await new BusinessRepository(ds).findById(businessId))) {
        throw new UsageError(`business ${businessId} not found`);
      }
      const result = await generateDemoData(ds, { businessId, clients, months, seed, today });
      // the API key is shown once, here; only its hash is stored
      console.log(JSON.stringify(apiKey ? { ...result, apiKey } : result, null, 2));
    } finally {
      await ds.destroy();
    }
  },
};
