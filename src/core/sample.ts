export const TCP_STATES = [
  "ESTABLISHED",
  "SYN_SENT",
  "SYN_RECV",
  "FIN_WAIT1",
  "FIN_WAIT2",
  "TIME_WAIT",
  "CLOSE",
  "CLOSE_WAIT",
  "LAST_ACK",
  "LISTEN",
  "CLOSING",
  "NEW_SYN_RECV",
] as const;
export type TcpState = (typeof TCP_STATES)[number];
export type StateCounts = Partial<Record<TcpState, number>>;

/** A host's name in samples: client, server, router, or client-1, client-2, … when there are several clients. */
export type HostName = string;

/** A host's TCP sockets: /proc/net/tcp and tcp6 as the kernel printed them, or sock_diag records (sock-diag.ts). */
export type TcpSockets = { readonly tables: readonly Uint8Array[] } | { readonly records: Uint32Array };

export interface PortRange {
  readonly low: number;
  readonly high: number;
}

/** One host's view in one second (a line of samples.ndjson, without the run index and client stats). */
export interface HostSample {
  readonly t: number;
  readonly host: HostName;
  readonly states: StateCounts;
  /** Distinct local ports inside the ephemeral range held by any socket. */
  readonly portsInUse: number;
  /** Usable ephemeral ports minus portsInUse; null on a host without a port range of interest. */
  readonly freePorts: number | null;
  /** sockstat `TCP: … tw N`. */
  readonly tw: number;
  /** Per-second deltas of the TcpExt and Tcp counters DESIGN.md names (and a router's conntrack counters). */
  readonly counters: Readonly<Record<string, number>>;
  /** A NAT router's conntrack entries at this second. */
  readonly conntrackEntries?: number;
}

/** One host over a whole run, as the sampler saw it. */
export interface HostRunSummary {
  readonly host: HostName;
  /** Ticks that produced a sample for this host. */
  readonly samples: number;
  /** Highest count of each state in any one sample; every state is present (0 when never seen). */
  readonly peakStates: Readonly<Record<TcpState, number>>;
  readonly peakPortsInUse: number;
  /** Highest sockstat `tw`. */
  readonly peakTw: number;
  /** Lowest freePorts of any sample; null without usable ports or without samples. */
  readonly minFreePorts: number | null;
  /** A NAT router's most conntrack entries at once. */
  readonly peakConntrackEntries?: number;
  /** Counter deltas over the run: the last snapshot minus the baseline taken when the load started. */
  readonly counters: Readonly<Record<string, number>>;
}
