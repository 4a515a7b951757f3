import { BgnbdParams } from './bgnbd.types';
import { lgamma, logistic } from './special-functions';

// Predictions of FHL 2005: eq. (7) E[X(t)], eq. (8) P(X(t) = n), eq. (10) E[Y(t) | x, tx, T]
// and P(alive | x, tx, T) (appendix). The conditional expectation is P(alive) times E[X(t)]
// for a client who is alive at T, whose posterior is BG/NBD(r+x, alpha+T, a, b+x); so one
// routine, aliveExpectation, serves both expectations.

const MAX_SERIES_TERMS = 2_000_000;
// a = 1 is a removable singularity of eq. (7); inside this band we average a = 1 -/+ A_STEP
const A_NEAR_ONE = 1e-6;
const A_STEP = 1e-5;

/** E[X(t)]: expected repeat transactions in (0, t] for a client just acquired. */
export function expectedTransactions(params: BgnbdParams, t: number): number {
  checkParams(params);
  checkTime('t', t);
  return aliveExpectation(params.r, params.alpha, params.a, params.b, t);
}

/** E[Y(t) | x, tx, T]: expected repeat transactions in (T, T + t] for a client with history (x, tx, T). */
export function conditionalExpectedTransactions(params: BgnbdParams, t: number, x: number, tx: number, T: number): number {
  checkParams(params);
  checkTime('t', t);
  checkHistory(x, tx, T);
  const { r, alpha, a, b } = params;
  return probabilityAlive(params, x, tx, T) * aliveExpectation(r + x, alpha + T, a, b + x, t);
}

/** P(alive at T | x, tx, T). Clients without repeat transactions are alive under the model. */
export function probabilityAlive(params: BgnbdParams, x: number, tx: number, T: number): number {
  checkParams(params);
  checkHistory(x, tx, T);
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  // 1 / (1 + a/(b+x-1) * ((alpha+T)/(alpha+tx))^(r+x)), the odds in log space
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return logistic(logOdds);
}

/** P(X(t) = n) for a client just acquired (eq. 8). */
export function probabilityOfNPurchases(params: BgnbdParams, t: number, n: number): number {
  checkParams(params);
  checkTime('t', t);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  const { r, alpha, a, b } = params;
  const logBetaAB = lgamma(a) + lgamma(b) - lgamma(a + b);
  const logQ = -Math.log1p(t / alpha); // log(alpha / (alpha + t))
  const logZ = Math.log(t) - Math.log(alpha + t); // log(t / (alpha + t))
  // negative binomial pmf of the purchase count while alive
  const logNb = (j: number) => lgamma(r + j) - lgamma(r) - lgamma(j + 1) + r * logQ + (j === 0 ? 0 : j * logZ);
  const first = Math.exp(lgamma(a) + lgamma(b + n) - lgamma(a + b + n) - logBetaAB + logNb(n));
  if (n === 0) return first;
  const tail = negBinUpperTail(r, logQ, logZ, n, logNb);
  return first + Math.exp(lgamma(a + 1) + lgamma(b + n - 1) - lgamma(a + b + n) - logBetaAB) * tail;
}

/** Expected transactions in (T, T + t] and P(alive) for many clients at once (e.g. a scoring batch). */
export function scoreBgnbdClients(params: BgnbdParams, t: number, x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): { expected: Float64Array; pAlive: Float64Array } {
  const n = x.length;
  const expected = new Float64Array(n);
  const pAlive = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pAlive[i] = probabilityAlive(params, x[i], tx[i], T[i]);
    const { r, alpha, a, b } = params;
    expected[i] = pAlive[i] * aliveExpectation(r + x[i], alpha + T[i], a, b + x[i], t);
  }
  return { expected, pAlive };
}

// (a+b-1)/(a-1) * [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; z)], z = t/(alpha+t).
// Written as [c (1 - q^r) - q^r S] / (a-1) with c = a+b-1, q = 1-z and S = c (2F1 - 1), so
// that neither 1 - q^r 2F1 (cancellation for small t) nor 1/c (a + b near 1) is formed.
function aliveExpectation(r: number, alpha: number, a: number, b: number, t: number): number {
  if (t === 0) return 0;
  if (Math.abs(a - 1) < A_NEAR_ONE) {
    return 0.5 * (aliveExpectation(r, alpha, 1 - A_STEP, b, t) + aliveExpectation(r, alpha, 1 + A_STEP, b, t));
  }
  const c = a + b - 1;
  const logQ = -Math.log1p(t / alpha);
  const z = t / (alpha + t);
  const oneMinusQr = -Math.expm1(r * logQ);
  // S = sum_{n>=1} c * (r)_n (b)_n / ((c)_n n!) z^n; term_1 = r b z, term_{n+1} = term_n (r+n)(b+n) z / ((c+n)(n+1)).
  // Terms can grow before they shrink when r, b are large; rescale to keep them finite.
  let term = r * b * z;
  let sum = 0;
  let logScale = 0;
  for (let k = 1; ; k++) {
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) && k > 1) break;
    if (k >= MAX_SERIES_TERMS) {
      throw new RangeError(`hypergeometric series did not converge (z = ${z}); the horizon t is too long for alpha = ${alpha}`);
    }
    term *= (((r + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    if (Math.abs(sum) > 1e250) {
      sum *= 1e-250;
      term *= 1e-250;
      logScale += 250 * Math.LN10;
    }
  }
  const qrS = Math.exp(r * logQ + logScale) * sum; // q^r S, finite: it is at most c (1 - q^r) + O(a-1)
  return (c * oneMinusQr - qrS) / (a - 1);
}

// P(NB >= n) for the negative binomial with pmf exp(logNb(j)); sums whichever side avoids cancellation.
function negBinUpperTail(r: number, logQ: number, logZ: number, n: number, logNb: (j: number) => number): number {
  const z = Math.exp(logZ);
  const mean = (r * z) / (1 - z);
  if (n > mean) {
    // sum_{j >= n} pmf(j); the ratio pmf(j+1)/pmf(j) = (r+j) z / (j+1) is below 1 past the mode
    let term = Math.exp(logNb(n));
    let sum = 0;
    for (let j = n; j < n + MAX_SERIES_TERMS; j++) {
      sum += term;
      if (term <= 1e-17 * sum) break;
      term *= ((r + j) * z) / (j + 1);
    }
    return sum;
  }
  // 1 - sum_{j < n} pmf(j)
  let term = Math.exp(r * logQ);
  let below = 0;
  for (let j = 0; j < n; j++) {
    below += term;
    term *= ((r + j) * z) / (j + 1);
  }
  return Math.max(0, 1 - below);
}

function checkParams(p: BgnbdParams): void {
  for (const [k, v] of Object.entries(p)) {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`parameter ${k} must be a positive number, got ${v}`);
  }
}

function checkTime(name: string, t: number): void {
  if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`${name} must be a finite number >= 0, got ${t}`);
}

function checkHistory(x: number, tx: number, T: number): void {
  if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`x must be a finite number >= 0, got ${x}`);
  if (!(T >= 0) || !Number.isFinite(T)) throw new RangeError(`T must be a finite number >= 0, got ${T}`);
  if (!(tx >= 0 && tx <= T)) throw new RangeError(`tx must be within [0, T], got ${tx}`);
}
