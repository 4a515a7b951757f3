import { Logger } from '@nestjs/common';
import { createServer, Server, Socket } from 'net';
import { AddressInfo } from 'net';
import { randomBytes } from 'crypto';
import { AppConfig } from '../../../src/config/app-config';
import { RetryLaterError } from '../../../src/auth/auth.errors';
import { LimiterUnavailableError, RateLimiter } from '../../../src/auth/rate-limiter';
import { SessionsService } from '../../../src/auth/sessions.service';
import { SignInService } from '../../../src/auth/sign-in.service';
import { UsersRepository } from '../../../src/auth/users.repository';
import { REDIS_URL } from '../../setup/test-env';

// The counters behind the sign-in and API-key limits, on real Redis; and what a Redis that
// does not answer costs: a bounded wait, then sign-in refuses (fail closed).
const limiterFor = (url: string) => new RateLimiter({ REDIS_URL: url, QUEUE_PREFIX: `test-limiter-${randomBytes(4).toString('hex')}` } as AppConfig);

describe('RateLimiter', () => {
  // the outage warnings are the behaviour under test, not noise to print
  beforeAll(() => Logger.overrideLogger(['error']));

  it('should count hits within a window that starts at the first one, give hits back and forget', async () => {
    const sut = limiterFor(REDIS_URL);
    try {
      await expect(sut.hit('a', 60)).resolves.toEqual({ count: 1, retryAfter: 60 });
      await sut.hit('a', 60);
      const third = await sut.hit('a', 60);
      expect(third.count).toBe(3);
      expect(third.retryAfter).toBeGreaterThan(57);
      expect(third.retryAfter).toBeLessThanOrEqual(60);
      await sut.decrement('a');
      expect((await sut.hit('a', 60)).count).toBe(3);
      await sut.clear('a');
      // nothing to give back: no negative count, no key without its expiry
      await sut.decrement('a');
      await expect(sut.hit('a', 60)).resolves.toEqual({ count: 1, retryAfter: 60 });
      expect((await sut.hit('b', 60)).count).toBe(1);
    } finally {
      sut.onModuleDestroy();
    }
  });

  it('should take a reply that came during an event-loop stall longer than its budget (no false 503)', async () => {
    const sut = limiterFor(REDIS_URL);
    try {
      await sut.hit('warm', 60); // connected, so the next command is written at once
      const pending = sut.hit('stall', 60);
      // a stall past the 500 ms budget (GC, a busy CPU): the budget's timer and Redis's reply are
      // both due when the loop wakes, and the reply must win
      const until = Date.now() + 700;
      while (Date.now() < until);
      await expect(pending).resolves.toEqual({ count: 1, retryAfter: 60 });
    } finally {
      sut.onModuleDestroy();
    }
  });

  describe('when Redis does not answer', () => {
    let blackHole: Server;
    const sockets: Socket[] = [];
    let url: string;

    beforeAll(async () => {
      // accepts connections and never says a word, like a hung Redis
      blackHole = createServer((s) => void sockets.push(s));
      await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', () => r()));
      url = `redis://127.0.0.1:${(blackHole.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => blackHole.close(r));
    });

    it('should give up within its budget instead of hanging', async () => {
      const sut = limiterFor(url);
      try {
        const t0 = Date.now();
        await expect(sut.hit('a', 60)).rejects.toBeInstanceOf(LimiterUnavailableError);
        expect(Date.now() - t0).toBeLessThan(1500);
      } finally {
        sut.onModuleDestroy();
      }
    });

    it('should give up as quickly when nothing listens at all', async () => {
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((r) => closed.close(r));
      const sut = limiterFor(`redis://127.0.0.1:${port}`);
      try {
        const t0 = Date.now();
        await expect(sut.hit('a', 60)).rejects.toBeInstanceOf(LimiterUnavailableError);
        expect(Date.now() - t0).toBeLessThan(1500);
      } finally {
        sut.onModuleDestroy();
      }
    });

    it('should make sign-in answer 503 with Retry-After before it looks at any password (fail closed)', async () => {
      const limiter = limiterFor(url);
      const users = { credentialsByEmail: jest.fn() } as unknown as UsersRepository;
      const sut = new SignInService(users, {} as SessionsService, limiter);
      try {
        const err = await sut.signIn({ email: 'a@example.test', password: 'whatever-it-is', ip: '127.0.0.1', userAgent: null }).catch((e) => e);
        expect(err).toBeInstanceOf(RetryLaterError);
        expect(err.getStatus()).toBe(503);
        expect(err.retryAfter).toBeGreaterThan(0);
        expect(err.getResponse()).toMatchObject({ message: expect.stringMatching(/^Sign-in is briefly unavailable/) });
        expect(users.credentialsByEmail).not.toHaveBeenCalled();
      } finally {
        limiter.onModuleDestroy();
      }
    });
  });
});
