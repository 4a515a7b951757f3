import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditLog } from '../audit';
import { CurrentPrincipal, Principal } from '../auth';
import { notFound } from '../common/domain-error';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { OverdueClientsQueryDto } from './dto/rhythm-query.dto';
import { OverdueClientListDto, RhythmCategoryListDto, RhythmSettingsValuesDto } from './dto/rhythm-response.dto';
import { RhythmSettingsDto } from './dto/rhythm-settings.dto';
import { RhythmCategoryPipe } from './rhythm-category.pipe';
import { RhythmReadRepository } from './rhythm-read.repository';
import { RhythmSettingsService } from './rhythm-settings.service';

const DEFAULT_LIMIT = 50;

/** The overdue side of the Reconnect page (the rest of /api/v1/reconnect is reconnect's). */
@ApiTags('Reconnect')
@Controller('api/v1/reconnect/categories')
export class RhythmCategoriesController {
  constructor(private readonly read: RhythmReadRepository) {}

  /** Every service category with known rhythms and its count of overdue clients. */
  @Get()
  async list(@CurrentPrincipal() p: Principal): Promise<RhythmCategoryListDto> {
    return { items: await this.read.categories(p.businessId) };
  }

  /** The category's overdue clients: ?sort=days_overdue|last_appointment|name|usual_interval&order=asc|desc&limit&offset. */
  @Get(':category/clients')
  @ApiErrors({ 400: 'a query field out of range, or a category name that is empty or too long', 404: 'no client of the business has a rhythm in this category' })
  async clients(@CurrentPrincipal() p: Principal, @Param('category', RhythmCategoryPipe) category: string, @Query() q: OverdueClientsQueryDto): Promise<OverdueClientListDto> {
    // a category is a name any business may use, so an empty page would not tell "not yours" from
    // "none overdue": a name the business has no rhythm in is a 404, like another business's row
    // (and like reconnect's templates/:category), which keeps the tenant wall one rule
    if (!(await this.read.hasCategory(p.businessId, category))) throw notFound('service category');
    const limit = q.limit ?? DEFAULT_LIMIT;
    const offset = q.offset ?? 0;
    const page = await this.read.overdueClients(p.businessId, { serviceCategory: category, sort: q.sort, order: q.order, limit, offset });
    return { total: page.total, limit, offset, items: page.rows };
  }
}

@ApiTags('Settings')
@Controller('api/v1/rhythm/settings')
export class RhythmSettingsController {
  constructor(
    private readonly settings: RhythmSettingsService,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  get(@CurrentPrincipal() p: Principal): Promise<RhythmSettingsValuesDto> {
    return this.settings.get(p.businessId);
  }

  /** Partial: fields left out keep their value. Every rhythm of the business is recomputed. */
  @Put()
  @ApiErrors({ 400: 'a number out of range, named by path' })
  async put(@CurrentPrincipal() p: Principal, @Body() dto: RhythmSettingsDto): Promise<RhythmSettingsValuesDto> {
    const before = await this.settings.get(p.businessId);
    const after = await this.settings.update(p.businessId, dto);
    await this.audit.record({ businessId: p.businessId, actor: p, action: 'settings.rhythm.updated', change: { before, after } });
    return after;
  }
}
