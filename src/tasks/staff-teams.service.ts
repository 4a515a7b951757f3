import { Injectable } from '@nestjs/common';
import { Principal } from '../auth';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { CreateStaffKeyDto } from './dto/staff-key.dto';
import { CreateTeamDto } from './dto/team.dto';
import { StaffDirectoryRepository, TeamView } from './staff-directory.repository';
import { TaskAccess } from './task-access';
import { invalidField } from './tasks.errors';

const UNIQUE_VIOLATION = '23505';

/** Teams for round-robin assignment, and API keys bound to a staff member ("assignee=me"). */
@Injectable()
export class StaffTeamsService {
  constructor(
    private readonly directory: StaffDirectoryRepository,
    private readonly access: TaskAccess,
  ) {}

  async create(p: Principal, dto: CreateTeamDto): Promise<TeamView> {
    this.access.assertManager(p, 'manage teams');
    try {
      const team = await this.directory.createTeam(p.businessId, dto.name.trim(), dto.staffIds);
      if (!team) throw invalidField('staffIds', 'contains an id that is not a staff member of this business');
      return team;
    } catch (e) {
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) throw new DomainError(ErrorCode.Conflict, `a team named "${dto.name.trim()}" already exists`);
      throw e;
    }
  }

  async list(p: Principal) {
    return { items: await this.directory.teams(p.businessId) };
  }

  async get(p: Principal, id: string): Promise<TeamView> {
    const team = await this.directory.team(p.businessId, id);
    if (!team) throw notFound('team');
    return team;
  }

  async setMembers(p: Principal, id: string, staffIds: string[]): Promise<TeamView> {
    this.access.assertManager(p, 'manage teams');
    const team = await this.directory.setMembers(p.businessId, id, staffIds);
    if (team === null) throw notFound('team');
    if (team === undefined) throw invalidField('staffIds', 'contains an id that is not a staff member of this business');
    return team;
  }

  async remove(p: Principal, id: string): Promise<void> {
    this.access.assertManager(p, 'manage teams');
    if (!(await this.directory.deleteTeam(p.businessId, id))) throw notFound('team');
  }

  /** A new API key acting for an active staff member (role staff by default); shown once. */
  async createStaffKey(p: Principal, staffId: string, dto: CreateStaffKeyDto) {
    this.access.assertAdmin(p, 'create API keys');
    const key = await this.directory.createStaffKey(p.businessId, staffId, { name: dto.name, role: dto.role });
    if (!key) throw notFound('active staff member');
    return key;
  }
}
