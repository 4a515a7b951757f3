import request from 'supertest';
import { apiKeysListCommand, apiKeysRevokeCommand, API_KEY_COMMANDS } from '../../src/auth/api-keys.command';
import { parseArgs, UsageError } from '../../src/cli/args';
import { callAs, keyCred, signInAs } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { runTs } from '../support/run-node';
import { startTestApp, TestApp } from '../support/test-app';

// quality.md "Security": API keys are listed, rotated and revoked, by route and by command line
// (docs/auth.md "API keys"); every change is in the audit log.
describe('API keys: rotation (route and CLI)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const whoAmI = (key: string) => request(app.url).get('/api/v1/auth/session').set('Authorization', `Bearer ${key}`);

  it('should give a new secret once, keep the name and role, and stop the old secret at once', async () => {
    const { apiKey: admin } = await newBusiness(app.ds);
    const made = await callAs(app.url, 'POST', '/api/v1/api-keys', keyCred(admin), { name: 'Zapier', role: 'marketer' }).expect(201);
    const old = made.body.apiKey as string;
    expect((await whoAmI(old)).body).toMatchObject({ role: 'marketer' });

    const rotated = await callAs(app.url, 'POST', `/api/v1/api-keys/${made.body.id}/rotate`, keyCred(admin), {}).expect(200);
    expect(rotated.body).toEqual({
      id: made.body.id,
      name: 'Zapier',
      prefix: expect.stringMatching(/^[0-9a-f]{8}$/),
      role: 'marketer',
      staffId: null,
      createdAt: made.body.createdAt,
      rotatedAt: expect.any(String),
      previousExpiresAt: null,
      apiKey: expect.stringMatching(/^cbk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/),
    });
    expect(rotated.body.apiKey).not.toBe(old);
    expect(rotated.body.apiKey.slice(4, 12)).toBe(rotated.body.prefix);
    expect((await whoAmI(old)).status).toBe(401);
    expect((await whoAmI(rotated.body.apiKey)).body).toMatchObject({ role: 'marketer' });
    // the list never shows a secret, and shows the rotation
    const list = await callAs(app.url, 'GET', '/api/v1/api-keys', keyCred(admin)).expect(200);
    const listed = list.body.items.find((k: { id: string }) => k.id === made.body.id);
    expect(listed).toEqual(expect.objectContaining({ name: 'Zapier', prefix: rotated.body.prefix, rotatedAt: rotated.body.rotatedAt, previousExpiresAt: null, revokedAt: null }));
    expect(JSON.stringify(list.body)).not.toContain(rotated.body.apiKey.slice(13));
  });

  it('should keep the old secret working through a grace period, then refuse it', async () => {
    const { businessId, apiKey: admin } = await newBusiness(app.ds);
    const made = await callAs(app.url, 'POST', '/api/v1/api-keys', keyCred(admin), { name: 'Booking bridge', role: 'admin' }).expect(201);
    const rotated = await callAs(app.url, 'POST', `/api/v1/api-keys/${made.body.id}/rotate`, keyCred(admin), { graceMinutes: 60 }).expect(200);
    const expires = new Date(rotated.body.previousExpiresAt).getTime();
    expect(expires).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect(expires).toBeLessThan(Date.now() + 61 * 60_000);
    // both secrets work during the grace period
    expect((await whoAmI(made.body.apiKey)).status).toBe(200);
    expect((await whoAmI(rotated.body.apiKey)).status).toBe(200);
    // the period ends (moved into the past rather than waited for)
    await app.ds.query(`UPDATE api_key SET previous_expires_at = now() - interval '1 second' WHERE id = $1`, [made.body.id]);
    expect((await whoAmI(made.body.apiKey)).status).toBe(401);
    expect((await whoAmI(rotated.body.apiKey)).status).toBe(200);

    // a second rotation ends any grace of the first: at most two secrets ever work
    const again = await callAs(app.url, 'POST', `/api/v1/api-keys/${made.body.id}/rotate`, keyCred(admin), { graceMinutes: 5 }).expect(200);
    const third = await callAs(app.url, 'POST', `/api/v1/api-keys/${made.body.id}/rotate`, keyCred(admin), { graceMinutes: 5 }).expect(200);
    expect((await whoAmI(rotated.body.apiKey)).status).toBe(401);
    expect((await whoAmI(again.body.apiKey)).status).toBe(200);
    expect((await whoAmI(third.body.apiKey)).status).toBe(200);

    // revoking ends every secret of the key, grace or not
    await callAs(app.url, 'POST', `/api/v1/api-keys/${made.body.id}/revoke`, keyCred(admin), {}).expect(200);
    expect((await whoAmI(again.body.apiKey)).status).toBe(401);
    expect((await whoAmI(third.body.apiKey)).status).toBe(401);
    // a revoked key cannot be rotated back to life
    const refused = await callAs(app.url, 'POST', `/api/v1/api-keys/${made.body.id}/rotate`, keyCred(admin), {});
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/revoked/);

    const events = await app.ds.query(`SELECT action, details->>'keyId' AS "keyId", details->>'graceMinutes' AS grace FROM audit_event WHERE business_id = $1 ORDER BY id`, [businessId]);
    expect(events).toEqual([
      { action: 'api_key.created', keyId: made.body.id, grace: null },
      { action: 'api_key.rotated', keyId: made.body.id, grace: '60' },
      { action: 'api_key.rotated', keyId: made.body.id, grace: '5' },
      { action: 'api_key.rotated', keyId: made.body.id, grace: '5' },
      { action: 'api_key.revoked', keyId: made.body.id, grace: null },
    ]);
  });

  it('should refuse a grace period past 24 hours, naming the field, and rotate nothing', async () => {
    const { apiKey: admin } = await newBusiness(app.ds);
    const made = await callAs(app.url, 'POST', '/api/v1/api-keys', keyCred(admin), { name: 'x', role: 'admin' }).expect(201);
    for (const graceMinutes of [1441, -1, 'soon']) {
      const res = await callAs(app.url, 'POST', `/api/v1/api-keys/${made.body.id}/rotate`, keyCred(admin), { graceMinutes });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(/graceMinutes/);
    }
    expect((await whoAmI(made.body.apiKey)).status).toBe(200);
  });

  it("should answer 404 for another business's key and for a key that does not exist, and 403 to a manager", async () => {
    const a = await newBusiness(app.ds);
    const b = await newBusiness(app.ds);
    const bKey = await callAs(app.url, 'POST', '/api/v1/api-keys', keyCred(b.apiKey), { name: 'B', role: 'admin' }).expect(201);
    expect((await callAs(app.url, 'POST', `/api/v1/api-keys/${bKey.body.id}/rotate`, keyCred(a.apiKey), {})).status).toBe(404);
    expect((await callAs(app.url, 'POST', '/api/v1/api-keys/00000000-0000-0000-0000-000000000001/rotate', keyCred(a.apiKey), {})).status).toBe(404);
    expect((await whoAmI(bKey.body.apiKey)).status).toBe(200);
    const manager = await signInAs(app, a.businessId, 'manager');
    expect((await callAs(app.url, 'POST', `/api/v1/api-keys/${bKey.body.id}/rotate`, manager, {})).status).toBe(403);
  });

  describe('npm run cli -- api-keys:*', () => {
    // a real process costs seconds of ts-node start-up: two of them prove the wiring and exit
    // codes, the rest runs the same commands in-process
    const cli = (args: string[]) => runTs('src/cli.ts', args, { DATABASE_URL: app.db.url }, 60_000);
    const inProcess = async (command: { run: (a: ReturnType<typeof parseArgs>, c: TestApp['config']) => Promise<void> }, args: string[]): Promise<string> => {
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await command.run(parseArgs(args), app.config);
        return log.mock.calls.map((c) => String(c[0])).join('\n');
      } finally {
        log.mockRestore();
      }
    };

    it('should list, create, rotate and revoke, each change audited as the command line', async () => {
      const { businessId } = await newBusiness(app.ds);
      const created = await cli(['api-keys:create', '--business', businessId, '--name', 'Nightly export', '--role', 'manager']);
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      const key = JSON.parse(created.stdout.trim());
      expect(key).toEqual({ keyId: expect.any(String), name: 'Nightly export', role: 'manager', staffId: null, prefix: expect.any(String), apiKey: expect.stringMatching(/^cbk_/) });
      expect((await whoAmI(key.apiKey)).body).toMatchObject({ role: 'manager' });

      const listed = await inProcess(apiKeysListCommand, ['--business', businessId]);
      const items = JSON.parse(listed).items;
      expect(items.map((k: { name: string }) => k.name).sort()).toEqual(['Nightly export', 'default']);
      expect(listed).not.toContain(key.apiKey);

      const rotated = await cli(['api-keys:rotate', '--business', businessId, '--key', key.keyId, '--grace-minutes', '10']);
      expect(rotated.code).toBe(0);
      const out = JSON.parse(rotated.stdout.trim());
      expect(out).toMatchObject({ keyId: key.keyId, name: 'Nightly export', role: 'manager', apiKey: expect.stringMatching(/^cbk_/), previousExpiresAt: expect.any(String) });
      expect((await whoAmI(key.apiKey)).status).toBe(200);
      expect((await whoAmI(out.apiKey)).status).toBe(200);

      const revoked = await inProcess(apiKeysRevokeCommand, ['--business', businessId, '--key', key.keyId]);
      expect(JSON.parse(revoked)).toMatchObject({ id: key.keyId, revokedAt: expect.any(String) });
      expect((await whoAmI(out.apiKey)).status).toBe(401);
      expect((await whoAmI(key.apiKey)).status).toBe(401);

      expect(await app.ds.query(`SELECT actor, actor_label AS label, role, action FROM audit_event WHERE business_id = $1 ORDER BY id`, [businessId])).toEqual([
        { actor: 'cli', label: 'command line', role: 'admin', action: 'api_key.created' },
        { actor: 'cli', label: 'command line', role: 'admin', action: 'api_key.rotated' },
        { actor: 'cli', label: 'command line', role: 'admin', action: 'api_key.revoked' },
      ]);
    }, 120_000);

    it('should refuse bad input with a usage error and change nothing', async () => {
      const { businessId } = await newBusiness(app.ds);
      const byName = (name: string) => API_KEY_COMMANDS.find((c) => c.name === name)!;
      for (const [name, ...args] of [
        ['api-keys:rotate', '--business', businessId, '--key', 'nope'],
        ['api-keys:rotate', '--business', businessId, '--key', '00000000-0000-0000-0000-000000000001'],
        ['api-keys:rotate', '--business', businessId, '--key', '00000000-0000-0000-0000-000000000001', '--grace-minutes', '5000'],
        ['api-keys:revoke', '--business', businessId, '--key', '00000000-0000-0000-0000-000000000001'],
        ['api-keys:create', '--business', businessId, '--name', 'x', '--role', 'owner'],
        ['api-keys:create', '--business', businessId, '--name', 'x', '--role', 'staff'],
        ['api-keys:list', '--business', '00000000-0000-0000-0000-000000000001'],
        ['api-keys:list', '--business', 'acme'],
      ]) {
        await expect(inProcess(byName(name), args)).rejects.toBeInstanceOf(UsageError);
      }
      // and as a process: exit code 2 with the usage line
      const r = await cli(['api-keys:rotate', '--business', businessId, '--key', 'nope']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--key must be an API key id[\s\S]*Usage: npm run cli -- api-keys:rotate --business <id> --key <keyId>/);
      expect(await app.ds.query(`SELECT count(*)::int AS n FROM api_key WHERE business_id = $1`, [businessId])).toEqual([{ n: 1 }]);
      expect(await app.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE business_id = $1`, [businessId])).toEqual([{ n: 0 }]);
    }, 90_000);
  });
});
