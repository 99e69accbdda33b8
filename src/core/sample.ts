import * as z from "zod";

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

/** Sockets by TCP state; a state no socket was in may be left out. */
export const stateCountsSchema = z
  .object(Object.fromEntries(TCP_STATES.map((state) => [state, z.number().int().min(0).optional()])))
  .describe("Sockets by TCP state (a state no socket was in may be left out).") as z.ZodType<
  Partial<Record<TcpState, number>>
>;
export type StateCounts = Partial<Record<TcpState, number>>;

/** A host's name in samples: client, server, router, or client-1, client-2, … when there are several clients. */
export type HostName = string;

/** A host's TCP sockets: /proc/net/tcp and tcp6 as the kernel printed them, or sock_diag records (sock-diag.ts). */
export type TcpSockets = { readonly tables: readonly Uint8Array[] } | { readonly records: Uint32Array };

export interface PortRange {
  readonly low: number;
  readonly high: number;
}

/** Counters by kernel name (TcpExt, Tcp, conntrack): per-second deltas in samples, run deltas in summaries. */
export const countersSchema = z.record(z.string(), z.number());

/** One host's view in one second (a line of samples.ndjson, without the run index and client stats). */
export const hostSampleSchema = z.object({
  t: z.number().int().describe("The second: second t covers (t-1, t] seconds after the load started."),
  host: z.string().describe("client, server, router, or client-1, client-2, … behind a NAT."),
  states: stateCountsSchema,
  portsInUse: z
    .number()
    .int()
    .min(0)
    .describe("Distinct local ports inside the ephemeral range held by any socket."),
  freePorts: z
    .number()
    .int()
    .min(0)
    .nullable()
    .describe("Usable ephemeral ports minus portsInUse; null on a host without a port range of interest."),
  tw: z.number().int().min(0).describe("sockstat's `TCP: … tw N`: TIME_WAIT sockets of the namespace."),
  counters: countersSchema.describe(
    "Per-second deltas of the TcpExt and Tcp counters portlab tracks (and a NAT router's conntrack counters).",
  ),
  conntrackEntries: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("A NAT router's conntrack entries at this second."),
});
export type HostSample = z.infer<typeof hostSampleSchema>;

/** One host over a whole run, as the sampler saw it. */
export const hostRunSummarySchema = z.object({
  host: z.string(),
  samples: z.number().int().min(0).describe("Ticks that produced a sample for this host."),
  peakStates: z
    .record(z.enum(TCP_STATES), z.number())
    .describe("Highest count of each state in any one sample; every state is present (0 when never seen)."),
  peakPortsInUse: z.number(),
  peakTw: z.number().describe("Highest sockstat `tw`."),
  minFreePorts: z
    .number()
    .nullable()
    .describe("Lowest freePorts of any sample; null without usable ports or without samples."),
  peakConntrackEntries: z.number().optional().describe("A NAT router's most conntrack entries at once."),
  counters: countersSchema.describe(
    "Counter deltas over the run: the last snapshot minus the baseline taken when the load started.",
  ),
});
export type HostRunSummary = z.infer<typeof hostRunSummarySchema>;
