import { DomainError, ErrorCode } from '../../common/domain-error';

/** A 400 naming the field: `{problems: [{path, reason}]}` like the validation pipe's. */
export function invalidAt(path: string, reason: string): DomainError {
  return new DomainError(ErrorCode.Invalid, `${path}: ${reason}`, { problems: [{ path, reason }] });
}

export function invalidMany(problems: Array<{ path: string; reason: string }>): DomainError {
  return new DomainError(ErrorCode.Invalid, problems.map((p) => `${p.path}: ${p.reason}`).join('; '), { problems });
}

export const conflict = (message: string, details?: unknown) => new DomainError(ErrorCode.Conflict, message, details);
