import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { notFound } from '../common/domain-error';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ActionsService } from './actions.service';
import { ListTouchesQuery, SendActionDto } from './dto/actions.dto';
import { ActionRunDto, DispatchResultDto, HoldStatusDto, TouchDto, TouchListDto } from './dto/actions-response.dto';
import { TouchRepository } from './touches/touch.repository';

const ID = /^[1-9]\d{0,18}$/;

@ApiTags('Actions')
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
  @ApiAcceptedResponse({ type: DispatchResultDto, description: 'Touches claimed and delivery jobs queued' })
  send(@CurrentPrincipal() p: Principal, @Body() dto: SendActionDto): Promise<DispatchResultDto> {
    return this.actions.dispatch({ ...dto, businessId: p.businessId });
  }

  /** The stale-data hold: whether automated sends wait for fresh booking data, and how many. */
  @Get('actions/hold')
  hold(@CurrentPrincipal() p: Principal): Promise<HoldStatusDto> {
    return this.actions.holdStatus(p.businessId);
  }

  /** Progress of a run: touches per status. */
  @Get('actions/runs/:id')
  @ApiErrors({ 404: 'run not found' })
  async run(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<ActionRunDto> {
    const run = ID.test(id) ? await this.touches.findRun(p.businessId, id) : undefined;
    if (!run) throw notFound('run');
    return { id: run.id, origin: run.origin, variant: run.variant || null, channel: run.channel, counts: await this.touches.runCounts(p.businessId, run.id) };
  }

  @Get('touches')
  list(@CurrentPrincipal() p: Principal, @Query() q: ListTouchesQuery): Promise<TouchListDto> {
    return this.touches.list(p.businessId, { ...q, limit: q.limit ?? 100 }) as unknown as Promise<TouchListDto>;
  }

  @Get('touches/:id')
  @ApiErrors({ 404: 'touch not found' })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<TouchDto> {
    const touch = ID.test(id) ? await this.touches.get(p.businessId, id) : undefined;
    if (!touch) throw notFound('touch');
    // TouchView types only its key columns; TouchDto names every column the query selects
    return touch as unknown as TouchDto;
  }
}
