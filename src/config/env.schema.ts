import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

// Every variable the service reads, validated once at boot (validate-env.ts).
export class EnvSchema {
  @IsOptional()
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: string = 'development';

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/comeback';

  @IsString()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  // Redis key prefix of every queue; tests give each file its own
  @IsString()
  @Matches(/^[a-z0-9:_-]{1,50}$/i, { message: 'QUEUE_PREFIX must be 1-50 letters, digits, : _ -' })
  QUEUE_PREFIX: string = 'comeback';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  // 32 bytes as 64 hex chars; seals integration secrets, signs CSRF tokens and unsubscribe links.
  // No default here: when unset, validate-env.ts gives tests the public test key, refuses
  // production, and gives any other process this checkout's generated key (secrets-key.ts).
  @IsString()
  @Matches(/^[0-9a-f]{64}$/i, { message: 'SECRETS_KEY must be 64 hex characters (32 bytes)' })
  SECRETS_KEY!: string;

  @IsString()
  SYNC_CRON: string = '0 */2 * * *';

  // risk.md: a full assessment every 6 hours
  @IsString()
  RISK_CRON: string = '0 */6 * * *';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(50_000)
  RISK_BATCH_SIZE: number = 5000;

  // daily BG/NBD refit (risk.md "Estimation")
  @IsString()
  ESTIMATION_CRON: string = '30 3 * * *';

  // segments.md: saved segments recomputed hourly, and this long after data arrives (debounced)
  @IsString()
  SEGMENTS_CRON: string = '15 * * * *';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  SEGMENT_DEBOUNCE_SECONDS: number = 30;

  // rhythm (docs/rhythm.md): touched clients recomputed this long after an ingest (debounced);
  // the tick starts each business's daily pass once its local day has changed
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  RHYTHM_DEBOUNCE_SECONDS: number = 30;

  @IsString()
  RHYTHM_CRON: string = '5 * * * *';

  // and once when a worker starts (a new install gets its first passes at once); tests that pin
  // the pass's day turn it off
  @Transform(({ value }) => (['true', '1', true].includes(value) ? true : ['false', '0', false].includes(value) ? false : value))
  @IsIn([true, false], { message: 'RHYTHM_PASS_ON_START must be true or false' })
  RHYTHM_PASS_ON_START: boolean = true;

  // staff tasks (docs/tasks.md): open tasks of clients who visited are closed this long after
  // the visits arrive (debounced per business), and by this schedule as a backstop
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  TASKS_DEBOUNCE_SECONDS: number = 30;

  @IsString()
  TASKS_CRON: string = '*/15 * * * *';

  // follow-up (docs/follow-up.md): conversions recomputed on this schedule and this long after
  // goal data (visits, bookings, subscriptions, sales) arrives; windows that closed up to this
  // many days before the last pass are judged again (late data)
  @IsString()
  FOLLOW_UP_CRON: string = '40 * * * *';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  FOLLOW_UP_DEBOUNCE_SECONDS: number = 60;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(90)
  FOLLOW_UP_GRACE_DAYS: number = 7;

  // automations (docs/automations.md): due schedule ticks, lost step jobs and lost visit jobs
  @IsString()
  AUTOMATIONS_CRON: string = '* * * * *';

  // Outgoing mail (campaign email, staff task notifications): a pooled SMTP transport
  @IsString()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL: string = 'smtp://127.0.0.1:2525';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(50)
  SMTP_POOL_SIZE: number = 5;

  // The demo mailbox (docs/mailbox.md): an API process also runs an SMTP sink on SMTP_URL's
  // port that keeps every message in PostgreSQL for the Mailbox page. `npm run demo` sets it.
  @Transform(({ value }) => (['true', '1', true].includes(value) ? true : ['false', '0', false].includes(value) ? false : value))
  @IsIn([true, false], { message: 'DEMO_MAILBOX must be true or false' })
  DEMO_MAILBOX: boolean = false;

  // actions: how often automated sends held for stale booking data look again (docs/actions.md)
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3600)
  STALE_HOLD_RECHECK_SECONDS: number = 300;

  // Twilio's REST API and Mailchimp's Marketing API; tests point them at local fakes
  @IsString()
  @Matches(/^https?:\/\//, { message: 'TWILIO_API_URL must be an http(s):// URL' })
  TWILIO_API_URL: string = 'https://api.twilio.com';

  // "server" is replaced by the data center of the business's API key (us21, ...)
  @IsString()
  @Matches(/^https?:\/\//, { message: 'MAILCHIMP_API_URL must be an http(s):// URL' })
  MAILCHIMP_API_URL: string = 'https://server.api.mailchimp.com/3.0';

  @IsString()
  MAIL_FROM: string = 'Comeback <no-reply@comeback.local>';

  // Base of links in messages (unsubscribe): where GET /u/:token is reachable from outside
  @IsString()
  @Matches(/^https?:\/\//, { message: 'PUBLIC_BASE_URL must be an http(s):// URL' })
  PUBLIC_BASE_URL: string = 'http://localhost:3000';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  STALE_SYNC_MINUTES: number = 30;

  @IsString()
  @Matches(/^\d+(kb|mb)$/i, { message: 'BODY_LIMIT must look like 1mb or 512kb' })
  BODY_LIMIT: string = '1mb';

  // an import request carries up to 10,000 records
  @IsString()
  @Matches(/^\d+(kb|mb)$/i, { message: 'IMPORT_BODY_LIMIT must look like 1mb or 512kb' })
  IMPORT_BODY_LIMIT: string = '20mb';

  @IsString()
  @Matches(/^\d+(kb|mb)$/i, { message: 'WEBHOOK_BODY_LIMIT must look like 1mb or 512kb' })
  WEBHOOK_BODY_LIMIT: string = '256kb';

  // Refused webhook deliveries (bad signature, unparsable, an event with a NUL) are kept as a
  // small record (docs/reliability.md "Input limits"): at most this many per business, source
  // and minute (the rest only counted), deleted after this many days
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(10_000)
  WEBHOOK_REJECTIONS_PER_MINUTE: number = 20;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(365)
  WEBHOOK_REJECTION_RETENTION_DAYS: number = 14;

  @IsString()
  MINDBODY_API_URL: string = 'https://api.mindbodyonline.com/public/v6';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  QUEUE_CONCURRENCY: number = 4;

  // How long a job's lock lives without its worker renewing it (renewed every half of it), and
  // how often workers look for jobs whose worker died: a killed worker's jobs are taken over
  // within about twice this. The crash tests shorten it; 30 s is Bull's default.
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(2_000)
  @Max(600_000)
  QUEUE_LOCK_MS: number = 30_000;

  // Outages (docs/reliability.md "Outages"): every queue command answers or fails within this
  // budget; a job that cannot reach Redis goes to the job_outbox table, which is drained onto
  // the queues on reconnect and every OUTBOX_RELAY_INTERVAL_MS
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(60_000)
  REDIS_COMMAND_TIMEOUT_MS: number = 3000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(600_000)
  OUTBOX_RELAY_INTERVAL_MS: number = 2000;

  // Job retries: every queue's backoff delay is multiplied by QUEUE_BACKOFF_SCALE (tests shrink
  // it). A job that fails because PostgreSQL is unreachable does not use up an attempt: it waits
  // (doubling, at most QUEUE_OUTAGE_BACKOFF_CAP_MS) up to QUEUE_OUTAGE_MAX_RETRIES times, and
  // one that still failed is retried by a worker once PostgreSQL answers again (checked every
  // QUEUE_RECOVERY_INTERVAL_MS while such jobs exist)
  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(0.001)
  @Max(100)
  QUEUE_BACKOFF_SCALE: number = 1;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  QUEUE_OUTAGE_BACKOFF_CAP_MS: number = 60_000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(10_000)
  QUEUE_OUTAGE_MAX_RETRIES: number = 120;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(50)
  @Max(600_000)
  QUEUE_RECOVERY_INTERVAL_MS: number = 5000;

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: string = 'log';

  // Operations (docs/operations.md). /metrics answers loopback callers without a token; with
  // METRICS_TOKEN set it wants `Authorization: Bearer <token>` from anyone instead
  @IsString()
  @Matches(/^([!-~]{16,200})?$/, { message: 'METRICS_TOKEN must be empty or 16-200 printable characters' })
  METRICS_TOKEN: string = '';

  // a worker serves its metrics (job durations, sends) on this port; 0 = none
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT: number = 0;

  // on SIGTERM: how long in-flight HTTP requests and running jobs get to finish before the
  // connections are cut and the jobs handed back to their queue
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_GRACE_MS: number = 25_000;

  // GET /health/ready answers 503 naming the queue when more jobs than this wait on one queue
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  READY_MAX_WAITING: number = 50_000;

  // Sign-in sessions (docs/auth.md): ended after this long without a request, and this long
  // after sign-in whatever happens
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(720)
  SESSION_IDLE_HOURS: number = 12;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(365)
  SESSION_MAX_DAYS: number = 30;

  // requests per minute per API key, counted in Redis across every API process
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  API_KEY_RATE_LIMIT: number = 600;

  // failed API-key checks per client IP within 15 minutes; past it that address gets 429 for any
  // API key until the window ends (docs/auth.md "Rate limits")
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  API_KEY_FAILURE_LIMIT: number = 20;

  // Express "trust proxy": false (default) takes the client IP from the socket, so nobody can pick
  // their own IP for the sign-in limit with X-Forwarded-For; behind a reverse proxy set the number
  // of proxy hops (1) or their addresses/subnets (loopback, 10.0.0.0/8)
  @IsString()
  @Matches(/^(true|false|\d{1,2}|[0-9a-z.:/_, -]{1,500})$/i, { message: 'TRUST_PROXY must be false, true, a hop count, or proxy addresses/subnets' })
  TRUST_PROXY: string = 'false';

  // Database load (docs/reliability.md): reads a person waits for (segment preview / explain,
  // the client list and search) run on their own pool under a short statement timeout; every
  // other statement (jobs, writes) on the default pool under a long one (0 = none)
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(600_000)
  INTERACTIVE_STATEMENT_TIMEOUT_MS: number = 15_000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  BACKGROUND_STATEMENT_TIMEOUT_MS: number = 600_000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(2)
  @Max(200)
  INTERACTIVE_POOL_SIZE: number = 10;

  // heavy interactive queries (previews, explains, recomputes on demand) one business may run at
  // once per API process; above it 429 with Retry-After
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100)
  INTERACTIVE_HEAVY_PER_BUSINESS: number = 2;
}
