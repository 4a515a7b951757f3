import { HttpException } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { HeavyQueryGate } from './heavy-query-gate';

describe('HeavyQueryGate', () => {
  const config = { INTERACTIVE_HEAVY_PER_BUSINESS: 2, INTERACTIVE_POOL_SIZE: 6 } as AppConfig;
  const held = () => {
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    return { done, release };
  };
  const statusOf = (e: unknown) => (e instanceof HttpException ? e.getStatus() : undefined);

  it('should refuse a business past its limit with a 429 and admit it again when one ends', async () => {
    const sut = new HeavyQueryGate(config);
    const h = [held(), held()];
    const running = h.map((x) => sut.run('a', () => x.done));
    await expect(sut.run('a', async () => 'x').catch(statusOf)).resolves.toBe(429);
    await expect(sut.run('b', async () => 'b ran')).resolves.toBe('b ran');
    h[0].release();
    await running[0];
    await expect(sut.run('a', async () => 'a ran')).resolves.toBe('a ran');
    h[1].release();
    await running[1];
  });

  it('should keep half the pool for other reads when many businesses run heavy queries', async () => {
    const sut = new HeavyQueryGate(config);
    const h = ['a', 'b', 'c'].map(() => held());
    const running = ['a', 'b', 'c'].map((id, i) => sut.run(id, () => h[i].done));
    await expect(sut.run('d', async () => 'x').catch(statusOf)).resolves.toBe(429);
    h.forEach((x) => x.release());
    await Promise.all(running);
    await expect(sut.run('d', async () => 'd ran')).resolves.toBe('d ran');
  });

  it('should free the slot when the query fails', async () => {
    const sut = new HeavyQueryGate({ ...config, INTERACTIVE_HEAVY_PER_BUSINESS: 1 } as AppConfig);
    await expect(sut.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sut.run('a', async () => 'ok')).resolves.toBe('ok');
  });
});
