import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { invalidInput } from "../core/errors.js";
import type { ScenarioSummary } from "../core/run-summary.js";
import type { ReadRun } from "./summary-extras.js";

export interface LoadedSummary {
  /** The summary.json file read. */
  readonly path: string;
  /** The run directory it sits in (where samples.ndjson and report.html are). */
  readonly directory: string;
  readonly summary: ScenarioSummary & { readonly runs: readonly ReadRun[] };
}

const hint = "pass a run directory (results/<timestamp>-<name>/) or its summary.json";

/** A run directory or a summary.json file → the parsed summary, refused with one clear line if it is not one. */
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
  if (!isSummary(parsed))
    throw invalidInput("SUMMARY_INVALID", `${path}: not a portlab summary (no scenario and runs)`, hint);
  return { path, directory: dirname(path), summary: parsed };
}

function isSummary(value: unknown): value is LoadedSummary["summary"] {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.scenario === "string" &&
    Array.isArray(record.runs) &&
    record.runs.every(
      (run) =>
        typeof run === "object" &&
        run !== null &&
        typeof (run as Record<string, unknown>).profile === "string" &&
        typeof (run as Record<string, unknown>).client === "string",
    )
  );
}
