import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Channel } from '../actions.types';
import { SendHooks, SendOutcome } from '../channels/channel-provider';
import { HandOverRefused } from '../channels/delivery-errors';
import { TouchOutcome } from '../touches/touch.repository';
import { GroupCommit } from './group-commit';

interface Claim {
  businessId: string;
  token: string;
  touchId: string;
}

type Recorded = Claim & TouchOutcome;

const IN_DOUBT_ERROR = 'a delivery run stopped while handing this message to the provider; it may have arrived, so it is not resent automatically (POST /api/v1/deliveries/:id/resend)';

/** What one delivery run's chunk reports while it sends, and what it leaves for the rest of the run. */
interface ChunkHooks extends SendHooks {
  /** Records the chunk's outcomes and answers those of touches still this run's (not taken over by another run). */
  finish(outcomes: SendOutcome[]): Promise<SendOutcome[]>;
}

/**
 * The durable record of how far each claimed touch got (docs/reliability.md "Deliveries and 'in
 * doubt'"): claimed (status sending), handed over (handed_over_at: the provider may have it from
 * now on) and its outcome. Hand-overs are written per message as they happen, in group commits
 * shared by every job of the process; outcomes once per chunk. Crash recovery reads it: a claim
 * never handed over goes back to the queue, one handed over without an outcome is in doubt.
 */
@Injectable()
export class DeliveryLedger {
  // a hand-over holds an SMTP connection (or a request) while it is written: up to 3 at once
  private readonly handOvers = new GroupCommit<Claim, boolean>((items) => this.writeHandOvers(items), 3);

  constructor(private readonly ds: DataSource) {}

  /** Hooks for one chunk of touches claimed under `token`. */
  hooks(businessId: string, token: string, toOutcome: (o: SendOutcome) => TouchOutcome): ChunkHooks {
    const refused = new Set<string>();
    return {
      handOver: async (touchId) => {
        if (!(await this.handOvers.submit({ businessId, token, touchId }))) {
          refused.add(touchId);
          throw new HandOverRefused(touchId);
        }
      },
      // outcomes are written together when the chunk is done, one statement per chunk: per message
      // they cost 0.5x of the baseline against 0.7x (docs/benchmarks.md); a crash before it leaves
      // the chunk's handed-over messages in doubt, the ones not handed over are sent again
      settled: () => undefined,
      finish: async (all) => {
        const mine = all.filter((o) => !refused.has(o.touchId));
        if (mine.length) await this.writeOutcomes(mine.map((o) => ({ businessId, token, ...toOutcome(o) })));
        return mine;
      },
    };
  }

  /**
   * A job's touches that another processing run claimed and never settled (that run died, or Bull
   * thought it stalled). Those it never handed over go back to the queue and this run sends them;
   * those it handed over are failed with error_code in_doubt and left alone. A run that is in fact
   * still alive loses the touches handed back (its hand-over matches on its claim token, which is
   * cleared) and still records the outcome of those it handed over, over the in-doubt mark.
   */
  async recoverClaims(businessId: string, touchIds: string[], token: string): Promise<{ requeued: number; inDoubt: number }> {
    const [row] = await this.ds.query(
      `WITH r AS (${recoverSql('$4')} WHERE business_id = $1 AND id = ANY($2::bigint[]) AND status = 'sending' AND claim_token IS DISTINCT FROM $3::uuid
                  RETURNING status)
       SELECT count(*) FILTER (WHERE status = 'queued')::int AS requeued, count(*) FILTER (WHERE status = 'failed')::int AS "inDoubt" FROM r`,
      [businessId, touchIds, token, IN_DOUBT_ERROR],
    );
    return row;
  }

  /** The sweeper's form: claims older than `before` whose run is gone, in every business; answers the touches handed back. */
  async recoverAbandoned(before: Date): Promise<{ requeued: Array<{ businessId: string; runId: string; channel: Channel; id: string }>; inDoubt: number }> {
    const rows: Array<{ businessId: string; runId: string | null; channel: Channel; id: string; status: string }> = await this.ds.query(
      `WITH r AS (${recoverSql('$2')} WHERE status = 'sending' AND claimed_at < $1::timestamptz
                  RETURNING business_id, run_id, channel, id, status)
       SELECT business_id AS "businessId", run_id::text AS "runId", channel, id::text AS id, status FROM r ORDER BY id`,
      [before, IN_DOUBT_ERROR],
    );
    return {
      requeued: rows.filter((r) => r.status === 'queued' && r.runId !== null) as Array<{ businessId: string; runId: string; channel: Channel; id: string }>,
      inDoubt: rows.filter((r) => r.status === 'failed').length,
    };
  }

  // only a touch still claimed by this run, and not handed over by it yet (a repeat is harmless)
  private async writeHandOvers(items: Claim[]): Promise<boolean[]> {
    // (a SELECT over the UPDATE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count])
    const rows: Array<{ id: string }> = await this.ds.query(
      `WITH ${ASYNC_COMMIT},
       u AS (
         UPDATE touch t SET handed_over_at = coalesce(t.handed_over_at, now())
           FROM unnest($1::uuid[], $2::bigint[], $3::uuid[]) AS h(business_id, id, token)
          WHERE t.business_id = h.business_id AND t.id = h.id AND t.claim_token = h.token AND t.status = 'sending'
          RETURNING t.id
       ) SELECT u.id::text AS id FROM async, u`,
      [items.map((i) => i.businessId), items.map((i) => i.touchId), items.map((i) => i.token)],
    );
    const ok = new Set(rows.map((r) => r.id));
    return items.map((i) => ok.has(i.touchId));
  }

  /**
   * What the provider said, for claimed touches (matching on the claim token). 'queued' hands a
   * touch back (a transient failure: the provider did not take it) so a retry sends it; 'failed'
   * also overwrites an in-doubt mark another run set while this one was still sending.
   */
  private async writeOutcomes(items: Recorded[]): Promise<void> {
    await this.ds.query(
      `WITH ${ASYNC_COMMIT}
       UPDATE touch t
          SET status = o.status,
              provider_message_id = coalesce(o.pmid, t.provider_message_id),
              sent_at = CASE WHEN o.status = 'sent' THEN now() ELSE t.sent_at END,
              failed_at = CASE WHEN o.status = 'failed' THEN now() ELSE t.failed_at END,
              error_code = o.code, error = o.err,
              claim_token = CASE WHEN o.status = 'queued' THEN NULL ELSE t.claim_token END,
              claimed_at = CASE WHEN o.status = 'queued' THEN NULL ELSE t.claimed_at END,
              handed_over_at = CASE WHEN o.status = 'queued' THEN NULL ELSE t.handed_over_at END
         FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[]) AS o(business_id, id, token, status, pmid, code, err)
        WHERE t.business_id = o.business_id AND t.id = o.id AND t.claim_token = o.token AND t.status IN ('sending', 'failed')
          AND (SELECT true FROM async)`,
      [
        items.map((o) => o.businessId),
        items.map((o) => o.touchId),
        items.map((o) => o.token),
        items.map((o) => o.status),
        items.map((o) => o.providerMessageId),
        items.map((o) => o.errorCode),
        items.map((o) => o.error),
      ],
    );
  }
}

// Hand-overs and outcomes commit without waiting for the WAL flush (synchronous_commit off for
// that transaction only): visible to every other session at once, so durable against the crash
// of a worker, which is what they are for; only a PostgreSQL crash within about 3 x
// wal_writer_delay can lose them (docs/reliability.md "Limits"). Waiting for the flush on every
// message held each SMTP connection idle for it: 0.58x of the baseline instead of 0.70x.
const ASYNC_COMMIT = `async AS (SELECT set_config('synchronous_commit', 'off', true))`;

// Settles claims by how far they got; `errorParam` is the placeholder of the in-doubt text.
const recoverSql = (errorParam: string) => `
  UPDATE touch SET
    status = CASE WHEN handed_over_at IS NULL THEN 'queued' ELSE 'failed' END,
    failed_at = CASE WHEN handed_over_at IS NULL THEN failed_at ELSE now() END,
    error_code = CASE WHEN handed_over_at IS NULL THEN NULL ELSE 'in_doubt' END,
    error = CASE WHEN handed_over_at IS NULL THEN NULL ELSE ${errorParam}::text END,
    claim_token = CASE WHEN handed_over_at IS NULL THEN NULL ELSE claim_token END,
    claimed_at = CASE WHEN handed_over_at IS NULL THEN NULL ELSE claimed_at END`;
