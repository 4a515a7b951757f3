import { ClickClaims, dayOf, signClickToken } from './click-token';

export interface TrackedLinkRow {
  touchId: string;
  clientId: string;
  index: number;
  url: string;
}

/**
 * The tracked links of one chunk of messages, collected while the chunk renders and saved in one
 * statement before any of it is sent (so a click can always be resolved). Within a message the
 * same URL keeps one index; the unsubscribe link and links already pointing at this server are
 * left as they are.
 */
export class TrackedLinks {
  readonly rows: TrackedLinkRow[] = [];
  private readonly perTouch = new Map<string, Map<string, number>>();
  private readonly day: number;

  constructor(
    private readonly key: Buffer,
    private readonly base: string,
    private readonly businessId: string,
    sentAt: Date,
    /** the business's open pixel setting (default off) */
    readonly openPixel: boolean,
  ) {
    this.day = dayOf(sentAt);
  }

  /** The tracked URL for `url` in the touch's message, or null to keep `url` as it is. */
  track(touchId: string, clientId: string, url: string): string | null {
    if (url.startsWith(`${this.base}/`) || url.length > 2000) return null;
    let links = this.perTouch.get(touchId);
    if (!links) this.perTouch.set(touchId, (links = new Map()));
    let index = links.get(url);
    if (index === undefined) {
      index = links.size;
      links.set(url, index);
      this.rows.push({ touchId, clientId, index, url });
    }
    return `${this.base}/c/${signClickToken(this.key, 'click', this.claims(touchId, index))}`;
  }

  /** The open pixel's URL for the touch's message. */
  pixel(touchId: string): string {
    return `${this.base}/o/${signClickToken(this.key, 'open', this.claims(touchId, 0))}.gif`;
  }

  private claims(touchId: string, index: number): ClickClaims {
    return { businessId: this.businessId, touchId, index, day: this.day };
  }
}
