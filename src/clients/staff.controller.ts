import { ApiTags } from '@nestjs/swagger';
import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal, Principal, AnyRole } from '../auth';
import { StaffListDto } from './dto/staff.dto';
import { StaffReadRepository } from './staff-read.repository';

@ApiTags('Staff')
@Controller('api/v1/staff')
export class StaffController {
  constructor(private readonly staff: StaffReadRepository) {}

  /** The business's staff members (any role: the task inbox names them). */
  @AnyRole()
  @Get()
  async list(@CurrentPrincipal() p: Principal): Promise<StaffListDto> {
    return { items: await this.staff.list(p.businessId) };
  }
}
