// BG/NBD fit benchmark: synthesises clients from known parameters with a seeded PRNG, fits,
// prints wall time and recovered parameters. Target (risk.md / issue 3): 100k clients < 10 s.
//   npm run bench:bgnbd [-- --clients 100000 --seed 1]
import { parseArgs, intFlag } from '../src/cli/args';
import { BgnbdParams, fitBgnbd } from '../src/risk/estimation/bgnbd';
import { prng as mulberry32 } from '../test/support/prng';

// gym-like truth, weeks: ~2 visits a week, dropout after ~20 visits on average, up to 5 years of history
const TRUE: BgnbdParams = { r: 2, alpha: 1, a: 0.5, b: 10 };
const MAX_T_WEEKS = 260;

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

// Marsaglia & Tsang; shape < 1 via the u^(1/shape) boost
function gamma(u: () => number, shape: number): number {
  if (shape < 1) return gamma(u, shape + 1) * Math.pow(1 - u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (Math.log(w) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function simulateBgnbd(p: BgnbdParams, clients: number, seed: number) {
  const u = mulberry32(seed);
  const x = new Float64Array(clients);
  const tx = new Float64Array(clients);
  const T = new Float64Array(clients);
  for (let i = 0; i < clients; i++) {
    const lambda = gamma(u, p.r) / p.alpha;
    const g1 = gamma(u, p.a);
    const dropout = g1 / (g1 + gamma(u, p.b));
    T[i] = MAX_T_WEEKS * (1 - u());
    let t = 0;
    // each repeat visit is followed by dropout with probability p (FHL 2005)
    for (;;) {
      t += -Math.log(1 - u()) / lambda;
      if (t > T[i]) break;
      x[i]++;
      tx[i] = t;
      if (u() < dropout) break;
    }
  }
  return { x, tx, T };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const clients = intFlag(args, 'clients', 100_000);
  const seed = intFlag(args, 'seed', 1);
  let t0 = performance.now();
  const data = simulateBgnbd(TRUE, clients, seed);
  const genMs = performance.now() - t0;
  let maxX = 0;
  for (const v of data.x) maxX = Math.max(maxX, v);

  t0 = performance.now();
  const fit = fitBgnbd(data);
  const fitMs = performance.now() - t0;
  const fmt = (v: number) => v.toFixed(4);
  console.log(`clients ${clients} (seed ${seed}), max frequency ${maxX}, generated in ${genMs.toFixed(0)} ms`);
  console.log(`fit: ${(fitMs / 1000).toFixed(2)} s wall, ${fit.iterations} BFGS iterations, converged ${fit.converged}, logLikelihood ${fit.logLikelihood.toFixed(2)}`);
  for (const k of ['r', 'alpha', 'a', 'b'] as const) {
    console.log(`  ${k.padEnd(5)} true ${fmt(TRUE[k])}  fitted ${fmt(fit[k])}  (${(((fit[k] - TRUE[k]) / TRUE[k]) * 100).toFixed(2)} %)`);
  }
  if (clients === 100_000) console.log(`target < 10 s for 100k clients: ${fitMs < 10_000 ? 'met' : 'MISSED'}`);
}

if (require.main === module) main();
