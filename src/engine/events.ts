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

/** The engine never prints: renderers (progress line, log, table, files) subscribe to these. */
export interface EngineEvents {
  directory: [path: string];
  "run-start": [RunLabel];
  second: [SecondEvent];
  "run-end": [RunLabel, RunSummary];
  log: [level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>];
  done: [ScenarioSummary];
}

export class EngineEmitter extends EventEmitter<EngineEvents> {}
