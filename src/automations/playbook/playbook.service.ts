import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_GOAL, DEFAULT_HOLDOUT_PERCENT } from '../../campaigns';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { SegmentsService } from '../../segments';
import { AutomationRepository, type AutomationRow } from '../automation.repository';
import { parseSteps, parseTrigger } from '../definition/automation-definition';
import { NEW_MEMBER_SEGMENT, PLAYBOOK_VERSION, playbookEntries, type PlaybookEntry } from './playbook';

/**
 * Installs the default playbook once per business: on the business's first automations listing
 * (so business creation does not depend on automations) and for existing businesses through
 * `npm run cli -- automations:playbook`. automation_playbook records who got it, so archiving the
 * ready-made automations never brings them back.
 */
@Injectable()
export class PlaybookService {
  private readonly logger = new Logger(PlaybookService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly automations: AutomationRepository,
    private readonly segments: SegmentsService,
  ) {}

  /** True when this call installed it. Safe to race: one transaction wins the playbook row. */
  async ensure(businessId: string): Promise<boolean> {
    const [had] = await this.ds.query(`SELECT 1 FROM automation_playbook WHERE business_id = $1`, [businessId]);
    if (had) return false;
    const segmentId = await this.newMemberSegment(businessId);
    const installed = await this.ds.transaction(async (m) => {
      const won = await m.query(`INSERT INTO automation_playbook (business_id, version) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING business_id`, [businessId, PLAYBOOK_VERSION]);
      if (!won.length) return false;
      await this.createEntries(m, businessId, playbookEntries(segmentId));
      return true;
    });
    if (installed) this.logger.log(`business ${businessId}: default automation playbook v${PLAYBOOK_VERSION} installed (disabled)`);
    return installed;
  }

  /**
   * "Install the default playbook" asked for by a person: the ready-made automations the business
   * does not have now (never installed, or archived since) are added again, disabled; those in use
   * are left alone. Returns the ones added. Two requests at once add each entry once (the
   * playbook row is locked for the transaction).
   */
  async reinstall(businessId: string): Promise<AutomationRow[]> {
    await this.ensure(businessId);
    const segmentId = await this.newMemberSegment(businessId);
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT 1 FROM automation_playbook WHERE business_id = $1 FOR UPDATE`, [businessId]);
      const inUse: Array<{ key: string }> = await m.query(`SELECT playbook_key AS key FROM automation WHERE business_id = $1 AND playbook_key IS NOT NULL AND archived_at IS NULL`, [businessId]);
      const have = new Set(inUse.map((r) => r.key));
      const missing = playbookEntries(segmentId).filter((e) => !have.has(e.key));
      // the key is unique per business (archived rows included): an archived copy gives it up to the new one
      await m.query(`UPDATE automation SET playbook_key = NULL WHERE business_id = $1 AND archived_at IS NOT NULL AND playbook_key = ANY($2::text[])`, [businessId, missing.map((e) => e.key)]);
      return this.createEntries(m, businessId, missing);
    });
  }

  private async createEntries(m: EntityManager, businessId: string, entries: PlaybookEntry[]): Promise<AutomationRow[]> {
    const rows: AutomationRow[] = [];
    for (const entry of entries) {
      const { trigger } = parseTrigger(entry.trigger);
      const { steps, problems } = parseSteps(entry.steps, { checkTemplate: () => [] });
      if (!trigger || !steps) throw new Error(`playbook entry ${entry.key} is invalid: ${JSON.stringify(problems)}`);
      const row = await this.automations.create(
        businessId,
        { name: entry.name, trigger, steps, reentry: { policy: 'once' }, goal: DEFAULT_GOAL, holdoutPercent: DEFAULT_HOLDOUT_PERCENT, enabled: false, nextRunAt: null, playbookKey: entry.key },
        m,
      );
      if (row) rows.push(row);
    }
    return rows;
  }

  /** Every business that never had the playbook (the CLI step for existing businesses). */
  async ensureAll(): Promise<{ businesses: number; installed: number }> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT b.id FROM business b WHERE NOT EXISTS (SELECT 1 FROM automation_playbook p WHERE p.business_id = b.id) ORDER BY b.created_at, b.id`,
    );
    let installed = 0;
    for (const r of rows) if (await this.ensure(r.id)) installed++;
    return { businesses: rows.length, installed };
  }

  private async newMemberSegment(businessId: string): Promise<string> {
    try {
      return (await this.segments.create(businessId, NEW_MEMBER_SEGMENT)).id;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === ErrorCode.Conflict)) throw e;
      // a segment of that name exists (an earlier attempt, or the business's own): use it
      const existing = (await this.segments.list(businessId)).items.find((s) => s.name.toLowerCase() === NEW_MEMBER_SEGMENT.name.toLowerCase());
      if (!existing) throw e;
      return existing.id;
    }
  }
}
