import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { AssessResultDto, EstimationModelDto, RefitResultDto } from './dto/risk-response.dto';
import { EstimationRepository } from './estimation-runs/estimation.repository';
import { EstimationService } from './estimation-runs/estimation.service';
import { RiskAssessmentService } from './risk-assessment.service';

@ApiTags('Risk')
@Controller('api/v1/risk')
export class RiskController {
  constructor(
    private readonly risk: RiskAssessmentService,
    private readonly estimation: EstimationService,
    private readonly estimations: EstimationRepository,
  ) {}

  /** Refits the business's BG/NBD model and rescores its clients now. */
  @Post('estimation/refit')
  @HttpCode(200)
  @ApiErrors({ 409: 'cannot fit the model (too little visit history), with the reason' })
  async refit(@CurrentPrincipal() p: Principal): Promise<RefitResultDto> {
    const result = await this.estimation.refit(p.businessId);
    if (!result.fitted) throw new DomainError(ErrorCode.Conflict, `cannot fit the model: ${result.reason}`);
    return result;
  }

  @Get('estimation')
  @ApiErrors({ 404: 'no model fitted yet' })
  async model(@CurrentPrincipal() p: Principal): Promise<EstimationModelDto> {
    const fit = await this.estimations.current(p.businessId);
    if (!fit) throw notFound('estimation model (none fitted yet)');
    return fit as unknown as EstimationModelDto;
  }

  /** Runs a full pass for the caller's business now; answers when it is done. */
  @Post('assess')
  @HttpCode(200)
  assess(@CurrentPrincipal() p: Principal): Promise<AssessResultDto> {
    return this.risk.assessBusinessNow(p.businessId);
  }
}
