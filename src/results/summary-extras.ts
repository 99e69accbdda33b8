import type { LatencySummary, RunSummary } from "../core/run-summary.js";

/**
 * Fields newer engines add to a run of summary.json (connect time, a breakdown per host when there are several
 * clients or a router). Readers treat them as optional, so older summaries still read.
 */
export interface RunSummaryExtras {
  readonly connectMs?: LatencySummary | null;
  readonly hosts?: Readonly<
    Record<string, { readonly role?: string; readonly peak?: { readonly TIME_WAIT?: number } | null }>
  >;
}

export type ReadRun = RunSummary & RunSummaryExtras;

/** The highest TIME_WAIT count any host of the run held at one time (null when nothing was sampled). */
export function peakTimeWait(run: ReadRun): number | null {
  const peaks = [run.peak?.client?.TIME_WAIT, run.peak?.server?.TIME_WAIT];
  for (const host of Object.values(run.hosts ?? {})) peaks.push(host.peak?.TIME_WAIT);
  const known = peaks.filter((value): value is number => typeof value === "number");
  return known.length === 0 ? null : Math.max(...known);
}
