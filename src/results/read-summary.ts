import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { invalidInput } from "../core/errors.js";
import type { ScenarioSummary } from "../core/run-summary.js";
import { type ReadRun, readableSummarySchema } from "./summary-extras.js";
import { summaryProblem } from "./summary-problem.js";

export interface LoadedSummary {
  /** The summary.json file read. */
  readonly path: string;
  /** The run directory it sits in (where samples.ndjson and report.html are). */
  readonly directory: string;
  readonly summary: ScenarioSummary & { readonly runs: readonly ReadRun[] };
}

const hint = "pass a run directory (results/<timestamp>-<name>/) or its summary.json";
const schemaHint =
  "pass a summary.json as `portlab run` wrote it, or correct that field; its format is docs/schema/summary.schema.json";

/**
 * A run directory or a summary.json file → the summary, checked against the published schema (the file may be
 * crafted: nothing unchecked reaches compare or the report), refused with one clear line if it is not one.
 */
export async function readSummary(target: string): Promise<LoadedSummary> {
  const info = await stat(target).catch(() => {
    throw invalidInput("SUMMARY_NOT_FOUND", `${target}: no such file or directory`, hint);
  });
  const path = info.isDirectory() ? join(target, "summary.json") : target;
  const text = await readFile(path, "utf8").catch(() => {
    throw invalidInput("SUMMARY_NOT_FOUND", `${path}: cannot be read (no summary.json here?)`, hint);
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidInput("SUMMARY_INVALID", `${path}: not JSON (${(error as Error).message})`, hint);
  }
  const result = readableSummarySchema.safeParse(parsed);
  if (!result.success)
    throw invalidInput(
      "SUMMARY_INVALID",
      `${path}: not a portlab summary: ${summaryProblem(result.error.issues, parsed)}`,
      schemaHint,
    );
  // The extras (hosts, connectMs) may be missing, as ReadRun says and its readers expect.
  return { path, directory: dirname(path), summary: result.data as LoadedSummary["summary"] };
}
