import request from 'supertest';
import { parseArgs, UsageError } from '../../src/cli/args';
import { userCreateCommand } from '../../src/auth/user-create.command';
import { sessionCookieOf } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { runTs } from '../support/run-node';
import { seedStaff } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// `npm run cli -- user:create`: a user and a one-time sign-in link, as a real process.
describe('user:create command', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const cli = (args: string[]) => runTs('src/cli.ts', ['user:create', ...args], { DATABASE_URL: app.db.url, PUBLIC_BASE_URL: 'https://gym.example' });

  it('should print a one-time link that sets the password and signs the staff user in', async () => {
    const { businessId } = await newBusiness(app.ds);
    const staff = await seedStaff(app.ds, businessId, [{ key: 'coach-7', firstName: 'Cleo', lastName: 'Coach' }]);
    const r = await cli(['--business', businessId, '--email', 'Cleo@Example.test', '--role', 'staff', '--staff', 'coach-7', '--name', 'Cleo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out).toEqual({
      userId: expect.any(String),
      email: 'Cleo@Example.test',
      role: 'staff',
      staffId: staff['coach-7'],
      link: expect.stringMatching(/^https:\/\/gym\.example\/set-password\?token=[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
    });
    const token = new URL(out.link).searchParams.get('token')!;
    expect((await request(app.url).get(`/api/v1/auth/links/${token}`).expect(200)).body).toEqual({ kind: 'invite', email: 'Cleo@Example.test' });
    const signedIn = await request(app.url).post('/api/v1/auth/password/set').send({ token, password: 'cleo coaches well' }).expect(200);
    expect(signedIn.body).toMatchObject({ user: { id: out.userId, name: 'Cleo', status: 'active', staffName: 'Cleo Coach' }, role: 'staff', staffId: staff['coach-7'] });
    await request(app.url).get('/api/v1/tasks?assignee=me').set('Cookie', sessionCookieOf(signedIn)!).expect(200);
    await request(app.url).post('/api/v1/auth/password/set').send({ token, password: 'cleo coaches well' }).expect(410);
  }, 90_000);

  it('should exit 2 with a usage message on bad input, as a process', async () => {
    const { businessId } = await newBusiness(app.ds);
    const r = await cli(['--business', businessId, '--email', 'x@example.test', '--role', 'staff']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^user:create: --staff <staffExternalId> is required for the staff role/);
    expect(r.stderr).toMatch(/Usage: npm run cli -- user:create --business <id>/);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM app_user WHERE business_id = $1`, [businessId])).toEqual([{ n: 0 }]);
  }, 60_000);

  // the same command in-process (a process per case would take minutes): each refusal is a usage error
  it('should refuse bad input with a usage message and create nothing', async () => {
    const { businessId } = await newBusiness(app.ds);
    const other = await newBusiness(app.ds);
    await seedStaff(app.ds, other.businessId, [{ key: 'far' }]);
    const config = { ...app.config, PUBLIC_BASE_URL: 'https://gym.example' };
    const run = (args: string[]) => userCreateCommand.run(parseArgs(args), config);
    const printed = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await run(['--business', businessId, '--email', 'owner@example.test', '--role', 'admin']);
    expect(JSON.parse(printed.mock.calls[0][0])).toMatchObject({ email: 'owner@example.test', link: expect.stringMatching(/^https:\/\/gym\.example\/set-password\?token=/) });
    printed.mockRestore();
    for (const [args, message] of [
      [['--business', businessId, '--email', 'x@example.test', '--role', 'owner'], /--role must be one of admin, marketer, staff, manager/],
      [['--business', businessId, '--email', 'x@example.test', '--role', 'staff', '--staff', 'far'], /no active staff member with external id "far" in that business/],
      [['--business', businessId, '--email', 'not-an-email', '--role', 'admin'], /--email must be an email address/],
      [['--business', 'nope', '--email', 'x@example.test', '--role', 'admin'], /--business must be a business id/],
      [['--business', '00000000-0000-0000-0000-000000000000', '--email', 'x@example.test', '--role', 'admin'], /no business with id/],
      [['--business', other.businessId, '--email', 'OWNER@example.test', '--role', 'admin'], /a user with this email already exists/],
      [['--email', 'x@example.test', '--role', 'admin'], /--business <value> is required/],
    ] as Array<[string[], RegExp]>) {
      const err = await run(args).then(
        () => undefined,
        (e) => e,
      );
      expect({ args: args.join(' '), usage: err instanceof UsageError, message: String(err?.message) }).toEqual({ args: args.join(' '), usage: true, message: expect.stringMatching(message) });
    }
    expect(await app.ds.query(`SELECT email FROM app_user WHERE business_id IN ($1, $2)`, [businessId, other.businessId])).toEqual([{ email: 'owner@example.test' }]);
  });
});
