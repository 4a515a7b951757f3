import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentPrincipal, Principal, Roles } from '../auth';
import { notFound } from '../common/domain-error';
import { RowIdPipe } from '../common/row-id';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { RecoveryBoardDto } from './board/board-response.dto';
import { BoardRepository } from './board/board.repository';
import { BoardQueryDto } from './board/board-query.dto';
import { AddNoteDto, ReopenEntryDto, SetOutcomeDto, UpdateEntryDto } from './entries/dto/entry-actions.dto';
import { EntryQueryDto } from './entries/dto/entry-query.dto';
import { RecoveryEntryDto, RecoveryEntryListDto } from './entries/dto/entry-response.dto';
import { EntriesService } from './entries/entries.service';
import { invalidAt } from './entries/recovery-errors';
import { RecoveryReportDto, RecoveryReportQueryDto } from './reports/dto/recovery-report.dto';
import { RecoveryReportsRepository } from './reports/recovery-reports.repository';
import { ActivateGroupDto, AddPhaseDto, CreatePhaseGroupDto, RenameDto, ReorderPhasesDto } from './settings/dto/phase-group.dto';
import { UpdateRecoverySettingsDto } from './settings/dto/recovery-settings.dto';
import { ActivateGroupResultDto, RecoveryPhaseGroupDto, RecoveryPhaseGroupListDto, RecoverySettingsDto } from './settings/dto/settings-response.dto';
import { PhaseGroupsService } from './settings/phase-groups.service';
import { RecoverySettingsRepository } from './settings/recovery-settings.repository';

const MAX_REPORT_DAYS = 3 * 366;

/** Milliseconds of a YYYY-MM-DD day that exists (2031-02-30 does not: Date would roll it over). */
function calendarDay(day: string): number | undefined {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day ? undefined : ms;
}

// docs/auth.md, quality.md "Roles": every role reads recovery; admins and marketers change its
// settings (what enters, phase groups)
@ApiTags('Recovery')
@AnyRole()
@Controller('api/v1/recovery')
export class RecoverySettingsController {
  constructor(
    private readonly settings: RecoverySettingsRepository,
    private readonly groups: PhaseGroupsService,
  ) {}

  @Get('settings')
  get(@CurrentPrincipal() p: Principal): Promise<RecoverySettingsDto> {
    return this.settings.get(p.businessId);
  }

  @Roles('admin', 'marketer')
  @Patch('settings')
  update(@CurrentPrincipal() p: Principal, @Body() dto: UpdateRecoverySettingsDto): Promise<RecoverySettingsDto> {
    return this.settings.update(p.businessId, dto);
  }

  @Get('phase-groups')
  list(@CurrentPrincipal() p: Principal): Promise<RecoveryPhaseGroupListDto> {
    return this.groups.list(p);
  }

  @Roles('admin', 'marketer')
  @Post('phase-groups')
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreatePhaseGroupDto): Promise<RecoveryPhaseGroupDto> {
    return this.groups.create(p, dto);
  }

  @Get('phase-groups/:id')
  @ApiErrors({ 404: 'phase group not found' })
  getGroup(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('phase group')) id: string): Promise<RecoveryPhaseGroupDto> {
    return this.groups.get(p, id);
  }

  @Roles('admin', 'marketer')
  @Patch('phase-groups/:id')
  @ApiErrors({ 404: 'phase group not found' })
  rename(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('phase group')) id: string, @Body() dto: RenameDto): Promise<RecoveryPhaseGroupDto> {
    return this.groups.rename(p, id, dto.name);
  }

  @Roles('admin', 'marketer')
  /** Deletes the group and its phases; answers the groups left. */
  @Delete('phase-groups/:id')
  @ApiErrors({ 404: 'phase group not found', 409: 'the group is the active one' })
  async remove(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('phase group')) id: string): Promise<RecoveryPhaseGroupListDto> {
    await this.groups.deleteGroup(p, id);
    return this.groups.list(p);
  }

  @Roles('admin', 'marketer')
  @Post('phase-groups/:id/activate')
  @HttpCode(200)
  @ApiErrors({ 400: 'the mapping misses a phase of the active group, or names a phase that is not of the new group', 404: 'phase group not found' })
  activate(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('phase group')) id: string, @Body() dto: ActivateGroupDto): Promise<ActivateGroupResultDto> {
    return this.groups.activate(p, id, dto);
  }

  @Roles('admin', 'marketer')
  @Post('phase-groups/:id/phases')
  @ApiErrors({ 404: 'phase group not found' })
  addPhase(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('phase group')) id: string, @Body() dto: AddPhaseDto): Promise<RecoveryPhaseGroupDto> {
    return this.groups.addPhase(p, id, dto);
  }

  @Roles('admin', 'marketer')
  @Put('phase-groups/:id/order')
  @ApiErrors({ 400: 'phaseIds is not exactly the phases of the group', 404: 'phase group not found' })
  reorder(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('phase group')) id: string, @Body() dto: ReorderPhasesDto): Promise<RecoveryPhaseGroupDto> {
    return this.groups.reorder(p, id, dto.phaseIds);
  }

  @Roles('admin', 'marketer')
  @Patch('phase-groups/:id/phases/:phaseId')
  @ApiErrors({ 404: 'phase group or phase not found' })
  renamePhase(
    @CurrentPrincipal() p: Principal,
    @Param('id', new RowIdPipe('phase group')) id: string,
    @Param('phaseId', new RowIdPipe('phase')) phaseId: string,
    @Body() dto: RenameDto,
  ): Promise<RecoveryPhaseGroupDto> {
    return this.groups.renamePhase(p, id, phaseId, dto.name);
  }

  @Roles('admin', 'marketer')
  @Delete('phase-groups/:id/phases/:phaseId')
  @ApiErrors({ 404: 'phase group or phase not found', 409: 'the phase holds open entries (the message says how many), or it is the last phase' })
  deletePhase(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('phase group')) id: string, @Param('phaseId', new RowIdPipe('phase')) phaseId: string): Promise<RecoveryPhaseGroupDto> {
    return this.groups.deletePhase(p, id, phaseId);
  }
}

// every role works entries (staff included): move, assign, note, outcome, seen
@ApiTags('Recovery')
@AnyRole()
@Controller('api/v1/recovery')
export class RecoveryEntriesController {
  constructor(
    private readonly board: BoardRepository,
    private readonly entries: EntriesService,
    private readonly reports: RecoveryReportsRepository,
  ) {}

  /** The active group's phases with each one's first page of open entries and the unseen counts. */
  @Get('board')
  async getBoard(@CurrentPrincipal() p: Principal, @Query() q: BoardQueryDto): Promise<RecoveryBoardDto> {
    const board = await this.board.board(p.businessId, q.limit ?? 25);
    if (!board) throw notFound('active phase group');
    return board;
  }

  /** Open entries (?phaseId= for a column's next pages) or ?state=regained|lost|not_edited, newest first. */
  @Get('entries')
  listEntries(@CurrentPrincipal() p: Principal, @Query() q: EntryQueryDto): Promise<RecoveryEntryListDto> {
    return this.entries.list(p, q);
  }

  @Get('entries/:id')
  @ApiErrors({ 404: 'recovery entry not found' })
  getEntry(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('recovery entry')) id: string): Promise<RecoveryEntryDto> {
    return this.entries.get(p, id);
  }

  /** Move to a phase of the active group and/or assign, against the version last read. */
  @Patch('entries/:id')
  @ApiErrors({
    400: 'the phase belongs to an inactive group, or the assignee is not an active staff member',
    404: 'recovery entry not found',
    409: 'the version is stale (someone changed the entry), or the entry is closed',
  })
  updateEntry(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('recovery entry')) id: string, @Body() dto: UpdateEntryDto): Promise<RecoveryEntryDto> {
    return this.entries.update(p, id, dto);
  }

  @Post('entries/:id/notes')
  @ApiErrors({ 404: 'recovery entry not found' })
  addNote(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('recovery entry')) id: string, @Body() dto: AddNoteDto): Promise<RecoveryEntryDto> {
    return this.entries.addNote(p, id, dto);
  }

  @Post('entries/:id/outcome')
  @HttpCode(200)
  @ApiErrors({ 404: 'recovery entry not found', 409: 'the version is stale, or the entry has an outcome already' })
  setOutcome(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('recovery entry')) id: string, @Body() dto: SetOutcomeDto): Promise<RecoveryEntryDto> {
    return this.entries.setOutcome(p, id, dto);
  }

  @Post('entries/:id/reopen')
  @HttpCode(200)
  @ApiErrors({ 400: 'the phase belongs to an inactive group', 404: 'recovery entry not found', 409: 'the version is stale, or the entry is open' })
  reopen(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('recovery entry')) id: string, @Body() dto: ReopenEntryDto): Promise<RecoveryEntryDto> {
    return this.entries.reopen(p, id, dto);
  }

  @Post('entries/:id/seen')
  @HttpCode(200)
  @ApiErrors({ 404: 'recovery entry not found' })
  seen(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('recovery entry')) id: string): Promise<RecoveryEntryDto> {
    return this.entries.setSeen(p, id, true);
  }

  @Post('entries/:id/unseen')
  @HttpCode(200)
  @ApiErrors({ 404: 'recovery entry not found' })
  unseen(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('recovery entry')) id: string): Promise<RecoveryEntryDto> {
    return this.entries.setSeen(p, id, false);
  }

  /** Entries created on business-local days from..to: per month, per reason, per assignee. */
  @Get('reports')
  @ApiErrors({ 400: 'from after to, or a range over three years' })
  report(@CurrentPrincipal() p: Principal, @Query() q: RecoveryReportQueryDto): Promise<RecoveryReportDto> {
    const from = calendarDay(q.from);
    const to = calendarDay(q.to);
    if (from === undefined) throw invalidAt('from', 'must be a real calendar date');
    if (to === undefined) throw invalidAt('to', 'must be a real calendar date');
    if (to < from) throw invalidAt('to', 'must not be before from');
    if ((to - from) / 86_400_000 > MAX_REPORT_DAYS) throw invalidAt('to', `the range spans at most ${MAX_REPORT_DAYS} days`);
    return this.reports.report(p.businessId, q.from, q.to);
  }
}
