import { SetMetadata } from '@nestjs/common';

export const API_ERRORS = 'comeback:api-errors';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 503;
export type ApiErrorAnswers = Partial<Record<ErrorStatus, string>>;

/**
 * Error answers worth knowing about, with what causes them, on a handler or a controller:
 * `@ApiErrors({ 404: 'client not found', 409: 'the client is not a member' })`. They are
 * added to the document as `{statusCode, error, message}` answers (openapi-document.ts);
 * not as @ApiResponse, which would stop the plugin from adding the handler's success answer.
 * 401, 403 and 429 of the auth guard are on every authenticated operation already.
 */
export const ApiErrors = (answers: ApiErrorAnswers) => SetMetadata(API_ERRORS, answers);
