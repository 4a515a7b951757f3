import { DataSource } from 'typeorm';
import { BusinessRepository } from '../../src/business/business.repository';

export async function newBusiness(ds: DataSource, opts: { name?: string; timezone?: string } = {}): Promise<{ businessId: string; apiKey: string }> {
  return new BusinessRepository(ds).create({ name: opts.name ?? 'Test Gym', timezone: opts.timezone ?? 'Europe/Stockholm' });
}
