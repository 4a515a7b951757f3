import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/domain-error';
import { describeCaller, Principal } from '../auth';
import { StaffDirectoryRepository } from './staff-directory.repository';
import { invalidField, notYourTask } from './tasks.errors';

/**
 * Who the caller is to tasks: the staff member behind its credential (api_key.staff_id or
 * app_user.staff_id, as the auth guard put it on the principal), and what the staff role may do
 * (its own inbox and its own tasks only).
 */
@Injectable()
export class TaskAccess {
  constructor(private readonly directory: StaffDirectoryRepository) {}

  async staffIdOf(p: Principal): Promise<string | null> {
    return p.staffId;
  }

  async staffExistsIn(p: Principal, staffId: string): Promise<boolean> {
    return this.directory.staffExists(p.businessId, staffId);
  }

  /** The staff member behind assignee=me, or a 400 saying how to get one. */
  async me(p: Principal): Promise<string> {
    const staffId = await this.staffIdOf(p);
    if (!staffId) {
      throw invalidField(
        'assignee',
        'me needs an API key bound to a staff member (POST /api/v1/staff/:staffId/api-keys or `npm run cli -- staff:api-key`), or a user linked to one (PATCH /api/v1/users/:id with staffId)',
      );
    }
    return staffId;
  }

  /** The staff role only acts on tasks assigned to its own staff member. */
  async assertMayAct(p: Principal, assigneeStaffId: string | null): Promise<void> {
    if (p.role !== 'staff') return;
    const mine = await this.staffIdOf(p);
    if (!mine || mine !== assigneeStaffId) throw notYourTask();
  }

  /** Teams, staff keys and reports are for admins and managers, not the staff role. */
  assertManager(p: Principal, what: string): void {
    if (p.role === 'staff') throw new DomainError(ErrorCode.Forbidden, `${describeCaller(p)} cannot ${what}`);
  }

  assertAdmin(p: Principal, what: string): void {
    if (p.role !== 'admin') throw new DomainError(ErrorCode.Forbidden, `only an admin can ${what}`);
  }
}
