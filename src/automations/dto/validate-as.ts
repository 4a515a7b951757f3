import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../../common/validation';

export interface Problem {
  path: string;
  reason: string;
}

export const joinPath = (prefix: string, path: string) => (!path ? prefix : !prefix ? path : path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`);

/** Checks a plain object against a class-validator DTO (whitelisted); problems carry `prefix.field` paths. */
export function validateAs<T extends object>(dto: new () => T, raw: unknown, prefix: string): { value?: T; problems: Problem[] } {
  const value = plainToInstance(dto, raw) as T;
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (!errors.length) return { value, problems: [] };
  return { problems: flattenValidationErrors(errors).map((p) => ({ path: joinPath(prefix, p.path), reason: p.reason })) };
}
