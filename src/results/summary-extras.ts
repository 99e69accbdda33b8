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
