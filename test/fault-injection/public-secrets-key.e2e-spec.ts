import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'net';
import { ActionsService } from '../../src/actions/actions.service';
import { signUnsubscribeToken, unsubscribeKey } from '../../src/actions/channels/email/unsubscribe-token';
import { createHttpApp } from '../../src/bootstrap';
import { ConfigError, validateEnv } from '../../src/config/validate-env';
import { noQuietHours, seedClients } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { createTestDb, TestDb } from '../support/test-db';

// Issue #17 item 10: the development SECRETS_KEY is public (it is in the source), and it was
// accepted whenever NODE_ENV was not "production", so an unsubscribe link (or a CSRF token)
// forged with it worked. Now only tests accept it; a development process without SECRETS_KEY
// (the demo, `npm start` on a laptop) uses a key generated once for the checkout.

const PUBLIC_KEY = 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff';

describe('fault injection: the public development SECRETS_KEY', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'comeback-key-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should refuse the public key outside tests, naming the variable', () => {
    for (const NODE_ENV of ['development', 'production', undefined]) {
      expect(() => validateEnv({ NODE_ENV, SECRETS_KEY: PUBLIC_KEY }, { localKeyFile: join(dir, 'never') })).toThrow(ConfigError);
      expect(() => validateEnv({ NODE_ENV, SECRETS_KEY: PUBLIC_KEY }, { localKeyFile: join(dir, 'never') })).toThrow(/SECRETS_KEY/);
    }
    expect(existsSync(join(dir, 'never'))).toBe(false);
    expect(validateEnv({ NODE_ENV: 'test' }).SECRETS_KEY).toBe(PUBLIC_KEY);
  });

  it('should give a development process without SECRETS_KEY its own key, generated once and kept private', () => {
    const file = join(dir, 'local', 'secrets.key');
    const first = validateEnv({ NODE_ENV: 'development' }, { localKeyFile: file }).SECRETS_KEY;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(first).not.toBe(PUBLIC_KEY);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
    // the next process of the checkout reads the same key (sealed secrets stay readable)
    expect(validateEnv({}, { localKeyFile: file }).SECRETS_KEY).toBe(first);
    // production never falls back to a file
    expect(() => validateEnv({ NODE_ENV: 'production' }, { localKeyFile: file })).toThrow(/SECRETS_KEY must be set/);
  });

  describe('a development API', () => {
    let db: TestDb;
    let app: INestApplication;
    let url: string;
    beforeAll(async () => {
      db = await createTestDb();
      const config = validateEnv(
        { ...process.env, NODE_ENV: 'development', SECRETS_KEY: '', LOG_LEVEL: 'error', DATABASE_URL: db.url, QUEUE_PREFIX: `test-${db.name}` },
        { localKeyFile: join(dir, 'api', 'secrets.key') },
      );
      app = await createHttpApp('api', config);
      await app.listen(0, '127.0.0.1');
      url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it('should not honour an unsubscribe link forged with the public key', async () => {
      const { businessId } = await newBusiness(db.ds);
      await noQuietHours(db.ds, businessId);
      const [c] = await seedClients(db.ds, businessId, [{ email: 'victim@example.test' }]);
      await app.get(ActionsService).dispatch({ businessId, origin: 'forge:1', channel: 'email', clientIds: [c], template: { subject: 'Hi', text: 'x {{unsubscribe_url}}' } });
      const [touch] = await db.ds.query(`SELECT id::text FROM touch WHERE business_id = $1`, [businessId]);

      const forged = signUnsubscribeToken(unsubscribeKey(PUBLIC_KEY), touch.id);
      expect((await request(url).post(`/u/${forged}`)).status).toBe(404);
      expect(await db.ds.query(`SELECT count(*)::int AS n FROM consent_event WHERE client_id = $1`, [c])).toEqual([{ n: 0 }]);
    });
  });
});
