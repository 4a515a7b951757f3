import request from 'supertest';
import { generateApiKey } from '../../src/business/api-key';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// Issue #17 item 10: failed API-key checks were not limited (1,000 wrong keys in 1.3 s, no
// 429). They are counted per client IP in Redis; past API_KEY_FAILURE_LIMIT (20) within 15
// minutes that address gets 429 with Retry-After for any API key until the window ends.

describe('fault injection: guessing API keys', () => {
  let app: TestApp;

  beforeAll(async () => {
    // loopback is the proxy here, so X-Forwarded-For gives each test its own client address
    app = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await app.close();
  });

  const guess = (ip: string, key = generateApiKey().key) => request(app.url).get('/api/v1/clients').set('X-Forwarded-For', ip).set('Authorization', `Bearer ${key}`);

  it('should answer 429 with Retry-After after 20 failed checks from one address, even for a valid key, and leave other addresses alone', async () => {
    const { apiKey } = await newBusiness(app.ds);
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 25; i++) {
      last = await guess('198.51.100.7');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array(20).fill(401), ...Array(5).fill(429)]);
    const retryAfter = Number(last!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(last!.body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/failed API-key checks from your address/) });

    // the address is refused before any key is looked at
    expect((await guess('198.51.100.7', apiKey)).status).toBe(429);
    expect((await guess('198.51.100.8', apiKey)).status).toBe(200);
  });

  it('should count a parallel burst exactly: 20 answers of 401 out of 200 guesses', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => guess('198.51.100.9')));
    const count = (s: number) => answers.filter((r) => r.status === s).length;
    expect({ 401: count(401), 429: count(429) }).toEqual({ 401: 20, 429: 180 });
  });
});
