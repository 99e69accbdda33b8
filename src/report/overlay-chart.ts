import { clientLabel } from "../clients/client-label.js";
import type { ReadRun } from "../results/summary-extras.js";
import type { ChartSpec, MarkerSpec, SeriesSpec } from "./chart-spec.js";
import { categoricalColor } from "./palette.js";
import { hostRole, type SampleRecord } from "./sample-records.js";

/** Free ports of a run's client hosts (summed) by second, and how many hosts that sum is over. */
interface RunFreePorts {
  readonly byT: Map<number, number>;
  readonly hosts: Set<string>;
}

function freePortsOf(records: readonly SampleRecord[]): RunFreePorts | null {
  const byT = new Map<number, number>();
  const hosts = new Set<string>();
  for (const record of records) {
    if (hostRole(record.host) !== "client" || record.freePorts === null) continue;
    byT.set(record.t, (byT.get(record.t) ?? 0) + record.freePorts);
    hosts.add(record.host);
  }
  return byT.size > 0 ? { byT, hosts } : null;
}

/** Every port a run's client hosts had: the range's usable ports per source address, addresses, hosts. */
function fullRange(run: ReadRun, free: RunFreePorts): number | null {
  if (!run.ports) return null;
  return run.ports.usable * run.ports.sourceAddresses * free.hosts.size;
}

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

/**
 * Free client ports over time, one series per run: the picture of which fix holds. Runs differ in their range
 * (linux-default has 28,232 ports, narrow-range 1,000), so each line is its run's share of its own range, and
 * starts at t=0 with all of it free (no port is used before the load); without the ranges it falls back to counts.
 * Runs without samples (not on this kernel) have no series. Each run's exhaustion is marked in its colour.
 */
export function overlayChart(
  runs: readonly ReadRun[],
  recordsByRun: ReadonlyMap<number, readonly SampleRecord[]>,
): ChartSpec | null {
  const drawn = runs.flatMap((run, index) => {
    const free = freePortsOf(recordsByRun.get(index) ?? []);
    return free === null ? [] : [{ run, free, full: fullRange(run, free) }];
  });
  if (drawn.length === 0) return null;
  const share = drawn.every(({ full }) => full !== null && full > 0);
  const x = [0, ...new Set(drawn.flatMap(({ free }) => [...free.byT.keys()]))]
    .filter((t, position, all) => all.indexOf(t) === position)
    .sort((a, b) => a - b);
  const series: SeriesSpec[] = drawn.map(({ run, free, full }, position) => ({
    label: `${run.profile} ${clientLabel(run)}`,
    color: categoricalColor(position),
    values: x.map((t) => {
      const count = t === 0 ? (free.byT.get(0) ?? full) : free.byT.get(t);
      if (count === undefined || count === null) return null;
      return share ? oneDecimal((count / (full as number)) * 100) : count;
    }),
  }));
  const markers: MarkerSpec[] = drawn.flatMap(({ run }, position) =>
    run.exhaustedAtMs === null
      ? []
      : [
          {
            atSeconds: run.exhaustedAtMs / 1000,
            label: `${run.profile} ${clientLabel(run)} ran out at ${(run.exhaustedAtMs / 1000).toFixed(1)} s`,
            color: categoricalColor(position),
            dash: false,
          },
        ],
  );
  return {
    id: "overlay",
    title: share
      ? "Free client ports, every run (share of each run's range)"
      : "Free client ports, every run",
    unit: share ? "% of its ports free" : "free ports",
    x,
    series,
    markers,
  };
}
