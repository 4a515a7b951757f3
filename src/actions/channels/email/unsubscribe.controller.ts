import { applyDecorators, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Public } from '../../../auth';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { CONSENT_CHANNEL } from '../../actions.types';
import { ConsentRepository } from '../../consent/consent.repository';
import { TouchReadRepository } from '../../touches/touch-read.repository';
import { escapeHtml } from '../merge-fields';
import { unsubscribeKey, verifyUnsubscribeToken } from './unsubscribe-token';

const HTML = { 'text/html': { schema: { type: 'string' } } };
const HTML_ANSWERS = applyDecorators(
  ApiOkResponse({ description: 'An HTML page saying the member is unsubscribed', content: HTML }),
  ApiNotFoundResponse({ description: 'An HTML page saying the link is not valid', content: HTML }),
);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1 style="font-size:1.4rem">${title}</h1><p>${body}</p></body></html>`;
}

/**
 * The link in every email (no login: the token is signed). GET records the opt-out and says
 * so; POST is RFC 8058 one-click (List-Unsubscribe-Post) and answers the same way. Repeats
 * are harmless: the ledger only gets an entry when consent actually changes.
 */
@ApiTags('Unsubscribe')
@ApiProduces('text/html')
@Public()
@Controller('u')
export class UnsubscribeController {
  private readonly key: Buffer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly touches: TouchReadRepository,
    private readonly consent: ConsentRepository,
  ) {
    this.key = unsubscribeKey(config.SECRETS_KEY);
  }

  @Get(':token')
  @HTML_ANSWERS
  get(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.handle(token, req, res, 'link');
  }

  @Post(':token')
  @HttpCode(200)
  @HTML_ANSWERS
  post(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.handle(token, req, res, 'one_click');
  }

  private async handle(token: string, req: Request, res: Response, method: 'link' | 'one_click'): Promise<void> {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    const touchId = verifyUnsubscribeToken(this.key, token);
    const touch = touchId ? await this.touches.forUnsubscribe(touchId) : undefined;
    if (!touch) {
      res.status(404).send(page('Link not valid', 'This unsubscribe link is not valid. If you copied it, check that it is complete.'));
      return;
    }
    await this.consent.record(touch.businessId, [touch.clientId], {
      channel: CONSENT_CHANNEL[touch.channel as keyof typeof CONSENT_CHANNEL] ?? 'email',
      granted: false,
      source: 'unsubscribe_link',
      evidence: { touchId, origin: touch.origin, method, userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300) },
      onlyIfChanged: true,
    });
    res.status(200).send(page('You are unsubscribed', `You will no longer get marketing emails from ${escapeHtml(touch.businessName)}.`));
  }
}
