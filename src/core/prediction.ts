import * as z from "zod";

/** What the model expects of a run (kernel/model.ts computes it; summary.json carries it). */

export const natPredictionSchema = z.object({
  ports: z.number().describe("Ports the router maps connections to, per destination ip:port."),
  portSpace: z
    .number()
    .describe(
      "All destinations together (each listen port has the whole range: the reply tuple includes it).",
    ),
  holdMs: z
    .number()
    .nullable()
    .describe(
      "How long one short connection keeps its NAT port (until its conntrack entry expires); null for a pool.",
    ),
  sustainableRate: z
    .number()
    .nullable()
    .describe(
      "New connections per second that never need a port whose conntrack entry is still closing: P / (L + timeout). A NAT that never evicts (older kernels, most NAT gateways) drops SYNs above it; null for a pool.",
    ),
  exhaustedAtMs: z
    .number()
    .nullable()
    .describe(
      "When every NAT port is held by a connection that cannot give it up (open ones: a pool, or more in flight than ports), so SYNs are dropped: ms since the load started; null = never in this run.",
    ),
  perHost: z
    .boolean()
    .optional()
    .describe(
      "True when each client host has `ports` of its own (a per-VM allocation: Azure's load balancer, GCP Cloud NAT); portSpace is then per host.",
    ),
  gateway: z.string().optional().describe("The cloud NAT gateway the router stands for, from the profile."),
  gatewayRunsOutAfterMs: z
    .number()
    .nullable()
    .optional()
    .describe(
      "With a cloud gateway: when it runs out at the full offered rate, ms since the load started, whatever the run's duration. Unlike this Linux router it keeps a closed connection's port for its timeout, so P / r above sustainableRate; null = never (or a closed loop).",
    ),
  reason: z.string(),
});
export type NatPrediction = z.infer<typeof natPredictionSchema>;

export const modelPredictionSchema = z.object({
  usablePorts: z.number().describe("Per source address: range minus reserved and bound ports."),
  portSpace: z.number().describe("Ports all sources × destinations can hold at once."),
  cycleMs: z
    .number()
    .nullable()
    .describe("How long one short connection keeps its port, TIME_WAIT included; null for pooled clients."),
  sustainableRate: z
    .number()
    .nullable()
    .describe(
      "New connections per second, all sources × destinations, that never exhaust; null when ports do not limit.",
    ),
  exhaustedAtMs: z
    .number()
    .nullable()
    .describe(
      "When the first connect() fails for lack of a port, ms since the load started; null = never in this run.",
    ),
  errno: z
    .enum(["EADDRNOTAVAIL", "EADDRINUSE", "EMFILE"])
    .describe(
      "The errno exhaustion shows as: EADDRINUSE when the client binds before connect; EMFILE when a leak runs out of descriptors first.",
    ),
  reason: z.string().describe("One line: why."),
  nat: natPredictionSchema
    .optional()
    .describe(
      "Behind a NAT router: when the router's ports run out (the client-side fields are per client host).",
    ),
});
export type ModelPrediction = z.infer<typeof modelPredictionSchema>;
