import { Body, Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiParam, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../../auth';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { IngestService, ENTITY_NAMES, isEntityName } from '../../clients';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { ImportRecordsDto, ImportResultDto } from './dto/import-response.dto';

const MAX_IMPORT_RECORDS = 10_000;
export const SOURCE_RE = /^[a-z][a-z0-9_-]{0,49}$/;

/**
 * Bulk upsert of canonical records. Valid records land in one transaction; each invalid
 * one is listed by index, field and reason and does not block the rest.
 */
@ApiTags('Integrations')
@ApiExtraModels(ImportRecordsDto)
@Controller('api/v1/import')
export class ImportController {
  constructor(private readonly ingest: IngestService) {}

  @Post(':entity')
  @HttpCode(200)
  @ApiParam({ name: 'entity', enum: ENTITY_NAMES })
  @ApiBody({ schema: { oneOf: [{ type: 'array', items: { type: 'object', additionalProperties: true } }, { $ref: getSchemaPath(ImportRecordsDto) }] } })
  @ApiErrors({ 400: 'not an array of records, more than 10,000, or a bad source', 404: 'unknown entity' })
  async import(@CurrentPrincipal() p: Principal, @Param('entity') entity: string, @Body() body: unknown, @Query('source') source = 'import'): Promise<ImportResultDto> {
    if (!isEntityName(entity)) throw new DomainError(ErrorCode.NotFound, `unknown entity "${entity}"; one of ${ENTITY_NAMES.join(', ')}`);
    if (!SOURCE_RE.test(source)) throw new DomainError(ErrorCode.Invalid, 'source must be 1-50 lower-case letters, digits, - or _, starting with a letter');
    const records = Array.isArray(body) ? body : (body as { records?: unknown })?.records;
    if (!Array.isArray(records)) throw new DomainError(ErrorCode.Invalid, 'body must be a JSON array of records (or {"records": [...]})');
    if (records.length > MAX_IMPORT_RECORDS) {
      throw new DomainError(ErrorCode.Invalid, `at most ${MAX_IMPORT_RECORDS} records per request, got ${records.length}`);
    }
    const { results } = await this.ingest.ingest(p.businessId, source, [{ entity, records }], { mode: 'strict' });
    const { accepted, inserted, updated, unchanged, rejected } = results[0];
    return { entity, source, received: records.length, accepted, inserted, updated, unchanged, rejected };
  }
}
