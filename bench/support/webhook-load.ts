import http from 'http';

/** One delivery: its JSON body and the headers that sign it (made when it is sent, so timestamps are fresh). */
export type WebhookDelivery = { body: string; headers: Record<string, string> };

export interface OpenLoopResult {
  /** Round trips of the 202 answers, in ms, in order of arrival. */
  latencies: number[];
  /** Deliveries answered with anything but 202, or not answered. */
  failed: number;
  /** From the first send to the last answer. */
  acceptSeconds: number;
}

/**
 * POSTs `total` deliveries to `path` on the local API at `rate` a second, open-loop: fired on
 * schedule regardless of answers (a closed loop would hide queueing). delivery(n) makes the n-th (1-based).
 */
export async function postOpenLoop(opts: { port: number; path: string; rate: number; total: number; delivery: (n: number) => WebhookDelivery }): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  let failed = 0;
  let seq = 0;
  const send = (): Promise<void> =>
    new Promise((resolve) => {
      const { body, headers } = opts.delivery(++seq);
      const started = process.hrtime.bigint();
      const req = http.request(
        {
          host: '127.0.0.1',
          port: opts.port,
          path: opts.path,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 202) latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            else failed++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });

  const inflight: Promise<void>[] = [];
  const t0 = Date.now();
  const tickMs = 10;
  let sent = 0;
  while (sent < opts.total) {
    const due = Math.min(opts.total, Math.floor(((Date.now() - t0) / 1000) * opts.rate));
    while (sent < due) {
      inflight.push(send());
      sent++;
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  await Promise.all(inflight);
  const acceptSeconds = (Date.now() - t0) / 1000;
  agent.destroy();
  return { latencies, failed, acceptSeconds };
}
