/** BG/NBD parameters: λ ~ Gamma(shape r, rate alpha), dropout p ~ Beta(a, b). */
export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * Per-client summaries, column-wise: x = repeat transactions (unique visit days - 1),
 * tx = time of the last one since the first, T = time since the first (same unit as tx).
 * weight (optional) = number of clients sharing the row's (x, tx, T).
 */
export interface BgnbdData {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  weight?: ArrayLike<number>;
}

export interface BgnbdFit extends BgnbdParams {
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

export interface BgnbdFitOptions {
  /** Starting point(s); defaults are derived from the data's time scale. */
  initial?: BgnbdParams | BgnbdParams[];
  /** BFGS iterations per start (default 500). */
  maxIterations?: number;
  /** Stop when every component of the gradient of the mean log-likelihood (w.r.t. log-parameters) is below this (default 1e-9). */
  gradientTolerance?: number;
}

export class BgnbdDataError extends Error {}

export class BgnbdFitError extends Error {}
