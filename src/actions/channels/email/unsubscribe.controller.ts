import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Public } from '../../../auth';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { CONSENT_CHANNEL } from '../../actions.types';
import { ConsentRepository } from '../../consent/consent.repository';
import { TouchReadRepository } from '../../touches/touch-read.repository';
import { escapeHtml } from '../merge-fields';
import { unsubscribeKey, verifyUnsubscribeToken } from './unsubscribe-token';

const HTML = { 'text/html': { schema: { type: 'string' } } };
const NOT_VALID = ApiNotFoundResponse({ description: 'An HTML page saying the link is not valid', content: HTML });

/** The body RFC 8058 one-click clients send, and the confirmation page's form sends too. */
const ONE_CLICK = { field: 'List-Unsubscribe', value: 'One-Click' } as const;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1 style="font-size:1.4rem">${title}</h1><p>${body}</p></body></html>`;
}

/**
 * The link in every email (no login: the token is signed). GET only shows a confirmation page
 * with one button: mail security scanners open every link in a message, so a GET that
 * unsubscribed would opt members out who never clicked. The opt-out is recorded by a POST with
 * the RFC 8058 body `List-Unsubscribe=One-Click` (mail clients' one-click, List-Unsubscribe-Post)
 * or by the page's button, a form posting the same body plus `via=page`. Repeats are harmless:
 * the ledger only gets an entry when consent actually changes.
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
  @ApiOkResponse({ description: 'An HTML page naming the business, with one button that unsubscribes (changes nothing by itself)', content: HTML })
  @NOT_VALID
  async get(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const touch = await this.touchOf(token, res);
    if (!touch) return;
    const name = escapeHtml(touch.businessName);
    const form =
      `<form method="post" action="${escapeHtml(token)}"><input type="hidden" name="${ONE_CLICK.field}" value="${ONE_CLICK.value}">` +
      `<input type="hidden" name="via" value="page"><button type="submit" style="font-size:1rem;padding:.5rem 1rem">Unsubscribe</button></form>`;
    res.status(200).send(page('Unsubscribe?', `Stop marketing emails from ${name}?</p>${form}<p style="color:#666;font-size:.9rem">Nothing changes until you press the button.`));
  }

  @Post(':token')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOkResponse({ description: 'An HTML page saying the member is unsubscribed', content: HTML })
  @ApiBadRequestResponse({ description: 'An HTML page: the body was not List-Unsubscribe=One-Click, nothing recorded', content: HTML })
  @NOT_VALID
  async post(@Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const touch = await this.touchOf(token, res);
    if (!touch) return;
    const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (form[ONE_CLICK.field] !== ONE_CLICK.value) {
      res.status(400).send(page('Nothing changed', 'Open the link in the email and press the button to unsubscribe.'));
      return;
    }
    await this.consent.record(touch.businessId, [touch.clientId], {
      channel: CONSENT_CHANNEL[touch.channel as keyof typeof CONSENT_CHANNEL] ?? 'email',
      granted: false,
      source: 'unsubscribe_link',
      evidence: { touchId: touch.touchId, origin: touch.origin, method: form.via === 'page' ? 'page' : 'one_click', userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300) },
      onlyIfChanged: true,
    });
    res.status(200).send(page('You are unsubscribed', `You will no longer get marketing emails from ${escapeHtml(touch.businessName)}.`));
  }

  /** The touch the token names, or undefined after answering 404 (malformed, forged, unknown). */
  private async touchOf(token: string, res: Response) {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    const touchId = verifyUnsubscribeToken(this.key, token);
    const touch = touchId ? await this.touches.forUnsubscribe(touchId) : undefined;
    if (!touch) {
      res.status(404).send(page('Link not valid', 'This unsubscribe link is not valid. If you copied it, check that it is complete.'));
      return undefined;
    }
    return { ...touch, touchId: touchId! };
  }
}
