import { BadRequestException } from '@nestjs/common';
import { TreeProblem } from './compiler/validate-tree';

/** A 400 in the same shape as every other validation error, each problem with its tree path. */
export function invalidConditions(problems: TreeProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'invalid',
    message: problems.map((p) => `${p.path}: ${p.reason}`).join('; '),
    problems,
  });
}
