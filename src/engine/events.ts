import { EventEmitter } from "node:events";
import type { TickMessage } from "../clients/worker/protocol.js";
import type { RunSummary, ScenarioSummary } from "../core/run-summary.js";
import type { HostSample } from "../core/sample.js";

export interface RunLabel {
  readonly index: number;
  readonly total: number;
  readonly profile: string;
  readonly client: string;
}

/** One second of one run: what the client saw and what both hosts' sockets looked like. */
export interface SecondEvent {
  readonly run: RunLabel;
  readonly t: number;
  readonly tick: TickMessage | null;
  readonly client: HostSample | null;
  readonly server: HostSample | null;
}

/**
 * The engine never prints or writes a file: renderers (progress line, run.log, table) and the results writers
 * (summary.json, samples.ndjson, a command client's log) subscribe to these.
 */
export interface EngineEvents {
  /** The run directory is made (hosts bring their captures and logs there). */
  directory: [path: string];
  "run-start": [RunLabel];
  second: [SecondEvent];
  /** samples.ndjson's lines for one second: one per host. */
  samples: [run: number, lines: readonly unknown[]];
  /** Bytes for a file of the run directory (a command client's `client-<run>.log`), in order; then `file-end`. */
  "file-output": [name: string, bytes: Buffer];
  "file-end": [name: string];
  "run-end": [RunLabel, RunSummary];
  /** summary.json as it stands: after the preflight, after each run, and at the end. */
  summary: [ScenarioSummary];
  log: [level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>];
  /** A teardown step failed: what it would have removed may be left on the machine. */
  "teardown-failed": [step: string, error: string];
  /** A test's pause point was reached (fault-injection.ts): the engine waits there a while. */
  pause: [stage: string];
  done: [ScenarioSummary];
}

export class EngineEmitter extends EventEmitter<EngineEvents> {}
