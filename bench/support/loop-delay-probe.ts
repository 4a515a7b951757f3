import { createHistogram, performance, RecordableHistogram } from 'perf_hooks';

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

/**
 * One histogram per phase; only the current phase's records. A 5 ms timer re-armed each time
 * records how much later than due it fired (perf_hooks' own monitor cannot be split by phase: a
 * re-enabled one counts the paused time as one delay).
 */
export function phasedLoopDelay(): { phase(name: string): void; report(): Record<string, LoopDelay> } {
  const histograms = new Map<string, RecordableHistogram>();
  const cpu = new Map<string, number>();
  let current: RecordableHistogram | undefined;
  let currentName: string | undefined;
  let cpuMark = process.cpuUsage();
  let due = performance.now() + RESOLUTION_MS;
  const tick = () => {
    const now = performance.now();
    current?.record(Math.max(1, Math.round((now - due) * 1000))); // microseconds
    due = now + RESOLUTION_MS;
    setTimeout(tick, RESOLUTION_MS).unref();
  };
  setTimeout(tick, RESOLUTION_MS).unref();
  const chargeCpu = () => {
    const d = process.cpuUsage(cpuMark);
    cpuMark = process.cpuUsage();
    if (currentName) cpu.set(currentName, (cpu.get(currentName) ?? 0) + (d.user + d.system) / 1000);
  };
  const msOf = (us: number) => +(us / 1000).toFixed(2);
  return {
    phase(name) {
      chargeCpu();
      currentName = name;
      let h = histograms.get(name);
      if (!h) histograms.set(name, (h = createHistogram()));
      current = h;
    },
    report() {
      chargeCpu();
      return Object.fromEntries(
        [...histograms].map(([name, h]) => [name, { p50Ms: msOf(h.percentile(50)), p99Ms: msOf(h.percentile(99)), maxMs: msOf(h.max), cpuMs: Math.round(cpu.get(name) ?? 0) }]),
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
