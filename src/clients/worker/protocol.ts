import * as z from "zod";
import { latencySummarySchema } from "../../core/run-summary.js";
import type { ClientSpec, LoadSpec } from "../../core/scenario.js";

/**
 * Messages between the runner and the client worker inside the client host, carried as NDJSON lines by the
 * agent (agent/protocol.ts): each one is checked against its schema at both ends.
 */

const count = z.number().int().min(0);
const counts = z.record(z.string(), z.number());

export const workerTargetSchema = z.object({
  host: z.string(),
  ports: z.array(z.number().int().min(1).max(65535)).readonly(),
  path: z.string(),
});
export type WorkerTarget = z.infer<typeof workerTargetSchema>;

/** The scenario's load, as the worker runs it (the same LoadSpec the scenario module normalised). */
const loadSchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("rate"),
    rate: z.number().positive(),
    rampFromRate: z.number().nullable(),
    rampMs: z.number().min(0),
    durationMs: z.number().positive(),
    maxRequests: z.number().positive(),
    requestTimeoutMs: z.number().positive(),
    maxInFlight: z.number().positive(),
  }),
  z.object({
    mode: z.literal("concurrency"),
    concurrency: z.number().int().positive(),
    durationMs: z.number().positive(),
    maxRequests: z.number().positive(),
    requestTimeoutMs: z.number().positive(),
  }),
]) satisfies z.ZodType<LoadSpec>;

/** One of portlab's own clients: its kind names its run half (clients/<kind>/run.ts), which reads the rest. */
const clientSchema = z.looseObject({
  kind: z.string().regex(/^[a-z][a-z0-9-]*$/),
  nofile: z.number().int().positive().optional(),
}) as unknown as z.ZodType<ClientSpec>;

export const startMessageSchema = z.object({
  type: z.literal("start"),
  client: clientSchema,
  load: loadSchema,
  target: workerTargetSchema,
  sourceAddresses: z
    .array(z.string())
    .readonly()
    .describe("Bound as localAddress; empty: the kernel chooses."),
});
export type StartMessage = z.infer<typeof startMessageSchema>;

/** Ask the worker (or the user's program) to stop and report: an interrupt, or the runner's bound. */
export const stopMessageSchema = z.object({ type: z.literal("stop") });
export type StopMessage = z.infer<typeof stopMessageSchema>;

export type RunnerToWorker = StartMessage | StopMessage;

/** What happened in one second of load: second `t` covers (t-1, t] seconds after the load started. */
export const tickMessageSchema = z.object({
  type: z.literal("tick"),
  t: z.number().int().min(0),
  sent: count,
  ok: count,
  errors: counts.describe(
    "Failures by errno-style code: EADDRNOTAVAIL, ECONNRESET, ETIMEDOUT, EMFILE, HTTP_5xx, …",
  ),
  late: count.describe("Requests sent later than their schedule allowed (open loop)."),
  dropped: count.describe("Scheduled requests never sent because maxInFlight was reached (open loop)."),
  opened: count.describe("TCP connections opened."),
  latencyMs: latencySummarySchema
    .nullable()
    .describe("Request time of successful requests, connect included."),
  connectMs: latencySummarySchema
    .nullable()
    .optional()
    .describe(
      "TCP connect time of the connections opened this second; absent where the client does not record it.",
    ),
});
export type TickMessage = z.infer<typeof tickMessageSchema>;

export const doneMessageSchema = z.object({
  type: z.literal("done"),
  durationMs: z.number().min(0),
  sent: count,
  ok: count,
  failed: count,
  late: count,
  dropped: count,
  opened: count,
  errors: counts,
  firstErrorMs: counts.describe(
    "Milliseconds since the load started at which each error code was first seen.",
  ),
  latencyMs: latencySummarySchema.nullable(),
  connectMs: latencySummarySchema.nullable().optional(),
  transport: z.string().optional().describe("Which transport carried the load, and why (run.log only)."),
});
export type DoneMessage = z.infer<typeof doneMessageSchema>;

/** Something the agent could not survive; the runner fails the run (with teardown). */
export const fatalMessageSchema = z.object({ type: z.literal("fatal"), message: z.string() });
export type FatalMessage = z.infer<typeof fatalMessageSchema>;

export type WorkerToRunner = TickMessage | DoneMessage | FatalMessage;
