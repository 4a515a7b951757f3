import { BadRequestException } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/domain-error';

/** A 400 in the ValidationPipe's shape, naming the field: `{message: 'field: reason', problems}`. */
export function invalidField(path: string, reason: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'invalid', message: `${path}: ${reason}`, problems: [{ path, reason }] });
}

export const taskNotFound = () => new DomainError(ErrorCode.NotFound, 'task not found');

/** Completing, dismissing, snoozing or reassigning a task that is no longer open. */
export const taskNotOpen = (state: string) => new DomainError(ErrorCode.Conflict, `task is ${state}, not open`);

/** The staff role (a key or a user) acting outside its own inbox. */
export const notYourTask = () => new DomainError(ErrorCode.Forbidden, 'the staff role can only see and act on its own tasks');

/** assignee=any asked by the staff role, which sees its own inbox only (docs/tasks.md "Staff keys"). */
export const onlyOwnInbox = (who: string) =>
  new DomainError(ErrorCode.Forbidden, `${who} sees only its own tasks: assignee=any (every task of the business) needs the admin, manager or marketer role; ask for assignee=me`);

/** SMTP refused the message for good (5xx): the job is discarded and kept as failed. */
export class PermanentNotifyError extends Error {}
