import * as z from "zod";
import {
  type LatencySummary,
  type RunSummary,
  runSummarySchema,
  scenarioSummarySchema,
} from "../core/run-summary.js";

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

/**
 * summary.json as `compare` and `report` accept it: the published schema, but for the extras above, which portlab
 * 0.1 did not write. Keys it does not know are dropped (a newer portlab's additions), never passed on unchecked.
 */
export const readableSummarySchema = scenarioSummarySchema.extend({
  runs: z.array(
    runSummarySchema.extend({
      connectMs: runSummarySchema.shape.connectMs.optional(),
      hosts: runSummarySchema.shape.hosts.optional(),
    }),
  ),
});
