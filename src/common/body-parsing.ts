import { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { describeProblem, InputProblem, inputProblems, NUL_REASON } from './input-limits';

/**
 * Webhooks get the raw bytes (signatures are checked before anything is parsed); the API
 * gets JSON with a size limit; imports get a larger one. Parser failures answer in the
 * same JSON error shape as everything else. Every parsed body, query string and path is then
 * held to the input limits (input-limits.ts) before a guard, pipe or handler sees it.
 */
export function installBodyParsing(app: INestApplication, config: AppConfig): void {
  app.use('/webhooks', express.raw({ type: () => true, limit: config.WEBHOOK_BODY_LIMIT }));
  app.use('/api', requireJsonBody);
  app.use('/api/v1/import', express.json({ limit: config.IMPORT_BODY_LIMIT }));
  app.use(express.json({ limit: config.BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: config.BODY_LIMIT }));
  app.use(checkInputLimits);
  app.use((err: { type?: string; status?: number; message?: string; limit?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (err?.type === 'entity.too.large') {
      res.status(413).json({ statusCode: 413, error: 'payload_too_large', message: `request body exceeds the limit of ${err.limit} bytes` });
    } else if (err?.type === 'entity.parse.failed') {
      res.status(400).json({ statusCode: 400, error: 'malformed_json', message: `request body is not valid JSON: ${err.message}` });
    } else if (err?.status && err.status >= 400 && err.status < 500) {
      res.status(err.status).json({ statusCode: err.status, error: err.type ?? 'bad_request', message: err.message });
    } else next(err);
  });
}

/**
 * The API reads JSON only. A body sent as a form or as text (curl -d's default) used to be parsed
 * as a form, and the validation pipe then named the whole body as an unknown field; it is a 415
 * saying what to send instead (issue #11). Requests without a body pass.
 */
function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody || req.is(['application/json', '+json'])) return next();
  const sent = req.headers['content-type'] ? `Content-Type ${req.headers['content-type'].split(';')[0]}` : 'no Content-Type';
  res.status(415).json({ statusCode: 415, error: 'unsupported_media_type', message: `request body must be JSON sent with Content-Type: application/json (it came with ${sent})` });
}

// Import bodies are checked for depth only: a record with a NUL is rejected on its own, by
// index and field, with the rest of the import stored (record-validator.ts).
const PER_RECORD_BODIES = /^\/api\/v1\/import(\/|$)/;

function checkInputLimits(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/webhooks/')) return next(); // raw bytes: the intake checks each event
  const problems: InputProblem[] = [];
  let path = req.path;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    // a malformed escape is the router's to answer
  }
  if (path.includes('\u0000')) problems.push({ kind: 'nul', path: 'path', reason: NUL_REASON });
  problems.push(...inputProblems(req.query));
  if (req.body !== undefined && !Buffer.isBuffer(req.body)) {
    problems.push(...inputProblems(req.body, { nul: !PER_RECORD_BODIES.test(req.path) }));
  }
  if (!problems.length) return next();
  res.status(400).json({
    statusCode: 400,
    error: 'invalid',
    message: problems.map((p) => describeProblem(p)).join('; '),
    problems: problems.map((p) => ({ path: p.path || 'body', reason: p.reason })),
  });
}
