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
  /** Read back in the NAT router host (conntrack timeouts, ip_forward), when the run had one. */
  readonly routerSysctls?: Readonly<Record<string, string>>;
  /** A NAT topology: its client hosts, the router's port range, and when it first dropped a SYN. */
  readonly nat?: NatSummary;
  /** Packet captures of this run (`capture:`): `<host>-<run>.pcap` files in the run directory. */
  readonly captures?: ReadonlyArray<{
    readonly host: string;
    readonly file: string;
    readonly packets: number | null;
  }>;
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
  /**
   * Counter deltas over the run: client is the sum over every client host; router (a NAT run) has the router's
   * TcpExt/Tcp counters, its conntrack counters (found, insert_failed, drop, early_drop) and its most conntrack
   * `entries` at once.
   */
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

export interface NatSummary {
  readonly clients: number;
  /** The router's masquerade range: `usable` ports per destination ip:port. */
  readonly ports: { readonly low: number; readonly high: number; readonly usable: number };
  /**
   * The end of the first sampled second in which the router dropped a connection for want of a NAT port
   * (conntrack insert_failed or drop rose), ms since the load started; null when it never did.
   */
  readonly exhaustedAtMs: number | null;
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
