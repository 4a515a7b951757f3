import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf, Principal } from '../../auth';
import { notFound } from '../../common/domain-error';
import { conflict, invalidAt } from './recovery-errors';
import { lockPhasesShared } from './phase-lock';
import { PhaseGroupsRepository } from '../settings/phase-groups.repository';
import { AddNoteDto, ReopenEntryDto, SetOutcomeDto, UpdateEntryDto } from './dto/entry-actions.dto';
import { EntryQueryDto } from './dto/entry-query.dto';
import { RecoveryEntryDto, RecoveryEntryListDto } from './dto/entry-response.dto';
import { EntryRepository, EntryState } from './entry.repository';
import { RecoveryActor } from './entry.types';

const entryNotFound = () => notFound('recovery entry');
const actor = (p: Principal): RecoveryActor => ({ userId: p.userId, actor: actorOf(p) });

/**
 * The life of an entry by hand: move, assign, note, outcome, reopen, seen / unseen. Every change
 * is one transaction that locks the entry row, checks the version the caller saw (a stale one is
 * a 409, never a lost update) and writes an event.
 */
@Injectable()
export class EntriesService {
  constructor(
    private readonly ds: DataSource,
    private readonly entries: EntryRepository,
    private readonly phases: PhaseGroupsRepository,
  ) {}

  async get(p: Principal, id: string): Promise<RecoveryEntryDto> {
    const card = await this.entries.card(p.businessId, id);
    if (!card) throw entryNotFound();
    const history = await this.entries.events(p.businessId, id);
    const notes = history
      .filter((e) => e.kind === 'note')
      .map((e) => ({ id: e.id, at: e.at, actorUserId: e.actorUserId, actor: e.actor, actorName: e.actorName, text: typeof e.data.text === 'string' ? e.data.text : '' }));
    return { ...(card as unknown as RecoveryEntryDto), history, notes };
  }

  async list(p: Principal, q: EntryQueryDto): Promise<RecoveryEntryListDto> {
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const { items, total } = await this.entries.list(p.businessId, { state: q.state ?? 'open', phaseId: q.phaseId, limit, offset });
    return { items, total, limit, offset };
  }

  /** Move (to a phase of the active group) and/or assign; a no-op change writes nothing. */
  async update(p: Principal, id: string, dto: UpdateEntryDto): Promise<RecoveryEntryDto> {
    if (dto.phaseId === undefined && dto.assigneeStaffId === undefined) throw invalidAt('phaseId', 'give phaseId and/or assigneeStaffId');
    await this.ds.transaction(async (m) => {
      await lockPhasesShared(m, p.businessId);
      const e = await this.lockFresh(m, p.businessId, id, dto.version);
      if (e.outcome) throw conflict(`the entry is closed (${e.outcome}): reopen it first`);
      const set: Record<string, unknown> = {};
      if (dto.phaseId !== undefined && dto.phaseId !== e.phaseId) {
        const target = await this.phases.phase(m, p.businessId, dto.phaseId);
        if (!target) throw invalidAt('phaseId', `phase ${dto.phaseId} does not exist`);
        if (!target.active) throw invalidAt('phaseId', `phase ${dto.phaseId} (${target.name}) belongs to an inactive group`);
        set.phase_id = dto.phaseId;
        await this.entries.event(m, p.businessId, id, 'moved', actor(p), { from: e.phaseId, to: dto.phaseId, toName: target.name });
      }
      if (dto.assigneeStaffId !== undefined && dto.assigneeStaffId !== e.assigneeStaffId) {
        if (dto.assigneeStaffId !== null && !(await this.entries.activeStaff(m, p.businessId, dto.assigneeStaffId))) {
          throw invalidAt('assigneeStaffId', `${dto.assigneeStaffId} is not an active staff member of this business`);
        }
        set.assignee_staff_id = dto.assigneeStaffId;
        await this.entries.event(m, p.businessId, id, 'assigned', actor(p), { from: e.assigneeStaffId, to: dto.assigneeStaffId });
      }
      if (Object.keys(set).length) await this.entries.update(m, p.businessId, id, set);
    });
    return this.get(p, id);
  }

  /** Notes do not bump the version: writing one never makes someone's move stale. */
  async addNote(p: Principal, id: string, dto: AddNoteDto): Promise<RecoveryEntryDto> {
    await this.ds.transaction(async (m) => {
      if (!(await this.entries.exists(m, p.businessId, id))) throw entryNotFound();
      await this.entries.event(m, p.businessId, id, 'note', actor(p), { text: dto.text });
    });
    return this.get(p, id);
  }

  /** Exactly one outcome: a closed entry must be reopened before it gets another. */
  async setOutcome(p: Principal, id: string, dto: SetOutcomeDto): Promise<RecoveryEntryDto> {
    await this.ds.transaction(async (m) => {
      const e = await this.lockFresh(m, p.businessId, id, dto.version);
      if (e.outcome) throw conflict(`the entry already has an outcome (${e.outcome}): reopen it first`);
      await this.entries.update(m, p.businessId, id, { outcome: dto.outcome, outcome_at: new Date(), outcome_reason: dto.reason ?? null, outcome_by: actorOf(p) });
      await this.entries.event(m, p.businessId, id, 'outcome', actor(p), { outcome: dto.outcome, reason: dto.reason ?? null });
    });
    return this.get(p, id);
  }

  /**
   * Back on the board without an outcome: in phaseId if given, else its old phase while that is
   * in the active group, else the active group's first phase.
   */
  async reopen(p: Principal, id: string, dto: ReopenEntryDto): Promise<RecoveryEntryDto> {
    await this.ds.transaction(async (m) => {
      await lockPhasesShared(m, p.businessId);
      const e = await this.lockFresh(m, p.businessId, id, dto.version);
      if (!e.outcome) throw conflict('the entry is open: nothing to reopen');
      let phaseId: string | undefined;
      if (dto.phaseId) {
        const target = await this.phases.phase(m, p.businessId, dto.phaseId);
        if (!target) throw invalidAt('phaseId', `phase ${dto.phaseId} does not exist`);
        if (!target.active) throw invalidAt('phaseId', `phase ${dto.phaseId} (${target.name}) belongs to an inactive group`);
        phaseId = dto.phaseId;
      } else {
        const old = e.phaseId ? await this.phases.phase(m, p.businessId, e.phaseId) : undefined;
        phaseId = old?.active ? old.id : await this.entries.firstActivePhase(m, p.businessId);
      }
      await this.entries.update(m, p.businessId, id, { outcome: null, outcome_at: null, outcome_reason: null, outcome_by: null, phase_id: phaseId ?? null });
      await this.entries.event(m, p.businessId, id, 'reopened', actor(p), { previousOutcome: e.outcome, phaseId: phaseId ?? null });
    });
    return this.get(p, id);
  }

  /** Marks it seen (the page calls this after 2 s open); seeing a seen entry again writes nothing. */
  async setSeen(p: Principal, id: string, seen: boolean): Promise<RecoveryEntryDto> {
    await this.ds.transaction(async (m) => {
      if (!(await this.entries.exists(m, p.businessId, id))) throw entryNotFound();
      if (await this.entries.setSeen(m, p.businessId, id, seen)) await this.entries.event(m, p.businessId, id, seen ? 'seen' : 'unseen', actor(p));
    });
    return this.get(p, id);
  }

  private async lockFresh(m: EntityManager, businessId: string, id: string, version: number): Promise<EntryState> {
    const e = await this.entries.lock(m, businessId, id);
    if (!e) throw entryNotFound();
    if (e.version !== version) throw conflict(`the entry changed since version ${version} (now ${e.version}): reload it and try again`, { version: e.version });
    return e;
  }
}
