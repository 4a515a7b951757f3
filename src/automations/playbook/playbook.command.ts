import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { stringFlag, UsageError } from '../../cli/args';
import { CliCommand } from '../../cli/command';
import { AuditModule } from '../../audit';
import { BusinessModule } from '../../business';
import { ConfigModule } from '../../config/config.module';
import { DatabaseModule } from '../../database/database.module';
import { QueueModule } from '../../queue/queue.module';
import { AutomationsPlaybookModule } from '../automations.module';
import { PlaybookService } from './playbook.service';

/**
 * Installs the default automation playbook (disabled) for one business or for every business that
 * never had it. Idempotent: a business gets it once, however often this runs.
 */
export const automationsPlaybookCommand: CliCommand = {
  name: 'automations:playbook',
  usage: 'automations:playbook [--business <id>]',
  needsDatabase: true,
  async run(args, config) {
    const businessId = stringFlag(args, 'business', false);
    if (businessId !== undefined && !/^[0-9a-f-]{36}$/i.test(businessId)) throw new UsageError(`--business must be a business id (uuid), got "${businessId}"`);
    // AuditModule: the segments module's controllers record admin actions
    const ctx = await NestFactory.createApplicationContext(
      { module: class PlaybookCli {}, imports: [ConfigModule.forRoot(config), DatabaseModule, QueueModule, BusinessModule, AuditModule, AutomationsPlaybookModule] },
      { logger: ['error', 'warn'] },
    );
    try {
      const playbook = ctx.get(PlaybookService);
      if (businessId) {
        const [known] = await ctx.get(DataSource).query(`SELECT 1 FROM business WHERE id = $1`, [businessId]);
        if (!known) throw new UsageError(`no business with id ${businessId}`);
        console.log(JSON.stringify({ businesses: 1, installed: (await playbook.ensure(businessId)) ? 1 : 0 }));
      } else console.log(JSON.stringify(await playbook.ensureAll()));
    } finally {
      await ctx.close();
    }
  },
};
