import { smsParts } from './sms-parts';

describe('smsParts (one count for the pre-send preview and the composer)', () => {
  it('costs nothing for an empty text', () => {
    expect(smsParts('')).toEqual({ encoding: 'GSM-7', length: 0, parts: 0 });
  });

  it('fits 160 GSM-7 characters in one part and splits by 153 beyond', () => {
    expect(smsParts('a'.repeat(160))).toEqual({ encoding: 'GSM-7', length: 160, parts: 1 });
    expect(smsParts('a'.repeat(161))).toEqual({ encoding: 'GSM-7', length: 161, parts: 2 });
    expect(smsParts('a'.repeat(306))).toEqual({ encoding: 'GSM-7', length: 306, parts: 2 });
    expect(smsParts('a'.repeat(307))).toEqual({ encoding: 'GSM-7', length: 307, parts: 3 });
  });

  it('counts the extension characters as two septets', () => {
    expect(smsParts('€'.repeat(80))).toEqual({ encoding: 'GSM-7', length: 160, parts: 1 });
    expect(smsParts('€'.repeat(80) + '[')).toEqual({ encoding: 'GSM-7', length: 162, parts: 2 });
  });

  it('turns the whole text UCS-2 for one character outside GSM-7: 70 in one, 67 per part', () => {
    expect(smsParts('ж' + 'a'.repeat(69))).toEqual({ encoding: 'UCS-2', length: 70, parts: 1 });
    expect(smsParts('ж' + 'a'.repeat(70))).toEqual({ encoding: 'UCS-2', length: 71, parts: 2 });
    // an emoji is two UTF-16 units, as the carrier counts it
    expect(smsParts('😀')).toEqual({ encoding: 'UCS-2', length: 2, parts: 1 });
    expect(smsParts('😀'.repeat(35) + 'a')).toEqual({ encoding: 'UCS-2', length: 71, parts: 2 });
  });
});
