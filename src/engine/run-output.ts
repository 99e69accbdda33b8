import type { ScenarioSummary } from "../core/run-summary.js";

/**
 * Where a scenario's files go. The engine never picks a path or opens a file itself: it is given this (results/
 * makes the run directory) and writes its summary, its samples and the hosts' files (captures, logs) through it.
 */
export interface RunOutput {
  /** The run directory on this machine, where hosts bring their files (captures, server and client logs). */
  readonly path: string;
  /** Replaces summary.json as a whole, so a killed run leaves the last complete one. */
  writeSummary(summary: ScenarioSummary): Promise<void>;
  /** Appends sample lines in call order; after a failed write every call rejects with that error. */
  appendSamples(lines: readonly unknown[]): Promise<void>;
}

/** Opens the run's output once the preflight passed (so a refused run leaves nothing), named after its start. */
export type OpenRunOutput = (scenarioName: string, startedAt: Date) => Promise<RunOutput>;
