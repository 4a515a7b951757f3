import { benchWebhooks } from './ingest-webhooks';
import { arg } from './support/bench-setup';

// npm run bench:ingest [-- --rate 1000 --seconds 20 --rows 200000]
// Webhooks: accepted/s and p99 at a sustained open-loop rate, then processed/s into canonical
// tables. Import: rows/s through the CSV path and the HTTP API against a plain COPY.
async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const only = process.argv.includes('--webhooks-only') ? 'webhooks' : process.argv.includes('--import-only') ? 'import' : 'both';
  if (only !== 'import') {
    const base = { rate: arg('rate', 1000), seconds: arg('seconds', 20), clients: 10_000, port: arg('port', 3917), adminUrl };
    // intake alone (worker started after the load), then intake with the worker draining alongside
    const apart = await benchWebhooks({ ...base, workerDuringLoad: false });
    console.log('webhooks, intake then processing', JSON.stringify(apart, null, 2));
    const together = await benchWebhooks({ ...base, workerDuringLoad: true });
    console.log('webhooks, intake and processing together', JSON.stringify(together, null, 2));
  }
  if (only !== 'webhooks') {
    // the import half lives in ingest-import.ts
    const { benchImport } = await import('./ingest-import');
    const im = await benchImport({ rows: arg('rows', 200_000) } as never);
    console.log('import', JSON.stringify(im, null, 2));
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
