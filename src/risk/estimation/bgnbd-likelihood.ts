import { prepareBgnbdData, PreparedData } from './bgnbd-data';
import { BgnbdData, BgnbdParams } from './bgnbd.types';
import { digamma, lgamma } from './special-functions';

// FHL 2005, eq. (6), in log space. Per client:
//   log L = A1 + A2 + log(e^A3 + [x > 0] e^A4)
//   A1 = lgamma(r+x) - lgamma(r) + r log(alpha)
//   A2 = lgamma(a+b) + lgamma(b+x) - lgamma(b) - lgamma(a+b+x)        (log B(a, b+x) / B(a, b))
//   A3 = -(r+x) log(alpha+T)
//   A4 = log(a) - log(b+x-1) - (r+x) log(alpha+tx)                   (B(a+1, b+x-1) / B(a, b+x) = a / (b+x-1))
// No power or gamma function is evaluated outside logs, so x in the thousands stays finite.
// A1 and A2 depend on x only and are summed once per distinct x.

/** Weighted log-likelihood of the data under params (natural scale). */
export function bgnbdLogLikelihood(params: BgnbdParams, data: BgnbdData): number {
  return logLikelihood(prepareBgnbdData(data), params);
}

/**
 * Log-likelihood of prepared data; when grad is given it receives d(logL)/d(r, alpha, a, b).
 * Returns -Infinity for parameters outside the domain.
 */
export function logLikelihood(d: PreparedData, p: BgnbdParams, grad?: Float64Array): number {
  const { r, alpha, a, b } = p;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || !Number.isFinite(r + alpha + a + b)) return -Infinity;
  const logAlpha = Math.log(alpha);
  const lgR = lgamma(r);
  const lgB = lgamma(b);
  const lgAB = lgamma(a + b);
  const logA = Math.log(a);
  const psiR = grad ? digamma(r) : 0;
  const psiB = grad ? digamma(b) : 0;
  const psiAB = grad ? digamma(a + b) : 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;

  let ll = 0;
  const logA4 = new Float64Array(d.xs.length); // log(a) - log(b+x-1), per distinct x
  const invB1 = new Float64Array(d.xs.length); // 1 / (b+x-1)
  for (let k = 0; k < d.xs.length; k++) {
    const x = d.xs[k];
    const W = d.wx[k];
    ll += W * (lgamma(r + x) - lgR + r * logAlpha + lgAB + lgamma(b + x) - lgB - lgamma(a + b + x));
    if (x > 0) {
      logA4[k] = logA - Math.log(b + x - 1);
      invB1[k] = 1 / (b + x - 1);
    }
    if (grad) {
      const psiABX = digamma(a + b + x);
      gr += W * (digamma(r + x) - psiR + logAlpha);
      gAlpha += (W * r) / alpha;
      ga += W * (psiAB - psiABX);
      gb += W * (psiAB + digamma(b + x) - psiB - psiABX);
    }
  }

  const { x, tx, T, w, xIndex } = d;
  for (let i = 0; i < d.n; i++) {
    const xi = x[i];
    const rx = r + xi;
    const aT = alpha + T[i];
    const logAT = Math.log(aT);
    const A3 = -rx * logAT;
    if (xi === 0) {
      ll += w[i] * A3;
      if (grad) {
        gr -= w[i] * logAT;
        gAlpha -= (w[i] * rx) / aT;
      }
      continue;
    }
    const aTx = alpha + tx[i];
    const logATx = Math.log(aTx);
    const k = xIndex[i];
    const A4 = logA4[k] - rx * logATx;
    // log(e^A3 + e^A4) and the share p4 of the second term
    let lse: number;
    let p4: number;
    if (A3 >= A4) {
      const e = Math.exp(A4 - A3);
      lse = A3 + Math.log1p(e);
      p4 = e / (1 + e);
    } else {
      const e = Math.exp(A3 - A4);
      lse = A4 + Math.log1p(e);
      p4 = 1 / (1 + e);
    }
    ll += w[i] * lse;
    if (grad) {
      const p3 = 1 - p4;
      gr -= w[i] * (p3 * logAT + p4 * logATx);
      gAlpha -= w[i] * rx * (p3 / aT + p4 / aTx);
      ga += (w[i] * p4) / a;
      gb -= w[i] * p4 * invB1[k];
    }
  }
  if (grad) {
    grad[0] = gr;
    grad[1] = gAlpha;
    grad[2] = ga;
    grad[3] = gb;
  }
  return ll;
}
