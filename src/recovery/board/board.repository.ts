import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CARD_COLUMNS, CARD_JOINS } from '../entries/entry.repository';
import { RecoveryEntryCardDto } from '../entries/dto/entry-response.dto';
import { RecoveryBoardDto } from './board-response.dto';

/**
 * The board in three statements, each on recovery_entry_board_idx (business, phase, newest
 * first, open only): the active group's phases, the counts per phase, and for each phase its
 * first `limit` cards (a LATERAL top-N per column, so the cost follows the page, not the backlog).
 */
@Injectable()
export class BoardRepository {
  constructor(private readonly ds: DataSource) {}

  async board(businessId: string, limit: number): Promise<RecoveryBoardDto | undefined> {
    const phases: Array<{ id: string; name: string; position: number; groupId: string; groupName: string }> = await this.ds.query(
      `SELECT p.id::text, p.name, p.position, g.id::text AS "groupId", g.name AS "groupName"
         FROM recovery_phase_group g JOIN recovery_phase p ON p.group_id = g.id
        WHERE g.business_id = $1 AND g.active ORDER BY p.position`,
      [businessId],
    );
    if (!phases.length) return undefined;
    const ids = phases.map((p) => p.id);
    const [counts, cards]: [Array<{ phaseId: string; count: number; unseen: number }>, Array<RecoveryEntryCardDto & { column: string }>] = await Promise.all([
      this.ds.query(
        `SELECT phase_id::text AS "phaseId", count(*)::int AS count, count(*) FILTER (WHERE seen_at IS NULL)::int AS unseen
           FROM recovery_entry WHERE business_id = $1 AND outcome IS NULL AND phase_id = ANY($2::bigint[]) GROUP BY phase_id`,
        [businessId, ids],
      ),
      this.ds.query(
        `SELECT ph.id::text AS "column", x.* FROM unnest($2::bigint[]) AS ph(id)
           CROSS JOIN LATERAL (
             SELECT ${CARD_COLUMNS} FROM recovery_entry e ${CARD_JOINS}
              WHERE e.business_id = $1 AND e.phase_id = ph.id AND e.outcome IS NULL
              ORDER BY e.created_at DESC, e.id DESC LIMIT $3) x`,
        [businessId, ids, limit],
      ),
    ]);
    const byPhase = new Map(counts.map((c) => [c.phaseId, c]));
    const columns = phases.map((p) => ({
      id: p.id,
      name: p.name,
      position: p.position,
      count: byPhase.get(p.id)?.count ?? 0,
      unseen: byPhase.get(p.id)?.unseen ?? 0,
      entries: cards.filter((c) => c.column === p.id).map(({ column: _column, ...card }) => card),
    }));
    return {
      groupId: phases[0].groupId,
      groupName: phases[0].groupName,
      total: columns.reduce((n, c) => n + c.count, 0),
      unseen: columns.reduce((n, c) => n + c.unseen, 0),
      limit,
      columns,
    };
  }
}
