import { prepareBgnbdData, PreparedData } from './bgnbd-data';
import { logLikelihood } from './bgnbd-likelihood';
import { BgnbdData, BgnbdFit, BgnbdFitError, BgnbdFitOptions, BgnbdParams } from './bgnbd.types';
import { minimizeBfgs, ObjectiveWithGradient } from './optimizer';

// Log-parameters live in [-LOG_BOUND, LOG_BOUND]: a parameter pinned there means the data do
// not identify it (e.g. no sign of dropout), and the fit is reported as not converged.
const LOG_BOUND = 25;
const MAX_STEP = 2;
const SAMPLE_ROWS = 20_000;

/**
 * Maximum-likelihood BG/NBD fit. Times are divided by their weighted mean before fitting (alpha
 * scales with the time unit; the rest are unit-free), parameters are optimised on the log scale
 * by BFGS with the analytic gradient from several fixed starting points, and the best optimum is
 * polished by one more BFGS run. Pass weighted distinct rows (compressBgnbdData, or GROUP BY in
 * SQL) for large populations.
 */
export function fitBgnbd(data: BgnbdData, opts: BgnbdFitOptions = {}): BgnbdFit {
  const raw = prepareBgnbdData(data);
  if (!(raw.totalWeight > 0)) throw new BgnbdFitError('no clients to fit');
  if (!(raw.weightedX > 0)) {
    throw new BgnbdFitError('no client has a repeat transaction (all frequency = 0): the BG/NBD likelihood has no maximum');
  }
  let weightedT = 0;
  for (let i = 0; i < raw.n; i++) weightedT += raw.w[i] * raw.T[i];
  const timeScale = weightedT / raw.totalWeight;
  if (!(timeScale > 0)) throw new BgnbdFitError('every client has T = 0: no time observed');

  const d = prepareBgnbdData(data, timeScale);
  const objective = objectiveFor(d);
  const min = {
    maxIterations: opts.maxIterations ?? 500,
    gradientTolerance: opts.gradientTolerance ?? 1e-9,
    lower: -LOG_BOUND,
    upper: LOG_BOUND,
    maxStep: MAX_STEP,
  };

  const starts = opts.initial ? (Array.isArray(opts.initial) ? opts.initial : [opts.initial]).map((p) => ({ ...p, alpha: p.alpha / timeScale })) : defaultStarts(d.weightedX / d.totalWeight);
  // Large data: choose among the starts on a fixed subsample, then run on everything from the winner.
  const sample = d.n > SAMPLE_ROWS ? prepareBgnbdData(strideSample(data, SAMPLE_ROWS), timeScale) : d;
  let best: ReturnType<typeof minimizeBfgs> | undefined;
  let iterations = 0;
  for (const start of starts) {
    const res = minimizeBfgs(objectiveFor(sample), toLog(start), min);
    iterations += res.iterations;
    if (!best || res.f < best.f) best = res;
  }
  if (!best) throw new BgnbdFitError('no starting point given');
  if (sample !== d) {
    best = minimizeBfgs(objective, best.x, min);
    iterations += best.iterations;
  }
  // restart from the optimum with a fresh Hessian approximation
  const polished = minimizeBfgs(objective, best.x, min);
  iterations += polished.iterations;
  if (polished.f <= best.f) best = polished;

  const onBound = Array.from(best.x).some((v) => Math.abs(v) >= LOG_BOUND - 1e-9);
  const p = fromLog(best.x);
  const params: BgnbdParams = { r: p.r, alpha: p.alpha * timeScale, a: p.a, b: p.b };
  return { ...params, logLikelihood: logLikelihood(raw, params), iterations, converged: polished.converged && !onBound };
}

// Mean negative log-likelihood per client and its gradient w.r.t. the log-parameters.
function objectiveFor(d: PreparedData): ObjectiveWithGradient {
  const W = d.totalWeight;
  const grad = new Float64Array(4);
  return (phi, g) => {
    const p = fromLog(phi);
    const ll = logLikelihood(d, p, grad);
    g[0] = (-p.r * grad[0]) / W;
    g[1] = (-p.alpha * grad[1]) / W;
    g[2] = (-p.a * grad[2]) / W;
    g[3] = (-p.b * grad[3]) / W;
    return -ll / W;
  };
}

// Every k-th row, weights kept: deterministic and spread over however the rows are ordered.
function strideSample(data: BgnbdData, rows: number): BgnbdData {
  const step = data.x.length / rows;
  const pick = Array.from({ length: rows }, (_, i) => Math.floor(i * step));
  const w = data.weight;
  return {
    x: pick.map((i) => data.x[i]),
    tx: pick.map((i) => data.tx[i]),
    T: pick.map((i) => data.T[i]),
    weight: w ? pick.map((i) => w[i]) : undefined,
  };
}

// In units of the mean T: the purchase rate r / alpha around the mean repeat count.
function defaultStarts(meanX: number): BgnbdParams[] {
  const m = Math.max(meanX, 0.05);
  return [
    { r: 1, alpha: 1 / m, a: 1, b: 1 },
    { r: 0.5, alpha: 0.5 / m, a: 0.5, b: 2 },
    { r: 2, alpha: 2 / m, a: 2, b: 6 },
  ];
}

function toLog(p: BgnbdParams): Float64Array {
  for (const [k, v] of Object.entries(p)) {
    if (!(v > 0) || !Number.isFinite(v)) throw new BgnbdFitError(`initial ${k} must be a positive number, got ${v}`);
  }
  return Float64Array.of(Math.log(p.r), Math.log(p.alpha), Math.log(p.a), Math.log(p.b));
}

function fromLog(phi: Float64Array): BgnbdParams {
  return { r: Math.exp(phi[0]), alpha: Math.exp(phi[1]), a: Math.exp(phi[2]), b: Math.exp(phi[3]) };
}
