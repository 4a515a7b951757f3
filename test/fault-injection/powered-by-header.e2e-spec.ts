import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

// Issue #17 item 10: every answer said `X-Powered-By: Express`, telling a scanner what to try.

describe('fault injection: the X-Powered-By header', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('should not name the framework on any kind of answer', async () => {
    for (const [method, path] of [
      ['get', '/api/v1/clients'],
      ['get', '/api/openapi.json'],
      ['post', '/api/v1/auth/sign-in'],
      ['get', '/u/not-a-token'],
      ['get', '/no-such-route'],
    ] as const) {
      const res = await request(app.url)[method](path);
      expect({ path, status: res.status > 0, poweredBy: res.headers['x-powered-by'] }).toEqual({ path, status: true, poweredBy: undefined });
    }
  });
});
