import type { Sysctls } from "../core/profile.js";

/**
 * Sysctls portlab sets or reads that the kernel keeps per network namespace, so they can be
 * changed with `ip netns exec NS sysctl -w …` without touching the host.
 */
export const perNamespaceSysctls = [
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_tw_reuse",
  "net.ipv4.tcp_tw_reuse_delay",
  "net.ipv4.tcp_timestamps",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_max_tw_buckets",
  "net.ipv4.tcp_max_syn_backlog",
  "net.ipv4.tcp_syncookies",
  "net.core.somaxconn",
] as const;

export type PerNamespaceSysctl = (typeof perNamespaceSysctls)[number];

/**
 * Read back in a NAT router host. The conntrack timeouts are per network namespace (a router parameter may set
 * them); nf_conntrack_max is read-only in a child namespace (only the host's initial namespace sets it).
 */
export const routerReportedSysctls = [
  "net.ipv4.ip_forward",
  "net.netfilter.nf_conntrack_tcp_timeout_time_wait",
  "net.netfilter.nf_conntrack_tcp_timeout_close",
  "net.netfilter.nf_conntrack_tcp_timeout_syn_sent",
  // A cloud gateway's idle timeout (nat-* cloud profiles): how long an idle open connection keeps its port.
  "net.netfilter.nf_conntrack_tcp_timeout_established",
  "net.netfilter.nf_conntrack_max",
] as const;

/** Router parameters portlab owns or the kernel does not let a child namespace change, with why. */
export const routerFixedSysctls: Readonly<Record<string, string>> = {
  "net.ipv4.ip_forward": "portlab sets it to 1 in the router: a NAT router forwards",
  "net.netfilter.nf_conntrack_max":
    "read-only in a child network namespace (only the host's own namespace sets it)",
};

/** Conntrack timeouts of a fresh namespace (seconds), for the NAT model when a value was not read back. */
export const conntrackDefaults: Sysctls = {
  "net.netfilter.nf_conntrack_tcp_timeout_time_wait": "120",
  "net.netfilter.nf_conntrack_tcp_timeout_close": "10",
};

/** A sysctl that older advice names but that no longer exists. */
export interface RemovedSysctl {
  readonly name: string;
  readonly removedIn: string;
  readonly reason: string;
}

export const removedSysctls: readonly RemovedSysctl[] = [
  {
    name: "net.ipv4.tcp_tw_recycle",
    removedIn: "4.12",
    reason: "removed in Linux 4.12 (broke clients behind NAT: PAWS dropped their SYNs)",
  },
];

/** A sysctl that only recent kernels have; older kernels behave as if it had its default. */
export interface RecentSysctl {
  readonly name: string;
  readonly since: string;
  /** What older kernels do instead. */
  readonly before: string;
}

export const recentSysctls: readonly RecentSysctl[] = [
  {
    name: "net.ipv4.tcp_tw_reuse_delay",
    since: "6.14",
    before: "a TIME_WAIT port became reusable about 1 s after the last segment, not tunable",
  },
];

/** A sysctl the seed notes describe wrongly, for the notes-vs-truth table. */

export function removedSysctl(name: string): RemovedSysctl | undefined {
  return removedSysctls.find((entry) => entry.name === name);
}

export function recentSysctl(name: string): RecentSysctl | undefined {
  return recentSysctls.find((entry) => entry.name === name);
}

/**
 * What a fresh network namespace starts with (compiled defaults, Linux 6.x), used by the model
 * when a value was not read back. tcp_max_tw_buckets is left out: its default scales with memory.
 */
export const freshNamespaceDefaults: Sysctls = {
  "net.ipv4.ip_local_port_range": "32768\t60999",
  "net.ipv4.ip_local_reserved_ports": "",
  "net.ipv4.tcp_tw_reuse": "2",
  "net.ipv4.tcp_tw_reuse_delay": "1000",
  "net.ipv4.tcp_timestamps": "1",
  "net.ipv4.tcp_fin_timeout": "60",
};
