import { ensureDatabase } from '../../database/connection-check';
import { runMigrations } from '../../database/migrate';
import { CliCommand } from '../command';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'migrate                      create the database if needed and run pending migrations',
  needsDatabase: false,
  async run(_args, config) {
    await ensureDatabase(config.DATABASE_URL);
    const ran = await runMigrations(config.DATABASE_URL);
    console.log(ran.length ? `Ran ${ran.length} migration(s): ${ran.join(', ')}` : 'Database is up to date');
  },
};
