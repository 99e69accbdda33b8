import type { Profile, Sysctls } from "../core/profile.js";

const vethDefaults = {
  topology: "veth",
  client: { sysctls: {}, sourceAddresses: 1 },
  server: { sysctls: {}, listenPorts: 1 },
  ifUnavailable: "refuse",
} as const satisfies Omit<Profile, "name" | "explanation">;

/** 1,000 ports: every profile about a fix carries it, so a demo stays short and only the fix differs. */
export const narrowPortRange = "40000 40999";
const narrow: Sysctls = { "net.ipv4.ip_local_port_range": narrowPortRange };

/** Two client hosts behind a router that masquerades them to 10 ports: the notes' load balancer behind a NAT. */
const natDefaults = {
  ...vethDefaults,
  topology: "nat",
  nat: { clients: 2, portRange: { low: 40000, high: 40009 } },
  router: { sysctls: {} },
} as const satisfies Omit<Profile, "name" | "explanation">;

/** conntrack timeouts in the router, in seconds: a cloud gateway's idle and closing timers. */
function routerTimeouts(timeouts: Readonly<Record<string, number>>): { sysctls: Sysctls } {
  const sysctls: Record<string, string> = {};
  for (const [state, seconds] of Object.entries(timeouts))
    sysctls[`net.netfilter.nf_conntrack_tcp_timeout_${state}`] = String(seconds);
  return { sysctls };
}

function narrowClient(extra: Sysctls = {}, sourceAddresses = 1): Profile["client"] {
  return { sysctls: { ...narrow, ...extra }, sourceAddresses };
}

/** The shipped profiles, by name; scenarios reference them and may extend them. */
export const profileLibrary: readonly Profile[] = [
  {
    ...vethDefaults,
    name: "linux-default",
    explanation:
      "a fresh namespace: tcp_tw_reuse=2 (0 before 4.18) never reuses over a veth, so TIME_WAIT holds ports 60 s",
  },
  {
    ...vethDefaults,
    name: "narrow-range",
    explanation: "1,000 ephemeral ports (40000-40999) so exhaustion shows in seconds",
    client: narrowClient(),
  },
  {
    ...vethDefaults,
    name: "wide-range",
    explanation:
      "64,512 ports (1024-65535): 2.3x the default buys time, yet ~1,050 new conn/s per destination",
    client: { sysctls: { "net.ipv4.ip_local_port_range": "1024 65535" }, sourceAddresses: 1 },
  },
  {
    ...vethDefaults,
    name: "tw-reuse",
    explanation:
      "tcp_tw_reuse=1 (1,000 ports): connect() takes a TIME_WAIT port 1 s after close if timestamps are on",
    client: narrowClient({ "net.ipv4.tcp_tw_reuse": "1" }),
  },
  {
    ...vethDefaults,
    name: "tw-reuse-no-timestamps",
    explanation:
      "tcp_tw_reuse=1 with tcp_timestamps=0 (1,000 ports): reuse needs timestamps, so ports still run out",
    client: narrowClient({ "net.ipv4.tcp_tw_reuse": "1", "net.ipv4.tcp_timestamps": "0" }),
  },
  {
    ...vethDefaults,
    name: "tw-reuse-fast",
    explanation:
      "tcp_tw_reuse=1, tcp_tw_reuse_delay=100 (1,000 ports): reuse after 100 ms, not 1 s; Linux 6.14+",
    client: narrowClient({ "net.ipv4.tcp_tw_reuse": "1", "net.ipv4.tcp_tw_reuse_delay": "100" }),
    ifUnavailable: "report",
  },
  {
    ...vethDefaults,
    name: "fin-timeout-short",
    explanation:
      "tcp_fin_timeout=10 (the notes' fix, 1,000 ports): bounds orphaned FIN_WAIT_2; TIME_WAIT stays 60 s",
    client: narrowClient({ "net.ipv4.tcp_fin_timeout": "10" }),
  },
  {
    ...vethDefaults,
    name: "max-tw-buckets-small",
    explanation:
      "TIME_WAIT capped at 256 (1,000 ports): no exhaustion, but a stray old segment can corrupt a new connection",
    client: narrowClient({ "net.ipv4.tcp_max_tw_buckets": "256" }),
  },
  {
    ...vethDefaults,
    name: "tw-recycle",
    explanation:
      "tcp_tw_recycle=1 (the notes' fix): removed in 4.12; it broke clients behind NAT (PAWS dropped their SYNs)",
    client: narrowClient({ "net.ipv4.tcp_tw_recycle": "1" }),
    ifUnavailable: "report",
  },
  {
    ...vethDefaults,
    name: "loopback",
    explanation:
      "one namespace over 127.0.0.1 (1,000 ports): default tcp_tw_reuse=2 reuses there, so loopback labs miss the bug",
    topology: "loopback",
    client: narrowClient(),
  },
  {
    ...vethDefaults,
    name: "more-source-ips",
    explanation:
      "4 source IPs (1,000 ports each): 4x the ports; Node binds before connect, so exhaustion is EADDRINUSE",
    client: narrowClient({}, 4),
  },
  {
    ...vethDefaults,
    name: "more-destinations",
    explanation:
      "nginx on 4 ports (1,000 client ports): the 4-tuple rule lets each source port serve 4 destinations",
    client: narrowClient(),
    server: { sysctls: {}, listenPorts: 4 },
  },
  {
    ...natDefaults,
    name: "nat",
    explanation:
      "2 client hosts behind a NAT with 10 ports (40000-40009): reused 4-tuples meet the server's TIME_WAIT",
  },
  {
    ...natDefaults,
    name: "nat-no-timestamps",
    explanation:
      "nat with client tcp_timestamps=0: the server's TIME_WAIT checks only sequence numbers, no PAWS rejects",
    client: { sysctls: { "net.ipv4.tcp_timestamps": "0" }, sourceAddresses: 1 },
  },
  {
    ...natDefaults,
    name: "nat-wide-range",
    explanation:
      "nat with 64,512 NAT ports (1024-65535): a 4-tuple is rarely reused while the server holds its TIME_WAIT",
    nat: { clients: 2, portRange: { low: 1024, high: 65535 } },
  },
  // Cloud NAT gateways (docs/cloud-nat.md has each figure's source): the router gets the gateway's SNAT port
  // budget per destination and its timeouts, at full size; two client hosts stand for two nodes.
  {
    ...natDefaults,
    name: "nat-azure-lb",
    explanation:
      "Azure load balancer default outbound SNAT: 1,024 ports per node (pool of 1-50), TCP idle timeout 4 min",
    nat: {
      clients: 2,
      portRange: { low: 1024, high: 2047 },
      perClient: true,
      gateway: "Azure load balancer",
    },
    router: routerTimeouts({ established: 240 }),
  },
  {
    ...natDefaults,
    name: "nat-aws-gateway",
    explanation:
      "AWS NAT Gateway: 55,000 connections per destination per address, shared by every node; idle timeout 350 s",
    nat: { clients: 2, portRange: { low: 1024, high: 56023 }, gateway: "AWS NAT Gateway" },
    router: routerTimeouts({ established: 350 }),
  },
  {
    ...natDefaults,
    name: "nat-gcp-cloud-nat",
    explanation:
      "GCP Cloud NAT static allocation: 64 ports per VM; TCP established 1200 s, transitory 30 s, TIME_WAIT 120 s",
    nat: { clients: 2, portRange: { low: 1024, high: 1087 }, perClient: true, gateway: "GCP Cloud NAT" },
    router: routerTimeouts({ established: 1200, syn_sent: 30, syn_recv: 30, time_wait: 120 }),
  },
];

export function profileNames(): string[] {
  return profileLibrary.map((profile) => profile.name);
}

export function getProfile(name: string): Profile | undefined {
  return profileLibrary.find((profile) => profile.name === name);
}
