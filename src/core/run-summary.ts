import type { CloseMode } from "./connection.js";
import type { ModelPrediction } from "./prediction.js";
import type { StateCounts } from "./sample.js";
import type { ScenarioClient } from "./scenario.js";

/** Percentiles of a latency distribution, in ms. */
export interface LatencySummary {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface HostPeak extends StateCounts {
  readonly portsInUse: number;
}

/** The model's prediction for a run (profiles/model.ts); sustainableRate is null where ports do not limit. */
export type RunPrediction = ModelPrediction;

/** How a command client's program ended (`program` of a run whose client is `command`). */
export interface ProgramSummary {
  readonly exitCode: number | null;
  /** The signal that ended it, when one did (SIGTERM at the bound, SIGKILL after the grace, or its own). */
  readonly signal: string | null;
  /** From its start to its exit. */
  readonly exitedAtMs: number;
  /** What ended it besides itself: the run's bound, or an interrupt; null when it exited on its own first. */
  readonly stoppedBy: "bound" | "interrupt" | null;
  /** The harshest signal portlab had to send its process group. */
  readonly stopSignal: "SIGTERM" | "SIGKILL" | null;
  /** It outlived SIGTERM's grace and was killed. */
  readonly killed: boolean;
  /** Its stdout and stderr in the run directory (`client-<run>.log`), and how many bytes it wrote / the log kept. */
  readonly log: string;
  readonly logBytes: number;
  readonly logKeptBytes: number;
  /** Where `errors` came from: strace, or null (not observed). */
  readonly errorsFrom: "strace" | null;
  /** Something strace could not do (its output ended early, lines it could not read), or null. */
  readonly straceProblem: string | null;
}

/** One (profile × client) run; the shape DESIGN.md fixes for summary.json, extended, never broken. */
export interface RunSummary {
  readonly profile: string;
  readonly explanation: string;
  readonly client: ScenarioClient["kind"];
  readonly closeMode: CloseMode | null;
  readonly connections: number | null;
  /** The client worker's open-file limit when the scenario set one (`nofile`). */
  readonly nofile?: number | null;
  /** A command client's program and arguments. */
  readonly command?: readonly string[] | null;
  /** `ran`; `unavailable` (a profile this kernel cannot run, kept in the table with the reason); `interrupted`. */
  readonly status: "ran" | "unavailable" | "interrupted";
  readonly unavailableReason: string | null;
  /** The load portlab offered; `command`: the program's own, bounded by durationMs. */
  readonly load: {
    readonly mode: "rate" | "concurrency" | "command";
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
  /** null: not observed (a command client's requests are its own business). */
  readonly requests: {
    readonly sent: number;
    readonly ok: number;
    readonly failed: number;
    readonly late: number;
    readonly dropped: number;
  } | null;
  readonly okPerSec: number | null;
  readonly connectionsOpened: number | null;
  /** Failures by errno code; null: not observed (a command client without `errors: strace`). */
  readonly errors: Readonly<Record<string, number>> | null;
  readonly firstErrorMs: Readonly<Record<string, number>> | null;
  /** First connect() failure for lack of a port; null when none was seen, or errors are not observed. */
  readonly exhaustedAtMs: number | null;
  readonly minFreePorts: number | null;
  /** When the client host's samples first showed no free port (ms since the load started, a whole second). */
  readonly freePortsZeroAtMs?: number | null;
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
  /** Why prediction is null for a run that ran (a command client that says nothing of how it connects). */
  readonly noPredictionReason?: string | null;
  /** A command client: how its program ended. */
  readonly program?: ProgramSummary | null;
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

/** A run of portlab's own client: its requests and errors are observed, never null. */
export type ObservedRunSummary = RunSummary & {
  readonly requests: NonNullable<RunSummary["requests"]>;
  readonly okPerSec: number;
  readonly connectionsOpened: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly firstErrorMs: Readonly<Record<string, number>>;
};

export interface ScenarioSummary {
  readonly portlab: string;
  readonly scenario: string;
  readonly kernel: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly interrupted: boolean;
  readonly runs: readonly RunSummary[];
}
