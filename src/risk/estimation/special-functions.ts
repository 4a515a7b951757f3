// Log-gamma and digamma for positive arguments, accurate to ~1e-15 relative: both shift the
// argument up to >= 10 by the recurrence and then use the asymptotic (Stirling) series.
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const SHIFT_TO = 10;

export function lgamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  let shift = 0;
  if (x < SHIFT_TO) {
    // log Γ(x) = log Γ(x + n) - log(x (x+1) ... (x+n-1)); the product stays far from overflow
    let prod = 1;
    while (x < SHIFT_TO) {
      prod *= x;
      x += 1;
    }
    shift = Math.log(prod);
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // Bernoulli terms B_2k / (2k (2k-1) x^(2k-1)), k = 1..7; the first omitted one is < 1e-16 at x = 10
  const series = inv * (1 / 12 + inv2 * (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 * (1 / 156)))))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series - shift;
}

export function digamma(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  let acc = 0;
  while (x < SHIFT_TO) {
    acc -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  // B_2k / (2k x^(2k)), k = 1..7
  const series = inv2 * (1 / 12 + inv2 * (-1 / 120 + inv2 * (1 / 252 + inv2 * (-1 / 240 + inv2 * (1 / 132 + inv2 * (-691 / 32760 + inv2 * (1 / 12)))))));
  return acc + Math.log(x) - 0.5 / x - series;
}

/** log(e^u + e^v) without overflow; either may be -Infinity. */
export function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}

/** 1 / (1 + e^u), stable for large |u|. */
export function logistic(u: number): number {
  if (u >= 0) {
    const e = Math.exp(-u);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(u));
}
