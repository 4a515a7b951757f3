import { IntervalHistogram, monitorEventLoopDelay } from 'perf_hooks';

// Event-loop delay of a process, per benchmark phase. Preloaded (`node -r`, with
// LOOP_DELAY_PROBE=1) into a process a benchmark starts with an IPC channel, it follows the
// messages { phase } and answers { report } with { loopDelay }; a benchmark measures its own
// process with phasedLoopDelay() directly.

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** CPU time (user + system) the process used during the phase: unlike latency, load on the machine does not inflate it. */
  cpuMs: number;
}

const RESOLUTION_MS = 5;

/** One histogram per phase; only the current phase's records. Delays are beyond the 5 ms timer. */
export function phasedLoopDelay(): { phase(name: string): void; report(): Record<string, LoopDelay> } {
  const histograms = new Map<string, IntervalHistogram>();
  const cpu = new Map<string, number>();
  let current: IntervalHistogram | undefined;
  let currentName: string | undefined;
  let cpuMark = process.cpuUsage();
  const late = (ns: number) => +Math.max(0, ns / 1e6 - RESOLUTION_MS).toFixed(2);
  const chargeCpu = () => {
    const d = process.cpuUsage(cpuMark);
    cpuMark = process.cpuUsage();
    if (currentName) cpu.set(currentName, (cpu.get(currentName) ?? 0) + (d.user + d.system) / 1000);
  };
  return {
    phase(name) {
      chargeCpu();
      currentName = name;
      current?.disable();
      let h = histograms.get(name);
      if (!h) histograms.set(name, (h = monitorEventLoopDelay({ resolution: RESOLUTION_MS })));
      h.enable();
      current = h;
    },
    report() {
      chargeCpu();
      return Object.fromEntries(
        [...histograms].map(([name, h]) => [name, { p50Ms: late(h.percentile(50)), p99Ms: late(h.percentile(99)), maxMs: late(h.max), cpuMs: Math.round(cpu.get(name) ?? 0) }]),
      );
    },
  };
}

if (process.send && process.env.LOOP_DELAY_PROBE === '1') {
  const probe = phasedLoopDelay();
  process.on('message', (m: { phase?: string; report?: boolean }) => {
    if (m?.phase) probe.phase(m.phase);
    if (m?.report) process.send!({ loopDelay: probe.report() });
  });
  // the IPC channel must not keep the process alive on its own
  process.channel?.unref();
}
