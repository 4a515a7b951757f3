import { BadRequestException } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/domain-error';

/** A 400 in the ValidationPipe's shape, naming the field: `{message: 'field: reason', problems}`. */
export function invalidField(path: string, reason: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'invalid', message: `${path}: ${reason}`, problems: [{ path, reason }] });
}

export const taskNotFound = () => new DomainError(ErrorCode.NotFound, 'task not found');

/** Completing, dismissing, snoozing or reassigning a task that is no longer open. */
export const taskNotOpen = (state: string) => new DomainError(ErrorCode.Conflict, `task is ${state}, not open`);

/** A staff-role key acting outside its own inbox. */
export const notYourTask = () => new DomainError(ErrorCode.Forbidden, 'a staff key can only see and act on its own tasks');

/** SMTP refused the message for good (5xx): the job is discarded and kept as failed. */
export class PermanentNotifyError extends Error {}
