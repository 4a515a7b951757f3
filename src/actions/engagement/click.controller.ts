import { Controller, Get, Logger, Param, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Public } from '../../auth';
import { ClickRepository } from './click.repository';
import { verifyClickToken } from './click-token';
import { LinkTrackingService } from './link-tracking.service';

// the smallest transparent GIF (1x1)
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const NOT_FOUND =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Link not valid</title></head><body><p>This link is not valid or has expired.</p></body></html>';
const UNAVAILABLE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Try again</title></head><body><p>This link cannot be opened right now. Please try again in a moment.</p></body></html>';

/**
 * The tracked links in email and SMS (no login: the token is signed and names the business,
 * the touch and the link). A click is committed before the 302 (batched with the clicks arriving
 * meanwhile, ClickRepository), so a member who clicked is counted even if the site they land on
 * is down. Tampered, unknown or expired tokens are a 404 and record nothing. When the database
 * cannot record the click it cannot name the link's URL either: a 503 page asks to try again.
 */
@ApiTags('Engagement')
@Public()
@Controller()
export class ClickController {
  private readonly log = new Logger(ClickController.name);

  constructor(
    private readonly tracking: LinkTrackingService,
    private readonly clicks: ClickRepository,
  ) {}

  @Get('c/:token')
  @ApiFoundResponse({ description: 'Redirect (Location) to the link as it was written in the message; the click is recorded' })
  @ApiNotFoundResponse({ description: 'The token is malformed, forged or expired (90 days after the send); nothing is recorded', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiServiceUnavailableResponse({
    description: 'The click could not be recorded (database unavailable); nothing is recorded, try again (Retry-After)',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async click(@Param('token') token: string, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    // a phone or mail client may take the sentence's punctuation after a link into it
    const claims = verifyClickToken(this.tracking.key, 'click', token.replace(/[.,;:!?)'"\]]+$/, ''), new Date());
    let url: string | undefined;
    try {
      url = claims && (await this.clicks.recordClick(claims));
    } catch (e) {
      this.log.warn(`click not recorded (touch ${claims?.touchId}): ${(e as Error).message}`);
      res.status(503).setHeader('Retry-After', '5');
      res.type('html').send(UNAVAILABLE);
      return;
    }
    if (!url) {
      res.status(404).type('html').send(NOT_FOUND);
      return;
    }
    res.redirect(302, url);
  }

  @Get('o/:file')
  @ApiProduces('image/gif')
  @ApiOkResponse({ description: 'A 1x1 transparent GIF; the open is recorded', content: { 'image/gif': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ description: 'The token is malformed, forged or expired; nothing is recorded' })
  async open(@Param('file') file: string, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store, private');
    const claims = file.endsWith('.gif') ? verifyClickToken(this.tracking.key, 'open', file.slice(0, -4), new Date()) : undefined;
    if (!claims || !(await this.clicks.recordOpen(claims))) {
      res.status(404).end();
      return;
    }
    res.status(200).type('image/gif').send(PIXEL);
  }
}
