import * as z from "zod";
import { latencySummarySchema } from "./run-summary.js";
import { hostSampleSchema } from "./sample.js";

/** A line of samples.ndjson: one host's second of one run; a client host's line also carries that second's load. */
export const sampleLineSchema = hostSampleSchema.extend({
  run: z.number().int().min(0).describe("The run's index in summary.json's `runs`."),
  ok: z.number().int().min(0).optional().describe("A client host running load: requests that succeeded."),
  errors: z
    .record(z.string(), z.number())
    .optional()
    .describe("A client host running load: failures by errno-style code (EADDRNOTAVAIL, ECONNRESET, …)."),
  latencyMs: latencySummarySchema.nullable().optional().describe("Request time of the second's successes."),
  connectMs: latencySummarySchema
    .nullable()
    .optional()
    .describe("connect() time, where the client measured it."),
});
export type SampleLine = z.infer<typeof sampleLineSchema>;
