import type { LatencySummary } from "../../core/run-summary.js";
import type { ClientSpec, LoadSpec } from "../../core/scenario.js";

/** Messages between the runner and the worker process inside the client host (Node IPC). */

export interface WorkerTarget {
  readonly host: string;
  readonly ports: readonly number[];
  readonly path: string;
}

export interface StartMessage {
  readonly type: "start";
  readonly client: ClientSpec;
  readonly load: LoadSpec;
  readonly target: WorkerTarget;
  /** Source addresses to bind (localAddress); empty means let the kernel choose. */
  readonly sourceAddresses: readonly string[];
}

/** Ask the worker to stop sending and report (an interrupt). */
export interface StopMessage {
  readonly type: "stop";
}

export type RunnerToWorker = StartMessage | StopMessage;

/** What happened in one second of load: second `t` covers (t-1, t] seconds after the load started. */
export interface TickMessage {
  readonly type: "tick";
  readonly t: number;
  readonly sent: number;
  readonly ok: number;
  /** Failures by errno-style code: EADDRNOTAVAIL, EADDRINUSE, ECONNREFUSED, ECONNRESET, ETIMEDOUT, EMFILE, HTTP_5xx, … */
  readonly errors: Readonly<Record<string, number>>;
  /** Requests sent later than their schedule allowed (open loop). */
  readonly late: number;
  /** Scheduled requests never sent because maxInFlight was reached (open loop). */
  readonly dropped: number;
  /** TCP connections opened. */
  readonly opened: number;
  /** Request time of successful requests, connect included. */
  readonly latencyMs: LatencySummary | null;
  /** TCP connect time (connect() to the completed handshake) of the connections opened in this second; null when none, absent where the client does not record it. */
  readonly connectMs?: LatencySummary | null;
}

export interface DoneMessage {
  readonly type: "done";
  readonly durationMs: number;
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly late: number;
  readonly dropped: number;
  readonly opened: number;
  readonly errors: Readonly<Record<string, number>>;
  /** Milliseconds since the load started at which each error code was first seen. */
  readonly firstErrorMs: Readonly<Record<string, number>>;
  readonly latencyMs: LatencySummary | null;
  /** TCP connect time over the run; null when no connection was timed, absent where the client does not record it. */
  readonly connectMs?: LatencySummary | null;
  /** Which transport carried the load, and why (run.log only: it is not a result). */
  readonly transport?: string;
}

export interface ReadyMessage {
  readonly type: "ready";
  readonly pid: number;
}

export interface FatalMessage {
  readonly type: "fatal";
  readonly message: string;
}

export type WorkerToRunner = ReadyMessage | TickMessage | DoneMessage | FatalMessage;
