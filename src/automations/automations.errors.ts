import { BadRequestException } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Problem } from './dto/validate-as';

/** A 400 in the ValidationPipe's shape: every problem with its path (`steps[2].template.subject`). */
export function invalidAutomation(problems: Problem[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'invalid', message: problems.map((p) => `${p.path}: ${p.reason}`).join('; '), problems });
}

export const automationNotFound = () => new DomainError(ErrorCode.NotFound, 'automation not found');

export const automationArchived = () => new DomainError(ErrorCode.Conflict, 'automation is archived');
