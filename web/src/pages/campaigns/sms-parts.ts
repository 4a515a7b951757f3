// How many SMS parts a text costs (GSM 03.38), as the server counts them in its preview: 160
// characters in one GSM-7 message, 153 per part when split; one character outside GSM-7 makes the
// whole text UCS-2: 70 in one, 67 per part. ^ { } \ [ ] ~ | € take two GSM-7 characters each.

const GSM7_BASIC = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM7_EXTENDED = new Set('^{}\\[]~|€\f');

export interface SmsParts {
  encoding: 'GSM-7' | 'UCS-2';
  length: number;
  parts: number;
}

export function smsParts(text: string): SmsParts {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.has(ch)) septets += 1;
    else if (GSM7_EXTENDED.has(ch)) septets += 2;
    else return { encoding: 'UCS-2', length: text.length, parts: text.length <= 70 ? 1 : Math.ceil(text.length / 67) };
  }
  return { encoding: 'GSM-7', length: septets, parts: septets === 0 ? 0 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
}
