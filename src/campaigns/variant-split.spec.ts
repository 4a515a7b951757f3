import { variantFor } from './variant-split';

describe('variantFor', () => {
  const variants = [
    { key: 'A', weight: 1, template: {} },
    { key: 'B', weight: 3, template: {} },
  ];

  it('should give a client the same variant every time', () => {
    expect(variantFor('7', 'email', '123', variants)).toBe(variantFor('7', 'email', '123', variants));
  });

  it('should split by weight across many clients', () => {
    const counts = { A: 0, B: 0 } as Record<string, number>;
    for (let i = 1; i <= 20_000; i++) counts[variantFor('7', 'email', String(i), variants).key]++;
    expect(counts.A / 20_000).toBeGreaterThan(0.23);
    expect(counts.A / 20_000).toBeLessThan(0.27);
  });

  it('should split differently per step and campaign', () => {
    const even = variants.map((v) => ({ ...v, weight: 1 }));
    const a = Array.from({ length: 200 }, (_, i) => variantFor('7', 'email', String(i), even).key).join('');
    const b = Array.from({ length: 200 }, (_, i) => variantFor('7', 'sms', String(i), even).key).join('');
    const c = Array.from({ length: 200 }, (_, i) => variantFor('8', 'email', String(i), even).key).join('');
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
  });
});
