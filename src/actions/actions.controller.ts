import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { notFound } from '../common/domain-error';
import { ActionsService } from './actions.service';
import { ListTouchesQuery, SendActionDto } from './dto/actions.dto';
import { TouchRepository } from './touches/touch.repository';

const ID = /^[1-9]\d{0,18}$/;

@Controller('api/v1')
export class ActionsController {
  constructor(
    private readonly actions: ActionsService,
    private readonly touches: TouchRepository,
  ) {}

  /** One message on one channel to explicit clients of the caller's business, with every guard. */
  @Roles('admin', 'marketer')
  @Post('actions/send')
  @HttpCode(202)
  send(@CurrentPrincipal() p: Principal, @Body() dto: SendActionDto) {
    return this.actions.dispatch({ ...dto, businessId: p.businessId });
  }

  /** The stale-data hold: whether automated sends wait for fresh booking data, and how many. */
  @Get('actions/hold')
  hold(@CurrentPrincipal() p: Principal) {
    return this.actions.holdStatus(p.businessId);
  }

  /** Progress of a run: touches per status. */
  @Get('actions/runs/:id')
  async run(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    const run = ID.test(id) ? await this.touches.findRun(p.businessId, id) : undefined;
    if (!run) throw notFound('run');
    return { id: run.id, origin: run.origin, variant: run.variant || null, channel: run.channel, counts: await this.touches.runCounts(p.businessId, run.id) };
  }

  @Get('touches')
  list(@CurrentPrincipal() p: Principal, @Query() q: ListTouchesQuery) {
    return this.touches.list(p.businessId, { ...q, limit: q.limit ?? 100 });
  }

  @Get('touches/:id')
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    const touch = ID.test(id) ? await this.touches.get(p.businessId, id) : undefined;
    if (!touch) throw notFound('touch');
    return touch;
  }
}
