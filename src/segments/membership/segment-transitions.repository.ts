import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface PendingEvaluation {
  id: string;
  businessId: string;
  segmentId: string;
  at: string;
}

/** The outbox side of segment_transition: what still has to be published, and marking it done. */
@Injectable()
export class SegmentTransitionsRepository {
  constructor(private readonly ds: DataSource) {}

  async evaluation(id: string): Promise<PendingEvaluation | undefined> {
    const [row] = await this.ds.query(
      `SELECT id::text, business_id AS "businessId", segment_id::text AS "segmentId", started_at AS at FROM segment_evaluation WHERE id = $1 AND published_at IS NULL`,
      [id],
    );
    return row ? { ...row, at: new Date(row.at).toISOString() } : undefined;
  }

  async pending(olderThanSeconds: number, limit = 100): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id::text FROM segment_evaluation WHERE published_at IS NULL AND started_at < now() - make_interval(secs => $1) ORDER BY started_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Client ids of one kind of transition of an evaluation, in id order, one page at a time. */
  async clientIds(evaluationId: string, kind: 'entered' | 'exited', afterId: string | null, limit: number): Promise<{ lastId: string | null; clientIds: string[] }> {
    const rows: Array<{ id: string; client_id: string }> = await this.ds.query(
      `SELECT id::text, client_id::text FROM segment_transition
        WHERE evaluation_id = $1 AND kind = $2 AND ($3::bigint IS NULL OR id > $3::bigint) ORDER BY id LIMIT $4`,
      [evaluationId, kind, afterId, limit],
    );
    return { lastId: rows.at(-1)?.id ?? null, clientIds: rows.map((r) => r.client_id) };
  }

  async markPublished(evaluationId: string): Promise<void> {
    await this.ds.query(`UPDATE segment_evaluation SET published_at = now() WHERE id = $1 AND published_at IS NULL`, [evaluationId]);
  }
}
