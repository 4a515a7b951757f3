// How many SMS parts a text costs (GSM 03.38): 160 characters in one GSM-7 message, 153 per part
// when split; any character outside GSM-7 makes the whole text UCS-2: 70 in one, 67 per part.
// The extension characters (^ { } \ [ ] ~ | €) take two GSM-7 septets each. An empty text costs
// nothing: 0 parts.
//
// One copy for the API (the pre-send preview) and the web app (the composer's live counter, which
// imports this file): a page and its preview never disagree. Keep it free of imports.

const GSM7_BASIC = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM7_EXTENDED = new Set('^{}\\[]~|€\f');

export interface SmsParts {
  encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the carrier counts them (septets for GSM-7, UTF-16 units for UCS-2). */
  length: number;
  parts: number;
}

export function smsParts(text: string): SmsParts {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.has(ch)) septets += 1;
    else if (GSM7_EXTENDED.has(ch)) septets += 2;
    else {
      const units = text.length;
      return { encoding: 'UCS-2', length: units, parts: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'GSM-7', length: septets, parts: septets === 0 ? 0 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
}
