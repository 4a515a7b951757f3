import { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';

/**
 * Webhooks get the raw bytes (signatures are checked before anything is parsed); the API
 * gets JSON with a size limit; imports get a larger one. Parser failures answer in the
 * same JSON error shape as everything else.
 */
export function installBodyParsing(app: INestApplication, config: AppConfig): void {
  app.use('/webhooks', express.raw({ type: () => true, limit: config.WEBHOOK_BODY_LIMIT }));
  app.use('/api/v1/import', express.json({ limit: config.IMPORT_BODY_LIMIT }));
  app.use(express.json({ limit: config.BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: config.BODY_LIMIT }));
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
