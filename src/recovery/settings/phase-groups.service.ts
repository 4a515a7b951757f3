import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf, Principal } from '../../auth';
import { notFound } from '../../common/domain-error';
import { ROW_ID } from '../../common/row-id';
import { conflict, invalidAt, invalidMany } from '../entries/recovery-errors';
import { lockPhasesExclusive } from '../entries/phase-lock';
import { ActivateGroupResultDto, RecoveryPhaseGroupDto, RecoveryPhaseGroupListDto } from './dto/settings-response.dto';
import { ActivateGroupDto, AddPhaseDto, CreatePhaseGroupDto, MAX_PHASES } from './dto/phase-group.dto';
import { PhaseGroupsRepository } from './phase-groups.repository';

const groupNotFound = () => notFound('phase group');
const phaseNotFound = () => notFound('phase');

/** Phase groups: create, rename, phases (add, rename, reorder, delete), activation with a mapping. */
@Injectable()
export class PhaseGroupsService {
  constructor(
    private readonly ds: DataSource,
    private readonly groups: PhaseGroupsRepository,
  ) {}

  async list(p: Principal): Promise<RecoveryPhaseGroupListDto> {
    return { items: await this.groups.list(p.businessId) };
  }

  async get(p: Principal, groupId: string): Promise<RecoveryPhaseGroupDto> {
    const g = await this.groups.group(p.businessId, groupId);
    if (!g) throw groupNotFound();
    return g;
  }

  async create(p: Principal, dto: CreatePhaseGroupDto): Promise<RecoveryPhaseGroupDto> {
    const id = await this.ds.transaction((m) => this.groups.createGroup(m, p.businessId, dto.name, dto.phases));
    return this.get(p, id);
  }

  async rename(p: Principal, groupId: string, name: string): Promise<RecoveryPhaseGroupDto> {
    return this.inGroup(p, groupId, (m) => this.groups.renameGroup(m, p.businessId, groupId, name));
  }

  async addPhase(p: Principal, groupId: string, dto: AddPhaseDto): Promise<RecoveryPhaseGroupDto> {
    return this.inGroup(p, groupId, async (m) => {
      const phases = await this.groups.phasesOf(m, p.businessId, groupId);
      if (phases.length >= MAX_PHASES) throw invalidAt('name', `a group has at most ${MAX_PHASES} phases`);
      if (dto.position !== undefined && dto.position > phases.length) throw invalidAt('position', `must be between 0 and ${phases.length}`);
      const id = await this.groups.insertPhase(m, p.businessId, groupId, dto.name);
      if (dto.position !== undefined) {
        const order = phases.map((ph) => ph.id);
        order.splice(dto.position, 0, id);
        await this.groups.setOrder(m, p.businessId, groupId, order);
      }
    });
  }

  async renamePhase(p: Principal, groupId: string, phaseId: string, name: string): Promise<RecoveryPhaseGroupDto> {
    return this.inGroup(p, groupId, async (m) => {
      await this.phaseOfGroup(m, p.businessId, groupId, phaseId);
      await this.groups.renamePhase(m, p.businessId, phaseId, name);
    });
  }

  /** phaseIds must name every phase of the group exactly once. */
  async reorder(p: Principal, groupId: string, phaseIds: string[]): Promise<RecoveryPhaseGroupDto> {
    return this.inGroup(p, groupId, async (m) => {
      const phases = await this.groups.phasesOf(m, p.businessId, groupId);
      const own = new Set(phases.map((ph) => ph.id));
      const problems: Array<{ path: string; reason: string }> = [];
      const seen = new Set<string>();
      phaseIds.forEach((id, i) => {
        if (!own.has(id)) problems.push({ path: `phaseIds[${i}]`, reason: `phase ${id} is not a phase of this group` });
        else if (seen.has(id)) problems.push({ path: `phaseIds[${i}]`, reason: `phase ${id} is listed twice` });
        seen.add(id);
      });
      for (const ph of phases) if (!seen.has(ph.id)) problems.push({ path: 'phaseIds', reason: `phase ${ph.id} (${ph.name}) is missing` });
      if (problems.length) throw invalidMany(problems);
      await this.groups.setOrder(m, p.businessId, groupId, phaseIds);
    });
  }

  /** 409 while open entries sit in the phase (move them first), or when it is the group's last phase. */
  async deletePhase(p: Principal, groupId: string, phaseId: string): Promise<RecoveryPhaseGroupDto> {
    return this.inGroup(p, groupId, async (m) => {
      await lockPhasesExclusive(m, p.businessId);
      await this.phaseOfGroup(m, p.businessId, groupId, phaseId);
      const phases = await this.groups.phasesOf(m, p.businessId, groupId);
      if (phases.length === 1) throw conflict('a group keeps at least one phase: this is its last one');
      const open = await this.groups.openEntriesIn(m, p.businessId, [phaseId]);
      if (open > 0) throw conflict(`the phase holds ${open} open ${open === 1 ? 'entry' : 'entries'}: move ${open === 1 ? 'it' : 'them'} to another phase first`, { openEntries: open });
      await this.groups.deletePhases(m, p.businessId, [phaseId]);
      await this.groups.setOrder(
        m,
        p.businessId,
        groupId,
        phases.filter((ph) => ph.id !== phaseId).map((ph) => ph.id),
      );
    });
  }

  /** The active group cannot be deleted (activate another first). */
  async deleteGroup(p: Principal, groupId: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await lockPhasesExclusive(m, p.businessId);
      const g = await this.groups.lockGroup(m, p.businessId, groupId);
      if (!g) throw groupNotFound();
      if (g.active) throw conflict('the active group cannot be deleted: activate another group first');
      const phases = await this.groups.phasesOf(m, p.businessId, groupId);
      await this.groups.deletePhases(
        m,
        p.businessId,
        phases.map((ph) => ph.id),
      );
      await this.groups.deleteGroup(m, p.businessId, groupId);
    });
  }

  /**
   * Makes the group the active one. While the current group has open entries, mapping must send
   * each of its phases to a phase of the new group; every open entry moves in the same
   * transaction (an entry is never left in an inactive group).
   */
  async activate(p: Principal, groupId: string, dto: ActivateGroupDto): Promise<ActivateGroupResultDto> {
    const moved = await this.ds.transaction(async (m) => {
      await lockPhasesExclusive(m, p.businessId);
      const g = await this.groups.lockGroup(m, p.businessId, groupId);
      if (!g) throw groupNotFound();
      if (g.active) {
        if (dto.mapping && Object.keys(dto.mapping).length) throw invalidAt('mapping', 'the group is active already: nothing to map');
        return 0;
      }
      const oldId = await this.groups.activeGroupId(m, p.businessId);
      const oldPhases = oldId ? await this.groups.phasesOf(m, p.businessId, oldId) : [];
      const newPhases = new Set((await this.groups.phasesOf(m, p.businessId, groupId)).map((ph) => ph.id));
      const open = oldPhases.length
        ? await this.groups.openEntriesIn(
            m,
            p.businessId,
            oldPhases.map((ph) => ph.id),
          )
        : 0;
      const mapping = dto.mapping ?? {};
      const problems: Array<{ path: string; reason: string }> = [];
      const oldIds = new Set(oldPhases.map((ph) => ph.id));
      for (const [from, to] of Object.entries(mapping)) {
        if (!oldIds.has(from)) problems.push({ path: `mapping.${from}`, reason: `phase ${from} is not a phase of the active group` });
        else if (typeof to !== 'string' || !ROW_ID.test(to) || !newPhases.has(to)) problems.push({ path: `mapping.${from}`, reason: `must be a phase id of group ${groupId}` });
      }
      if (open > 0 || Object.keys(mapping).length) {
        for (const ph of oldPhases) if (!(ph.id in mapping)) problems.push({ path: `mapping.${ph.id}`, reason: `phase ${ph.id} (${ph.name}) needs a phase of the new group` });
      }
      if (problems.length) throw invalidMany(problems);
      const n = open > 0 ? await this.groups.moveOpenEntries(m, p.businessId, Object.entries(mapping), { userId: p.userId, actor: actorOf(p) }) : 0;
      await this.groups.switchActive(m, p.businessId, groupId);
      return n;
    });
    return { group: await this.get(p, groupId), movedEntries: moved };
  }

  private async inGroup(p: Principal, groupId: string, fn: (m: EntityManager) => Promise<void>): Promise<RecoveryPhaseGroupDto> {
    await this.ds.transaction(async (m) => {
      if (!(await this.groups.lockGroup(m, p.businessId, groupId))) throw groupNotFound();
      await fn(m);
    });
    return this.get(p, groupId);
  }

  private async phaseOfGroup(m: EntityManager, businessId: string, groupId: string, phaseId: string): Promise<void> {
    const ph = await this.groups.phase(m, businessId, phaseId);
    if (!ph || ph.groupId !== groupId) throw phaseNotFound();
  }
}
