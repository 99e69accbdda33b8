import { rm } from "node:fs/promises";
import { readRunRecords } from "../core/run-record.js";
import type { CleanReport } from "./driver.js";
import { drivers } from "./registry.js";

export interface CleanOutcome extends CleanReport {
  /** Runs whose portlab process still runs: never touched. */
  readonly live: string[];
  /** State directories portlab does not trust (not root's own, a link): read no further. */
  readonly refused: string[];
}

/**
 * `portlab clean`: removes exactly what dead runs' records name (/run/portlab/<id>/), driver by driver, past any
 * failure; a record goes once everything it names is gone. A live run is left alone, and a look-alike no record
 * names is only listed.
 */
export async function cleanLeftovers(): Promise<CleanOutcome> {
  const { runs, refused } = readRunRecords();
  const dead = runs.filter((run) => !run.alive);
  const recorded = new Set(runs.flatMap((run) => run.resources.map((resource) => resource.name)));
  const removed: string[] = [];
  const failed: string[] = [];
  const unrecorded: string[] = [];
  for (const driver of drivers) {
    const report = await driver.clean({ dead, recorded }).catch((error: unknown) => ({
      removed: [],
      failed: [`${driver.name} clean-up: ${(error as Error).message}`],
      unrecorded: [],
    }));
    removed.push(...report.removed);
    failed.push(...report.failed);
    unrecorded.push(...report.unrecorded);
  }
  for (const run of dead) {
    const left = failed.filter((line) => run.resources.some((resource) => line.includes(resource.name)));
    if (left.length > 0) continue; // kept: the next clean tries again
    await rm(run.dir, { recursive: true, force: true }).then(
      () => removed.push(`record ${run.dir}`),
      (error: unknown) => failed.push(`record ${run.dir}: ${(error as Error).message}`),
    );
  }
  return {
    removed,
    failed,
    unrecorded,
    live: runs.filter((run) => run.alive).map((run) => run.runId),
    refused,
  };
}
