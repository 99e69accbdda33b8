import type { ProgramToRunner, StartProgramMessage } from "../clients/command/program-protocol.js";
import type { RunnerToWorker, WorkerToRunner } from "../clients/worker/protocol.js";
import type { HostRunSummary, HostSample, PortRange } from "../core/sample.js";

/**
 * The agent is the one program portlab runs inside a host. It speaks NDJSON over stdio (one JSON message per
 * line), so the same agent works under `ip netns exec`, `docker exec -i` and `kubectl exec -i`.
 */

/** Start sampling this host's network namespace once a second, on ticks aligned to the load start. */
export interface SampleStartMessage {
  readonly type: "sample-start";
  /** The host's name in samples (client, server, router, client-1, …). */
  readonly host: string;
  readonly loadStartEpochMs: number;
  readonly portRange: PortRange | null;
  readonly usablePorts: number | null;
  /** Also sample the host's conntrack statistics (a NAT router). */
  readonly conntrack?: boolean;
}

/** Stop sampling and report the host's run summary. */
export interface SampleStopMessage {
  readonly type: "sample-stop";
}

export type RunnerToAgent = RunnerToWorker | SampleStartMessage | SampleStopMessage | StartProgramMessage;

export interface SampleMessage {
  readonly type: "sample";
  readonly sample: HostSample;
}

/** The counter baseline is taken: the load may start. */
export interface SampleStartedMessage {
  readonly type: "sample-started";
}

export interface SampleSummaryMessage {
  readonly type: "sample-summary";
  readonly summary: HostRunSummary | null;
}

/** Something the agent could not do; the runner logs it and carries on. */
export interface WarningMessage {
  readonly type: "warning";
  readonly message: string;
}

export type AgentToRunner =
  | WorkerToRunner
  | ProgramToRunner
  | SampleMessage
  | SampleStartedMessage
  | SampleSummaryMessage
  | WarningMessage;
