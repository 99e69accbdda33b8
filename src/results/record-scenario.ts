import type { Scenario } from "../core/scenario.js";
import type { EngineEmitter } from "../engine/events.js";
import type { EngineHooks } from "../engine/fault-injection.js";
import { runScenario, type ScenarioResult } from "../engine/run-scenario.js";
import { createRunDirectory, type RunDirectory } from "./run-directory.js";
import { attachRunWriters, type RunWriters } from "./run-writers.js";

export interface RecordOptions {
  readonly events: EngineEmitter;
  /** Interrupts (SIGINT, SIGTERM). */
  readonly signal: AbortSignal;
  /** `--out`: exactly this directory (new or empty); null: results/<timestamp>-<name>/. */
  readonly outDir: string | null;
  /** `--force`: write into an `--out` that is not empty (fresh files only). */
  readonly force?: boolean;
  readonly hooks?: EngineHooks;
}

/**
 * A scenario run with its run directory written: the engine runs it and emits, the writers listen. A write that
 * fails stops the run and is what this rejects with (RUN_DIRECTORY_WRITE, exit 3), once every write settled.
 */
export async function recordScenario(scenario: Scenario, options: RecordOptions): Promise<ScenarioResult> {
  const failure = new AbortController();
  let writers: RunWriters | null = null;
  let opened: RunDirectory | null = null;
  try {
    const result = await runScenario(scenario, {
      events: options.events,
      signal: AbortSignal.any([options.signal, failure.signal]),
      hooks: options.hooks,
      openDirectory: async (name, startedAt) => {
        const directory = await createRunDirectory(name, startedAt, {
          outDir: options.outDir,
          force: options.force ?? false,
        });
        opened = directory;
        writers = attachRunWriters(options.events, directory, failure);
        return directory.path;
      },
    });
    await (writers as RunWriters | null)?.settled();
    if (failure.signal.aborted) throw failure.signal.reason;
    return result;
  } finally {
    await (writers as RunWriters | null)?.settled();
    await (opened as RunDirectory | null)?.close();
  }
}
