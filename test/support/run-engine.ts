import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { clientLabel } from "../../src/clients/client-label.js";
import type { ObservedRunSummary, RunSummary, ScenarioSummary } from "../../src/core/run-summary.js";
import { EngineEmitter } from "../../src/engine/events.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { sandboxIdOf } from "../../src/hosts/netns/names.js";
import { recordScenario } from "../../src/results/record-scenario.js";

const execFileAsync = promisify(execFile);
const repoRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const cliPath = join(repoRoot, "dist", "cli", "main.js");

export interface EngineRun {
  readonly summary: ScenarioSummary;
  /** Sandbox ids the engine reported ("sandbox up"), to check that their namespaces are gone. */
  readonly sandboxIds: readonly string[];
  /** error-level engine log lines (a failed teardown step, say); a clean run has none. */
  readonly errors: readonly string[];
}

/**
 * Runs a scenario, given as YAML text, through the real engine in this process: real namespaces, nginx and
 * the compiled client worker (build first). The run directory lives in a temp dir removed before returning.
 * An abort after `timeoutMs` keeps a stuck run from outliving the test. `inspect` sees the run directory before
 * it is removed.
 */
export async function runScenarioYaml(
  yaml: string,
  timeoutMs = 90_000,
  inspect?: (directory: string) => Promise<void> | void,
): Promise<EngineRun> {
  const scenario = scenarios.parseText(yaml, "test-scenario.yaml");
  const outDir = await mkdtemp(join(tmpdir(), "portlab-test-"));
  const events = new EngineEmitter();
  const sandboxIds: string[] = [];
  const errors: string[] = [];
  events.on("log", (level, message, fields) => {
    if (message === "sandbox up" && typeof fields?.id === "string") sandboxIds.push(fields.id);
    if (level === "error") errors.push(`${message} ${JSON.stringify(fields ?? {})}`);
  });
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new Error(`scenario ${scenario.name} ran over ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    const { summary } = await recordScenario(scenario, {
      outDir: outDir,
      events,
      signal: abort.signal,
    });
    await inspect?.(outDir);
    return { summary, sandboxIds, errors };
  } finally {
    clearTimeout(timer);
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * `portlab run ARGS --json --out <temp dir>` (exit 0 required, or it throws): the summary printed on stdout.
 * The temp dir is removed afterwards.
 */
export async function runCliJson(args: readonly string[], timeoutMs = 60_000): Promise<ScenarioSummary> {
  const outDir = await mkdtemp(join(tmpdir(), "portlab-test-"));
  try {
    const { stdout } = await execFileAsync(
      process.execPath,
      [cliPath, "run", ...args, "--json", "--out", outDir],
      {
        cwd: repoRoot,
        timeout: timeoutMs,
        killSignal: "SIGTERM",
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return JSON.parse(stdout) as ScenarioSummary;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The one run of a summary with this profile and client label (`short/client-first`, `pooled(16)`, `command(…)`). */
export function anyRunOf(
  summary: ScenarioSummary,
  profile: string,
  client = "short/client-first",
): RunSummary {
  const found = summary.runs.find((run) => run.profile === profile && clientLabel(run) === client);
  if (!found) {
    const present = summary.runs.map((run) => `${run.profile} ${clientLabel(run)}`).join(", ");
    throw new Error(`no run ${profile} ${client} in the summary (has: ${present})`);
  }
  return found;
}

/** The run of portlab's own client with this profile and client label: its requests and errors are observed. */
export function runOf(
  summary: ScenarioSummary,
  profile: string,
  client = "short/client-first",
): ObservedRunSummary {
  const found = anyRunOf(summary, profile, client);
  if (found.requests === null || found.errors === null || found.okPerSec === null)
    throw new Error(`run ${profile} ${client} observed no requests or errors (a command client?)`);
  return found as ObservedRunSummary;
}

/** Namespaces of these sandboxes that still exist, a NAT's router and client hosts included (a clean engine leaves none). */
export function leftoverNamespaces(sandboxIds: readonly string[]): string[] {
  const listed = execFileSync("ip", ["netns", "list"], { encoding: "utf8" })
    .split("\n")
    .map((line) => line.split(" ")[0] ?? "");
  return listed.filter((name) => sandboxIds.includes(sandboxIdOf(name) ?? ""));
}

/** Signed fraction (measured − predicted) / predicted, for failure messages and tolerances. */
export function offBy(measured: number, predicted: number): number {
  return (measured - predicted) / predicted;
}

/** One line that says what a run measured, for assertion messages. */
export function describeRun(run: RunSummary): string {
  return JSON.stringify({
    profile: run.profile,
    client: clientLabel(run),
    status: run.status,
    exhaustedAtMs: run.exhaustedAtMs,
    predicted: run.prediction?.exhaustedAtMs ?? null,
    requests: run.requests,
    errors: run.errors,
    opened: run.connectionsOpened,
    peak: run.peak,
  });
}
