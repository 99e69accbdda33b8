import type { PortlabError } from "../core/errors.js";
import type { EngineEmitter } from "../engine/events.js";
import type { RunDirectory } from "./run-directory.js";

export interface RunWriters {
  /** Every write the events asked for has been made or has failed. */
  settled(): Promise<void>;
}

/**
 * Writes the run directory from the engine's events: summary.json on each `summary`, samples.ndjson on `samples`,
 * a command client's log on `file-output`. The first write that fails (a full disk) is logged and aborts `failure`
 * with its RUN_DIRECTORY_WRITE error, which stops the run (its signal includes this one); nothing more is written
 * but the summary, which may still fit.
 */
export function attachRunWriters(
  events: EngineEmitter,
  directory: RunDirectory,
  failure: AbortController,
): RunWriters {
  const pending = new Set<Promise<void>>();
  let summaries: Promise<void> = Promise.resolve();
  const track = (write: Promise<void>, what: string) => {
    const settled = write.catch((error: unknown) => fail(error as PortlabError, what));
    pending.add(settled);
    void settled.then(() => pending.delete(settled));
  };
  const fail = (error: PortlabError, what: string) => {
    if (failure.signal.aborted) return;
    events.emit("log", "error", `${what} not written: stopping the run`, { error: String(error) });
    failure.abort(error);
  };
  events.on("summary", (summary) => {
    // In order: a later summary never lands before an earlier one.
    const write = summaries.then(() => directory.writeSummary(summary));
    summaries = write.catch(() => undefined);
    track(write, "summary.json");
  });
  events.on("samples", (_run, lines) => {
    if (!failure.signal.aborted) track(directory.appendSamples(lines), "samples");
  });
  events.on("file-output", (name, bytes) => {
    if (!failure.signal.aborted) track(directory.appendFile(name, bytes), name);
  });
  // A file that got no bytes still exists once it ended (a program that printed nothing has an empty log).
  events.on("file-end", (name) => {
    if (!failure.signal.aborted) track(directory.appendFile(name, Buffer.alloc(0)), name);
  });
  return {
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
