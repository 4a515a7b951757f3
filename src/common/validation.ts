import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Flattens class-validator errors into "path: reason" entries, nested paths included. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): Array<{ path: string; reason: string }> {
  return errors.flatMap((e) => {
    const path = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ path, reason }));
    return [...own, ...flattenValidationErrors(e.children ?? [], path)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flattenValidationErrors(errors);
      return new BadRequestException({
        statusCode: 400,
        error: 'invalid',
        message: problems.map((p) => `${p.path}: ${p.reason}`).join('; '),
        problems,
      });
    },
  });
}
