import * as z from "zod";
import { modelPredictionSchema } from "./prediction.js";
import { TCP_STATES } from "./sample.js";

/**
 * summary.json, declared once: the TypeScript types, the published JSON Schema (docs/schema/summary.schema.json)
 * and the readers of `compare` and `report` all come from these. Extended, never broken: scripts rely on them.
 */

const counts = z.record(z.string(), z.number());
const sysctls = z.record(z.string(), z.string());

/** Percentiles of a latency distribution, in ms. */
export const latencySummarySchema = z.object({
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  max: z.number(),
});
export type LatencySummary = z.infer<typeof latencySummarySchema>;

export const hostPeakSchema = z
  .object({
    ...Object.fromEntries(TCP_STATES.map((state) => [state, z.number().optional()])),
    portsInUse: z.number(),
  })
  .describe("A host's highest socket counts in any one second: states and ports in use.") as z.ZodType<
  Partial<Record<(typeof TCP_STATES)[number], number>> & { portsInUse: number }
>;
export type HostPeak = z.infer<typeof hostPeakSchema>;

/** The model's prediction for a run (kernel/model.ts); sustainableRate is null where ports do not limit. */
export const runPredictionSchema = modelPredictionSchema;
export type RunPrediction = z.infer<typeof runPredictionSchema>;

/** How a command client's program ended (`program` of a run whose client is `command`). */
export const programSummarySchema = z.object({
  exitCode: z.number().nullable(),
  signal: z
    .string()
    .nullable()
    .describe(
      "The signal that ended it, when one did (SIGTERM at the bound, SIGKILL after the grace, or its own).",
    ),
  exitedAtMs: z.number().describe("From its start to its exit."),
  stoppedBy: z
    .enum(["bound", "interrupt"])
    .nullable()
    .describe(
      "What ended it besides itself: the run's bound, or an interrupt; null when it exited on its own first.",
    ),
  stopSignal: z
    .enum(["SIGTERM", "SIGKILL"])
    .nullable()
    .describe("The harshest signal portlab had to send its process group."),
  killed: z.boolean().describe("It outlived SIGTERM's grace and was killed."),
  log: z.string().describe("Its stdout and stderr in the run directory (`client-<run>.log`)."),
  logBytes: z.number().describe("Bytes it wrote to stdout and stderr."),
  logKeptBytes: z.number().describe("Bytes the log kept (the rest was cut at the bound)."),
  errorsFrom: z
    .enum(["strace"])
    .nullable()
    .describe("Where `errors` came from: strace, or null (not observed)."),
  straceProblem: z
    .string()
    .nullable()
    .describe("Something strace could not do (its output ended early, lines it could not read), or null."),
});
export type ProgramSummary = z.infer<typeof programSummarySchema>;

export const natSummarySchema = z.object({
  clients: z.number(),
  ports: z
    .object({ low: z.number(), high: z.number(), usable: z.number() })
    .describe("The router's masquerade range: `usable` ports per destination ip:port."),
  exhaustedAtMs: z
    .number()
    .nullable()
    .describe(
      "The end of the first sampled second in which the router dropped a connection for want of a NAT port (conntrack insert_failed or drop rose), ms since the load started; null when it never did.",
    ),
});
export type NatSummary = z.infer<typeof natSummarySchema>;

/** A host metric over one run (src/metrics/): each sampled host's value, and the run's. */
export const hostMetricValueSchema = z.object({
  value: z
    .number()
    .nullable()
    .describe("The run's value: null when no host of the metric's roles had a reading."),
  hosts: z
    .record(z.string(), z.number().nullable())
    .describe("By host name, in the hosts' order (clients first)."),
});
export type HostMetricValue = z.infer<typeof hostMetricValueSchema>;

/** One (profile × client) run. */
export const runSummarySchema = z.object({
  profile: z.string(),
  explanation: z.string(),
  client: z.string().describe("The client kind: short, pooled, autocannon, command, …"),
  closeMode: z.enum(["client-first", "server-first", "reset", "leak"]).nullable(),
  connections: z.number().nullable(),
  nofile: z
    .number()
    .nullable()
    .optional()
    .describe("The client worker's open-file limit when the scenario set one (`nofile`)."),
  command: z
    .array(z.string())
    .readonly()
    .nullable()
    .optional()
    .describe("A command client's program and arguments (empty: its image's own entrypoint and command)."),
  image: z
    .string()
    .nullable()
    .optional()
    .describe("A command client's own image (docker driver), or null: its program ran in the client host."),
  status: z
    .enum(["ran", "unavailable", "interrupted"])
    .describe("`unavailable`: a profile this kernel cannot run, kept in the table with the reason."),
  unavailableReason: z.string().nullable(),
  load: z
    .object({
      mode: z.enum(["rate", "concurrency", "command"]),
      rate: z.number().optional(),
      concurrency: z.number().optional(),
      durationMs: z.number(),
    })
    .describe("The load portlab offered; `command`: the program's own, bounded by durationMs."),
  sysctls: sysctls.describe("Kernel parameters read back inside the client host."),
  serverSysctls: sysctls.describe("Kernel parameters read back inside the server host."),
  routerSysctls: sysctls
    .optional()
    .describe("Read back in the NAT router host (conntrack timeouts, ip_forward), when the run had one."),
  nat: natSummarySchema
    .optional()
    .describe("A NAT topology: its client hosts, the router's port range, and when it first dropped a SYN."),
  captures: z
    .array(z.object({ host: z.string(), file: z.string(), packets: z.number().nullable() }))
    .optional()
    .describe("Packet captures of this run (`capture:`): `<host>-<run>.pcap` files in the run directory."),
  ports: z
    .object({ low: z.number(), high: z.number(), usable: z.number(), sourceAddresses: z.number() })
    .nullable()
    .describe("The client host's range; `usable` per source address (range minus reserved ports)."),
  requests: z
    .object({ sent: z.number(), ok: z.number(), failed: z.number(), late: z.number(), dropped: z.number() })
    .nullable()
    .describe("null: not observed (a command client's requests are its own business)."),
  okPerSec: z.number().nullable(),
  connectionsOpened: z.number().nullable(),
  errors: counts
    .nullable()
    .describe("Failures by errno code; null: not observed (a command client without `errors: strace`)."),
  firstErrorMs: counts.nullable().describe("When each error code was first seen, ms since the load started."),
  exhaustedAtMs: z
    .number()
    .nullable()
    .describe(
      "First connect() failure for lack of a port; null when none was seen, or errors are not observed.",
    ),
  minFreePorts: z.number().nullable(),
  freePortsZeroAtMs: z
    .number()
    .nullable()
    .optional()
    .describe(
      "When the client host's samples first showed no free port (ms since the load started, a whole second).",
    ),
  peak: z.object({ client: hostPeakSchema.nullable(), server: hostPeakSchema.nullable() }),
  counters: z
    .object({ client: counts, server: counts, router: counts.optional() })
    .describe(
      "Counter deltas over the run: client is the sum over every client host; router (a NAT run) has the router's TcpExt/Tcp counters, its conntrack counters (found, insert_failed, drop, early_drop) and its most conntrack `entries` at once.",
    ),
  hosts: z
    .record(
      z.string(),
      z.object({
        role: z.string(),
        peak: hostPeakSchema.nullable(),
        counters: counts,
        minFreePorts: z.number().nullable(),
      }),
    )
    .describe("Each host by name (client, server, router, client-1, …): its role, peaks, counter deltas."),
  metrics: z
    .record(z.string(), hostMetricValueSchema)
    .optional()
    .describe(
      "Each host metric by name (minFreePorts, peakTimeWait, peakSynSent, …; docs/output.md lists them): folded from the hosts' per-second samples.",
    ),
  latencyMs: latencySummarySchema
    .nullable()
    .describe("Request latency (from sending the request to the whole response)."),
  connectMs: latencySummarySchema
    .nullable()
    .describe("TCP connect time, apart from the request: slow connects are how SYN drops show."),
  prediction: runPredictionSchema.nullable(),
  noPredictionReason: z
    .string()
    .nullable()
    .optional()
    .describe(
      "Why prediction is null for a run that ran (a command client that says nothing of how it connects).",
    ),
  program: programSummarySchema.nullable().optional().describe("A command client: how its program ended."),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** A run of portlab's own client: its requests and errors are observed, never null. */
export type ObservedRunSummary = RunSummary & {
  readonly requests: NonNullable<RunSummary["requests"]>;
  readonly okPerSec: number;
  readonly connectionsOpened: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly firstErrorMs: Readonly<Record<string, number>>;
};

/** summary.json as a whole. */
export const scenarioSummarySchema = z.object({
  portlab: z.string().describe("The portlab version that wrote it."),
  scenario: z.string(),
  kernel: z.string().describe("The kernel release the runs ran on."),
  startedAt: z.string().describe("ISO 8601."),
  finishedAt: z
    .string()
    .nullable()
    .describe("ISO 8601; null while the scenario runs (or when it was killed)."),
  interrupted: z.boolean(),
  runs: z.array(runSummarySchema),
});
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;
