import type { CloseMode } from "./connection.js";

/** Kernel parameters by dotted name (`net.ipv4.tcp_tw_reuse`), values as the kernel prints them. */
export type Sysctls = Readonly<Record<string, string>>;

export interface PortSpan {
  readonly low: number;
  readonly high: number;
}

/** The NAT router between the client hosts and the server (topology `nat`). */
export interface NatSpec {
  /** Client hosts behind the router, each with its own network namespace and address. */
  readonly clients: number;
  /**
   * Source ports the router maps connections to (nftables `masquerade to :LOW-HIGH`); null leaves the choice
   * to the kernel (the client's own port when free, else one of 1024-65535).
   */
  readonly portRange: PortSpan | null;
  /**
   * Each client host gets its own block of portRange's size (client 1 the range itself, client 2 the next
   * block, …): a per-VM allocation such as Azure's load balancer or GCP Cloud NAT. Absent: the hosts share it.
   */
  readonly perClient?: boolean;
  /** The cloud NAT gateway this router stands for (a `nat-*` cloud profile); its budget and timeouts are its. */
  readonly gateway?: string;
}

/** The ports the router maps client host `index` (0-based) to: its own block, or the shared range. */
export function natPortsOf(nat: NatSpec, index: number, kernelRange: PortSpan): PortSpan {
  const range = nat.portRange ?? kernelRange;
  if (!nat.perClient) return range;
  const size = range.high - range.low + 1;
  return { low: range.low + index * size, high: range.high + index * size };
}

/** A named set of kernel parameters and topology choices that one run applies. */
export interface Profile {
  readonly name: string;
  /** One line, shown in the comparison table and docs/profiles.md: what this profile shows. */
  readonly explanation: string;
  /**
   * `veth`: client and server namespaces on a veth pair. `loopback`: both in one namespace over 127.0.0.1.
   * `nat`: `nat.clients` client hosts behind a router host that masquerades them, then the server.
   */
  readonly topology: "veth" | "loopback" | "nat";
  readonly client: {
    readonly sysctls: Sysctls;
    /** How many source addresses the client host uses (horizontal scaling). */
    readonly sourceAddresses: number;
  };
  readonly server: {
    readonly sysctls: Sysctls;
    /** How many consecutive ports nginx listens on (the 4-tuple rule multiplies the port space). */
    readonly listenPorts: number;
  };
  /** With topology `nat` only: the client hosts and the router's port range. */
  readonly nat?: NatSpec;
  /** With topology `nat` only: the router host's parameters (conntrack timeouts are per namespace). */
  readonly router?: { readonly sysctls: Sysctls };
  /**
   * When this kernel lacks one of the sysctls: `refuse` stops before anything starts (exit 3),
   * `report` keeps the row in the table as "not on this kernel" with the reason.
   */
  readonly ifUnavailable: "refuse" | "report";
}

/** The client hosts a profile's topology has: one, or one per NAT client. */
export function clientHostCount(profile: Pick<Profile, "topology" | "nat">): number {
  return profile.topology === "nat" ? (profile.nat?.clients ?? 1) : 1;
}
