import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { AddressInfo } from 'net';
import { DataSource } from 'typeorm';
import { createHttpApp, createWorker } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { validateEnv } from '../../src/config/validate-env';
import { createTestDb, TestDb } from './test-db';

export interface TestApp {
  db: TestDb;
  ds: DataSource;
  config: AppConfig;
  http?: INestApplication;
  worker?: INestApplicationContext;
  /** http://127.0.0.1:<port> of the API, when started. */
  url: string;
  close(): Promise<void>;
}

/** A real app (API and/or worker) on its own cloned database and its own queue prefix in Redis. */
export async function startTestApp(
  opts: { http?: boolean; worker?: boolean; env?: Record<string, string>; /** share another app's database (not dropped on close) */ db?: TestDb } = {},
): Promise<TestApp> {
  const db = opts.db ?? (await createTestDb());
  const config = validateEnv({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', DATABASE_URL: db.url, QUEUE_PREFIX: `test-${db.name}`, ...opts.env });
  let http: INestApplication | undefined;
  let worker: INestApplicationContext | undefined;
  let url = '';
  if (opts.http !== false) {
    http = await createHttpApp('api', config);
    await http.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(http.getHttpServer().address() as AddressInfo).port}`;
  }
  if (opts.worker) worker = await createWorker(config);
  return {
    db,
    ds: db.ds,
    config,
    http,
    worker,
    url,
    async close() {
      await worker?.close();
      await http?.close();
      if (!opts.db) await db.drop();
    },
  };
}
