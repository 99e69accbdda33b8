import type { LatencySummary } from "../clients/protocol.js";
import type { ModelPrediction } from "../profiles/model.js";
import type { StateCounts } from "../sampler/types.js";
import type { ClientKind, CloseMode } from "../scenario/types.js";

export interface HostPeak extends StateCounts {
  readonly portsInUse: number;
}

/** The model's prediction for a run (profiles/model.ts); sustainableRate is null where ports do not limit. */
export type RunPrediction = ModelPrediction;

/** One (profile × client) run; the shape DESIGN.md fixes for summary.json, extended, never broken. */
export interface RunSummary {
  readonly profile: string;
  readonly explanation: string;
  readonly client: ClientKind;
  readonly closeMode: CloseMode | null;
  readonly connections: number | null;
  /** The client worker's open-file limit when the scenario set one (`nofile`). */
  readonly nofile?: number | null;
  /** `ran`; `unavailable` (a profile this kernel cannot run, kept in the table with the reason); `interrupted`. */
  readonly status: "ran" | "unavailable" | "interrupted";
  readonly unavailableReason: string | null;
  readonly load: {
    readonly mode: "rate" | "concurrency";
    readonly rate?: number;
    readonly concurrency?: number;
    readonly durationMs: number;
  };
  readonly sysctls: Readonly<Record<string, string>>;
  readonly serverSysctls: Readonly<Record<string, string>>;
  /** The client host's range; `usable` per source address (range minus reserved ports). */
  readonly ports: {
    readonly low: number;
    readonly high: number;
    readonly usable: number;
    readonly sourceAddresses: number;
  } | null;
  readonly requests: {
    readonly sent: number;
    readonly ok: number;
    readonly failed: number;
    readonly late: number;
    readonly dropped: number;
  };
  readonly okPerSec: number;
  readonly connectionsOpened: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly firstErrorMs: Readonly<Record<string, number>>;
  readonly exhaustedAtMs: number | null;
  readonly minFreePorts: number | null;
  readonly peak: { readonly client: HostPeak | null; readonly server: HostPeak | null };
  /** Counter deltas over the run: client is the sum over every client host. */
  readonly counters: {
    readonly client: Readonly<Record<string, number>>;
    readonly server: Readonly<Record<string, number>>;
    readonly router?: Readonly<Record<string, number>>;
  };
  /** Each host by name (client, server, router, client-1, …): its role, peaks, counter deltas. */
  readonly hosts: Readonly<
    Record<
      string,
      {
        readonly role: string;
        readonly peak: HostPeak | null;
        readonly counters: Readonly<Record<string, number>>;
        readonly minFreePorts: number | null;
      }
    >
  >;
  /** Request latency (from sending the request to the whole response). */
  readonly latencyMs: LatencySummary | null;
  /** TCP connect time, apart from the request: slow connects are how SYN drops show. */
  readonly connectMs: LatencySummary | null;
  readonly prediction: RunPrediction | null;
}

export interface ScenarioSummary {
  readonly portlab: string;
  readonly scenario: string;
  readonly kernel: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly interrupted: boolean;
  readonly runs: readonly RunSummary[];
}
