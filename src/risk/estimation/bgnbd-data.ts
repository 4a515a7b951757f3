import { BgnbdData, BgnbdDataError } from './bgnbd.types';

/** Distinct (x, tx, T) rows with their total weight, plus per-distinct-x aggregates. */
export interface PreparedData {
  n: number;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  // index of each row's x in xs
  xIndex: Int32Array;
  xs: Float64Array;
  wx: Float64Array;
  totalWeight: number;
  weightedX: number;
}

/** Throws BgnbdDataError naming the first bad row (0-based). */
export function validateBgnbdData(data: BgnbdData): void {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || (data.weight && data.weight.length !== n)) {
    throw new BgnbdDataError('x, tx, T (and weight) must have the same length');
  }
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const tx = data.tx[i];
    const T = data.T[i];
    const w = data.weight ? data.weight[i] : 1;
    if (!Number.isInteger(x) || x < 0) throw new BgnbdDataError(`row ${i}: frequency must be a whole number >= 0, got ${x}`);
    if (!Number.isFinite(T) || T < 0) throw new BgnbdDataError(`row ${i}: T must be a finite number >= 0, got ${T}`);
    if (!Number.isFinite(tx) || tx < 0 || tx > T) throw new BgnbdDataError(`row ${i}: recency must be within [0, T=${T}], got ${tx}`);
    if (x > 0 && !(tx > 0)) throw new BgnbdDataError(`row ${i}: recency must be > 0 when frequency > 0`);
    if (!Number.isFinite(w) || w < 0) throw new BgnbdDataError(`row ${i}: weight must be a finite number >= 0, got ${w}`);
  }
}

/**
 * Merges identical (x, tx, T) rows, summing weights (for x = 0, tx is irrelevant and set to 0).
 * A business's clients collapse to far fewer rows when tx and T are whole days.
 */
export function compressBgnbdData(data: BgnbdData): BgnbdData & { weight: Float64Array } {
  validateBgnbdData(data);
  const n = data.x.length;
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    const wi = data.weight ? data.weight[i] : 1;
    if (wi === 0) continue;
    const xi = data.x[i];
    const txi = xi === 0 ? 0 : data.tx[i];
    const key = `${xi},${txi},${data.T[i]}`;
    const k = index.get(key);
    if (k === undefined) {
      index.set(key, x.length);
      x.push(xi);
      tx.push(txi);
      T.push(data.T[i]);
      w.push(wi);
    } else {
      w[k] += wi;
    }
  }
  return { x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T), weight: Float64Array.from(w) };
}

/** Validated copy with times divided by timeScale (the likelihood is fitted on a unit-free scale). */
export function prepareBgnbdData(data: BgnbdData, timeScale = 1): PreparedData {
  validateBgnbdData(data);
  const n = data.x.length;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const w = new Float64Array(n);
  const xIndex = new Int32Array(n);
  const byX = new Map<number, number>();
  const xs: number[] = [];
  const wx: number[] = [];
  let totalWeight = 0;
  let weightedX = 0;
  for (let i = 0; i < n; i++) {
    x[i] = data.x[i];
    tx[i] = data.tx[i] / timeScale;
    T[i] = data.T[i] / timeScale;
    w[i] = data.weight ? data.weight[i] : 1;
    let k = byX.get(x[i]);
    if (k === undefined) {
      k = xs.length;
      byX.set(x[i], k);
      xs.push(x[i]);
      wx.push(0);
    }
    xIndex[i] = k;
    wx[k] += w[i];
    totalWeight += w[i];
    weightedX += w[i] * x[i];
  }
  return { n, x, tx, T, w, xIndex, xs: Float64Array.from(xs), wx: Float64Array.from(wx), totalWeight, weightedX };
}
