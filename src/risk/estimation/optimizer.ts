// Quasi-Newton minimiser (BFGS with an Armijo backtracking line search) for small, smooth
// problems with an analytic gradient. Box bounds are enforced by clamping each trial point.
// Deterministic: no randomness, a fixed sequence of floating-point operations.

export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

interface MinimizeOptions {
  maxIterations: number;
  gradientTolerance: number;
  lower: number;
  upper: number;
  // largest move of any coordinate in one step
  maxStep: number;
}

interface MinimizeResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 60;

export function minimizeBfgs(fg: ObjectiveWithGradient, x0: ArrayLike<number>, opts: MinimizeOptions): MinimizeResult {
  const n = x0.length;
  const clamp = (v: number) => Math.min(opts.upper, Math.max(opts.lower, v));
  let x = Float64Array.from(x0, clamp);
  let g = new Float64Array(n);
  let f = fg(x, g);
  if (!Number.isFinite(f)) throw new Error('objective is not finite at the starting point');

  const H = identity(n);
  let fresh = true; // H is still the (scaled) identity
  const d = new Float64Array(n);
  let xn = new Float64Array(n);
  let gn = new Float64Array(n);
  let iterations = 0;

  while (iterations < opts.maxIterations) {
    if (projectedMaxAbs(x, g, opts) < opts.gradientTolerance) return { x, f, iterations, converged: true };
    iterations++;

    mulVec(H, g, d, -1);
    if (dot(g, d) >= 0) {
      setIdentity(H);
      fresh = true;
      for (let i = 0; i < n; i++) d[i] = -g[i];
    }
    // coordinates held at a bound do not move outward
    for (let i = 0; i < n; i++) if ((x[i] <= opts.lower && d[i] < 0) || (x[i] >= opts.upper && d[i] > 0)) d[i] = 0;
    const big = maxAbs(d);
    if (big > opts.maxStep) for (let i = 0; i < n; i++) d[i] *= opts.maxStep / big;

    let step = 1;
    let accepted = false;
    let fn = NaN;
    for (let h = 0; h < MAX_BACKTRACKS; h++) {
      for (let i = 0; i < n; i++) xn[i] = clamp(x[i] + step * d[i]);
      fn = fg(xn, gn);
      let slope = 0; // g . (xn - x): the clamped step's directional derivative
      for (let i = 0; i < n; i++) slope += g[i] * (xn[i] - x[i]);
      if (Number.isFinite(fn) && fn <= f + ARMIJO * slope) {
        accepted = true;
        break;
      }
      // minimiser of the quadratic through f, the slope at 0 and fn, kept within [0.1, 0.5] of the step
      const q = Number.isFinite(fn) ? -slope / (2 * (fn - f - slope)) : 0;
      step *= Math.min(0.5, Math.max(0.1, Number.isFinite(q) ? q : 0.1));
    }
    if (!accepted) {
      // the quasi-Newton direction failed: retry once along the gradient, else we are at the floor of precision
      if (fresh) return { x, f, iterations, converged: projectedMaxAbs(x, g, opts) < 100 * opts.gradientTolerance };
      setIdentity(H);
      fresh = true;
      continue;
    }

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xn[i] - x[i];
      y[i] = gn[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-300 && sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (fresh) {
        // scale the initial inverse Hessian to the observed curvature (Nocedal & Wright 6.20)
        setIdentity(H, sy / dot(y, y));
        fresh = false;
      }
      bfgsUpdate(H, s, y, sy);
    }
    const stalled = f - fn <= 1e-16 * Math.abs(f) && maxAbs(s) < 1e-15;
    [x, xn] = [xn, x];
    [g, gn] = [gn, g];
    f = fn;
    if (stalled) return { x, f, iterations, converged: projectedMaxAbs(x, g, opts) < 100 * opts.gradientTolerance };
  }
  return { x, f, iterations, converged: projectedMaxAbs(x, g, opts) < opts.gradientTolerance };
}

// H <- (I - rho s y') H (I - rho y s') + rho s s', rho = 1 / (s'y)
function bfgsUpdate(H: Float64Array[], s: Float64Array, y: Float64Array, sy: number): void {
  const n = s.length;
  const rho = 1 / sy;
  const Hy = new Float64Array(n);
  mulVec(H, y, Hy, 1);
  const yHy = dot(y, Hy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      H[i][j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
    }
  }
}

function identity(n: number): Float64Array[] {
  const H = Array.from({ length: n }, () => new Float64Array(n));
  setIdentity(H);
  return H;
}

function setIdentity(H: Float64Array[], scale = 1): void {
  for (let i = 0; i < H.length; i++) {
    H[i].fill(0);
    H[i][i] = scale;
  }
}

function mulVec(H: Float64Array[], v: Float64Array, out: Float64Array, sign: number): void {
  for (let i = 0; i < H.length; i++) out[i] = sign * dot(H[i], v);
}

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

// largest gradient component that could still move x inside the box
function projectedMaxAbs(x: Float64Array, g: Float64Array, opts: MinimizeOptions): number {
  let m = 0;
  for (let i = 0; i < g.length; i++) {
    if ((x[i] <= opts.lower && g[i] > 0) || (x[i] >= opts.upper && g[i] < 0)) continue;
    m = Math.max(m, Math.abs(g[i]));
  }
  return m;
}
