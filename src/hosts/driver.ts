import type { Check } from "../core/check.js";
import type { Topology, TopologySpec } from "../core/host.js";
import type { RecordedRun } from "../core/run-record.js";
import type { ServerSpec } from "../core/scenario.js";
import type { TeardownStack } from "../core/teardown-stack.js";
import type { DriverCapabilities } from "../scenario/driver-capabilities.js";

export interface DriverNeeds {
  readonly server: ServerSpec;
  /** sandbox.subnet: the addresses the run's hosts will have. */
  readonly subnet: string;
  /** nginx binary for the netns driver (a test hook). */
  readonly nginxBinary?: string;
  /** A profile puts the clients behind a NAT router (nftables). */
  readonly nat?: boolean;
  /** Packets are captured in some hosts (tcpdump). */
  readonly capture?: boolean;
  /** The command clients' own images (clients[].image): each must be in the engine before anything starts. */
  readonly clientImages?: readonly string[];
}

/** What `portlab clean` did for one driver. */
export interface CleanReport {
  readonly removed: string[];
  /** What it tried to remove and could not, each with why. */
  readonly failed: string[];
  /** Look-alikes it has no record of making: listed with the command that removes them, never removed. */
  readonly unrecorded: string[];
}

/** What `portlab clean` hands a driver: the dead runs' records, and every name any record holds. */
export interface CleanRequest {
  readonly dead: readonly RecordedRun[];
  /** Names in any record, a live run's too: what is not among them is a look-alike. */
  readonly recorded: ReadonlySet<string>;
}

/**
 * Makes hosts one way (namespaces, containers, …). A driver is one folder of hosts/ and one line of
 * hosts/registry.ts: it declares what it can make (the scenario format's choices and rules read that), checks
 * what it needs, makes the hosts, and owns its doctor checks, its clean-up and its error codes.
 */
export interface Driver extends DriverCapabilities {
  /** Its own error codes, by kind, with what each means (docs/errors.md lists them with the rest). */
  readonly errorCodes: Readonly<
    Partial<Record<"invalid-input" | "environment" | "internal", Readonly<Record<string, string>>>>
  >;
  /** What the driver needs before anything starts (root, tools, an engine, images): environment error if missing. */
  preflight(needs: DriverNeeds): Promise<void>;
  /** Reads the named parameters as a fresh host of this driver starts; null where it has no such parameter. */
  probeDefaults(names: readonly string[]): Promise<Map<string, string | null>>;
  /** Makes the hosts; every piece is registered on `teardown` before it exists. */
  create(spec: TopologySpec, teardown: TeardownStack): Promise<Topology>;
  /** Its lines of `portlab doctor`. */
  doctor(): Promise<Check[]>;
  /** Removes what the dead runs' records name of its own (`portlab clean`), continuing past a failure. */
  clean(request: CleanRequest): Promise<CleanReport>;
}
