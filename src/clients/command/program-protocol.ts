import type { CommandClientSpec } from "../../core/scenario.js";
import type { WorkerTarget } from "../worker/protocol.js";
import type { StraceConnectFailures } from "./strace-connects.js";

/** Runner → load agent: run the user's program in this host, bounded by `durationMs`. */
export interface StartProgramMessage {
  readonly type: "start-program";
  readonly client: CommandClientSpec;
  readonly target: WorkerTarget;
  readonly durationMs: number;
}

/** Load agent → runner: the next bytes of the program's stdout and stderr (base64), within the log's bound. */
export interface ProgramOutputMessage {
  readonly type: "program-output";
  readonly data: string;
}

/** How the program ended, and what strace saw. */
export interface ProgramReport {
  /** Why it could not start (no such program, strace missing), or null. */
  readonly startError: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** From its start to its exit. */
  readonly exitedAtMs: number;
  /** What ended it besides itself: the run's bound or an interrupt; null when it exited on its own. */
  readonly stoppedBy: "bound" | "interrupt" | null;
  /** The harshest signal portlab had to send its process group: SIGTERM, then SIGKILL after the grace. */
  readonly stopSignal: "SIGTERM" | "SIGKILL" | null;
  /** Bytes it wrote on stdout and stderr, and how many of them the log keeps. */
  readonly logBytes: number;
  readonly logKeptBytes: number;
  /** `errors: strace`: its failed connect() calls; null when not traced. */
  readonly strace: (StraceConnectFailures & { readonly problem: string | null }) | null;
}

export interface ProgramDoneMessage {
  readonly type: "program-done";
  readonly report: ProgramReport;
}

export type ProgramToRunner = ProgramOutputMessage | ProgramDoneMessage;
