import { MindbodyApiFake, MINDBODY_FAKE_DEFAULTS, startMindbodyApiFake } from '../../../test/fakes/mindbody-api.fake';
import { MbClient } from './mindbody-api.types';
import { MindbodyApiClient, MindbodyApiClientOptions, MindbodyApiError, MindbodyRateLimitError, parseRetryAfter } from './mindbody-api.client';

function manyClients(n: number): MbClient[] {
  return Array.from({ length: n }, (_, i) => ({
    Id: `R${i + 1}`,
    UniqueId: 1000 + i + 1,
    FirstName: `First${i + 1}`,
    LastName: 'Test',
    Active: true,
    // Client k was last modified on March k, 2025 (n stays small).
    LastModifiedDateTime: `2025-03-${String(i + 1).padStart(2, '0')}T09:00:00`,
  }));
}

describe('MindbodyApiClient', () => {
  let fake: MindbodyApiFake;
  let sleeps: number[];

  const newClient = (over: Partial<MindbodyApiClientOptions> = {}) =>
    new MindbodyApiClient({
      baseUrl: fake.url,
      apiKey: MINDBODY_FAKE_DEFAULTS.apiKey,
      siteId: MINDBODY_FAKE_DEFAULTS.siteId,
      username: MINDBODY_FAKE_DEFAULTS.username,
      password: MINDBODY_FAKE_DEFAULTS.password,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...over,
    });

  beforeEach(async () => {
    sleeps = [];
    fake = await startMindbodyApiFake({ data: { clients: manyClients(5) } });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('should issue a staff token once and send Api-Key, SiteId and Authorization on data calls', async () => {
    const sut = newClient();

    await sut.getClients({ offset: 0, limit: 2 });
    await sut.getLocations({ offset: 0, limit: 10 });

    const issue = fake.state.requests.filter((r) => r.path === '/usertoken/issue');
    expect(issue).toHaveLength(1);
    expect(fake.state.issuedTokens).toEqual(['tok-1']);
    const data = fake.state.requests.filter((r) => r.path !== '/usertoken/issue');
    expect(data).toHaveLength(2);
    for (const r of data) {
      expect(r.headers).toEqual({ 'api-key': 'test-api-key', siteid: '-99', authorization: 'Bearer tok-1' });
      expect(r.status).toBe(200);
    }
    expect(data[0].query).toMatchObject({ limit: ['2'], offset: ['0'], includeinactive: ['true'] });
  });

  it('should re-issue the token once when a data call answers 401', async () => {
    const sut = newClient();
    await sut.getLocations({ offset: 0, limit: 10 });
    fake.state.revokeTokens();

    const page = await sut.getLocations({ offset: 0, limit: 10 });

    expect(page.items.map((l) => l.Name)).toEqual(['Downtown', 'Riverside']);
    expect(fake.state.issuedTokens).toEqual(['tok-1', 'tok-2']);
    expect(fake.state.requests.map((r) => `${r.path} ${r.status}`)).toEqual(['/usertoken/issue 200', '/site/locations 200', '/site/locations 401', '/usertoken/issue 200', '/site/locations 200']);
  });

  it('should reject with MindbodyApiError when the credentials are wrong', async () => {
    const sut = newClient({ password: 'nope' });

    const err = await sut.getClients({ offset: 0, limit: 10 }).catch((e) => e);

    expect(err).toBeInstanceOf(MindbodyApiError);
    expect(err).toMatchObject({ status: 401, code: 'InvalidCredentials', apiMessage: 'The username or password is incorrect.' });
  });

  it('should page through all clients by offset until nextOffset is null', async () => {
    const sut = newClient();
    const seen: string[] = [];
    const offsets: number[] = [];

    let offset: number | null = 0;
    while (offset !== null) {
      offsets.push(offset);
      const page = await sut.getClients({ offset, limit: 2 });
      expect(page.total).toBe(5);
      seen.push(...page.items.map((c) => c.Id));
      offset = page.nextOffset;
    }

    expect(offsets).toEqual([0, 2, 4]);
    expect(seen).toEqual(['R1', 'R2', 'R3', 'R4', 'R5']);
  });

  it('should send LastModifiedDate and get only clients modified on or after it', async () => {
    const sut = newClient();

    const page = await sut.getClients({ offset: 0, limit: 100, modifiedSince: '2025-03-04T00:00:00' });

    expect(page.items.map((c) => c.Id)).toEqual(['R4', 'R5']);
    expect(page).toMatchObject({ total: 2, nextOffset: null });
    expect(fake.state.requests.at(-1)!.query.lastmodifieddate).toEqual(['2025-03-04T00:00:00']);
  });

  it('should resume from a stored offset after a failure mid-way', async () => {
    const sut = newClient();
    fake.state.failOn({ path: '/client/clients', offset: 2, status: 500 });

    const first = await sut.getClients({ offset: 0, limit: 2 });
    const err = await sut.getClients({ offset: first.nextOffset!, limit: 2 }).catch((e) => e);
    expect(err).toBeInstanceOf(MindbodyApiError);
    expect(err).toMatchObject({ status: 500, code: 'InternalError' });

    // The orchestrator kept {offset: 2}; the next attempt continues there.
    const resumed = await sut.getClients({ offset: 2, limit: 2 });
    expect(resumed.items.map((c) => c.Id)).toEqual(['R3', 'R4']);
    expect(resumed.nextOffset).toBe(4);
  });

  it('should wait Retry-After on 429 and then succeed', async () => {
    const sut = newClient();
    await sut.issueToken();
    fake.state.rateLimitNext(2, 3);

    const page = await sut.getClients({ offset: 0, limit: 10 });

    expect(page.items).toHaveLength(5);
    expect(sleeps).toEqual([3000, 3000]);
    expect(fake.state.countRequests('/client/clients', { includeRateLimited: true })).toBe(3);
    expect(fake.state.requests.filter((r) => r.path === '/client/clients').map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('should back off exponentially with jitter when 429 has no Retry-After', async () => {
    const sut = newClient({ backoffBaseMs: 100 });
    await sut.issueToken();
    fake.state.rateLimitNext(3);

    await sut.getLocations({ offset: 0, limit: 10 });

    // random() = 0.5 -> 75 % of each step (100, 200, 400).
    expect(sleeps).toEqual([75, 150, 300]);
  });

  it('should throw MindbodyRateLimitError after maxRetries 429s', async () => {
    const sut = newClient({ maxRetries: 2 });
    await sut.issueToken();
    fake.state.rateLimitNext(10, 1);

    const err = await sut.getSales({ offset: 0, limit: 10, startSaleDateTime: '2025-03-01T00:00:00', endSaleDateTime: '2025-03-31T23:59:59' }).catch((e) => e);

    expect(err).toBeInstanceOf(MindbodyRateLimitError);
    expect(err).toMatchObject({ path: '/sale/sales', attempts: 3, retryAfterMs: 1000 });
    expect(sleeps).toEqual([1000, 1000]);
    expect(fake.state.countRequests('/sale/sales', { includeRateLimited: true })).toBe(3);
  });

  it('should surface the Error.Code and Error.Message of a 400', async () => {
    const sut = newClient();

    const err = await sut.getClassVisits({ classId: 424242 }).catch((e) => e);

    expect(err).toBeInstanceOf(MindbodyApiError);
    expect(err).toMatchObject({ status: 400, code: 'InvalidClassId', apiMessage: 'Class 424242 not found.', path: '/class/classvisits' });
    expect(err.message).toBe('Mindbody /class/classvisits failed with 400 InvalidClassId: Class 424242 not found.');
  });

  it('should keep a non-JSON error body as the message', async () => {
    const sut = newClient();
    await sut.issueToken();
    fake.state.failOn({ path: '/site/locations', status: 503, body: 'upstream down' });

    const err = await sut.getLocations({ offset: 0, limit: 10 }).catch((e) => e);

    expect(err).toMatchObject({ status: 503, code: null, apiMessage: 'upstream down' });
  });

  it('should read a class roster, contracts, appointments and sales in the documented envelopes', async () => {
    await fake.close();
    fake = await startMindbodyApiFake();
    const sut = newClient();

    const classes = await sut.getClasses({ offset: 0, limit: 50, startDateTime: '2025-03-01T00:00:00', endDateTime: '2025-03-31T23:59:59' });
    expect(classes.items.map((c) => c.Id)).toEqual([9001]);
    const roster = await sut.getClassVisits({ classId: 9001 });
    expect(roster.class.ClassDescription?.Name).toBe('Power Yoga');
    expect(roster.visits.map((v) => v.Id)).toEqual([70001, 70002]);
    const changed = await sut.getClassVisits({ classId: 9001, modifiedSince: '2025-03-03T18:00:00' });
    expect(changed.visits.map((v) => v.Id)).toEqual([70001]);

    const contracts = await sut.getClientContracts({ clientId: 'A100', offset: 0, limit: 100 });
    expect(contracts.items.map((k) => k.Id)).toEqual([5001]);

    const visits = await sut.getClientVisits({ clientId: 'B200', offset: 0, limit: 100, startDate: '2025-03-01', endDate: '2025-03-31' });
    expect(visits.items.map((v) => v.Id)).toEqual([70002]);

    const appts = await sut.getStaffAppointments({ offset: 0, limit: 100, startDate: '2025-03-01', endDate: '2025-03-31' });
    expect(appts.items.map((a) => a.Id)).toEqual([3001]);

    const sales = await sut.getSales({ offset: 0, limit: 100, startSaleDateTime: '2025-03-01T00:00:00', endSaleDateTime: '2025-03-31T23:59:59' });
    expect(sales.items.map((s) => s.Id)).toEqual([8001]);

    const byIds = await sut.getClientsByIds(['C300']);
    expect(byIds.map((c) => c.UniqueId)).toEqual([100003]);
    expect(fake.state.requests.at(-1)!.query.clientids).toEqual(['C300']);
  });

  it('should clamp Limit to 200', async () => {
    const sut = newClient();

    await sut.getClients({ offset: 0, limit: 1000 });

    expect(fake.state.requests.at(-1)!.query.limit).toEqual(['200']);
  });
});

describe('parseRetryAfter', () => {
  it('should read delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    const at = new Date(Date.now() + 5000).toUTCString();
    expect(parseRetryAfter(at)).toBeGreaterThan(3000);
  });
});
