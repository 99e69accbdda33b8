import { clientLabel } from "../clients/client-label.js";
import type { ReadRun } from "../results/summary-extras.js";
import type { ChartSpec, MarkerSpec, SeriesSpec } from "./chart-spec.js";
import { categoricalColor } from "./palette.js";
import { hostRole, type SampleRecord } from "./sample-records.js";

/**
 * Free client ports over time, one series per run (the sum over a run's client hosts): the picture of which fix
 * holds. Runs without samples (not on this kernel) have no series. Each run's exhaustion is marked in its colour.
 */
export function overlayChart(
  runs: readonly ReadRun[],
  recordsByRun: ReadonlyMap<number, readonly SampleRecord[]>,
): ChartSpec | null {
  const free = new Map<number, Map<number, number>>();
  for (const [index, records] of recordsByRun) {
    const byT = new Map<number, number>();
    for (const record of records) {
      if (hostRole(record.host) !== "client" || record.freePorts === null) continue;
      byT.set(record.t, (byT.get(record.t) ?? 0) + record.freePorts);
    }
    if (byT.size > 0) free.set(index, byT);
  }
  const drawn = runs.map((run, index) => ({ run, index })).filter(({ index }) => free.has(index));
  if (drawn.length === 0) return null;
  const x = [...new Set([...free.values()].flatMap((byT) => [...byT.keys()]))].sort((a, b) => a - b);
  const series: SeriesSpec[] = drawn.map(({ run, index }, position) => ({
    label: `${run.profile} ${clientLabel(run)}`,
    color: categoricalColor(position),
    values: x.map((t) => free.get(index)?.get(t) ?? null),
  }));
  const markers: MarkerSpec[] = drawn.flatMap(({ run }, position) =>
    run.exhaustedAtMs === null
      ? []
      : [
          {
            atSeconds: run.exhaustedAtMs / 1000,
            label: `${run.profile} ran out`,
            color: categoricalColor(position),
            dash: false,
          },
        ],
  );
  return { id: "overlay", title: "Free client ports, every run", unit: "free ports", x, series, markers };
}
