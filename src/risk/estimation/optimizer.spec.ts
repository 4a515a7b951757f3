import { minimizeBfgs } from './optimizer';

const opts = { maxIterations: 1000, gradientTolerance: 1e-10, lower: -10, upper: 10, maxStep: 2 };

describe('minimizeBfgs', () => {
  it('should find the minimum of the Rosenbrock function', () => {
    const res = minimizeBfgs(
      (x, g) => {
        g[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]);
        g[1] = 200 * (x[1] - x[0] * x[0]);
        return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] * x[0]) ** 2;
      },
      [-1.2, 1],
      opts,
    );
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 8);
    expect(res.x[1]).toBeCloseTo(1, 8);
  });

  it('should stop at a bound when the minimum lies outside the box', () => {
    const res = minimizeBfgs(
      (x, g) => {
        g[0] = 2 * (x[0] - 20);
        return (x[0] - 20) ** 2;
      },
      [0],
      opts,
    );
    expect(res.x[0]).toBe(10);
  });

  it('should throw when the objective is not finite at the start', () => {
    expect(() => minimizeBfgs(() => NaN, [0], opts)).toThrow(/not finite/);
  });
});
