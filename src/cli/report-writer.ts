import type { EngineEmitter } from "../engine/events.js";
import { writeReport } from "../report/write-report.js";

export interface ReportWriter {
  /** report.html's path once written after the engine's `done`; null if the run never got that far. */
  written(): Promise<string | null>;
}

/**
 * Subscribes to the engine: when a scenario is done (also an interrupted one), report.html is written from the
 * files the engine left in the run directory. A failure to write it is logged, never fatal to the run.
 */
export function attachReportWriter(events: EngineEmitter, onError: (error: unknown) => void): ReportWriter {
  let directory: string | null = null;
  let writing: Promise<string | null> = Promise.resolve(null);
  events.on("directory", (path) => {
    directory = path;
  });
  events.on("done", () => {
    if (directory === null) return;
    writing = writeReport(directory).catch((error: unknown) => {
      onError(error);
      return null;
    });
  });
  return { written: () => writing };
}
