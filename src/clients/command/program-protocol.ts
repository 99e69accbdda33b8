import * as z from "zod";
import type { CommandClientSpec } from "../../core/scenario.js";
import { workerTargetSchema } from "../worker/protocol.js";

/** Messages between the runner and the load agent that runs the user's program (checked at both ends). */

const closeMode = z.enum(["client-first", "server-first", "reset", "leak"]);

const commandClientSchema = z.object({
  kind: z.literal("command"),
  // Always null here: a client image runs beside the agent (the driver starts it), never through it.
  image: z.string().nullable(),
  argv: z.array(z.string()).min(1).readonly(),
  env: z.record(z.string(), z.string()),
  errors: z.literal("strace").nullable(),
  expect: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("short"), close: closeMode, rate: z.number() }),
      z.object({ kind: z.literal("pooled"), connections: z.number() }),
    ])
    .nullable(),
  user: z.literal("root").nullable(),
}) satisfies z.ZodType<CommandClientSpec>;

/** Runner → load agent: run the user's program in this host, bounded by `durationMs`. */
export const startProgramMessageSchema = z.object({
  type: z.literal("start-program"),
  client: commandClientSchema,
  target: workerTargetSchema,
  durationMs: z.number().positive(),
  /** Where the agent makes its scratch files (the sandbox's own directory); null: the host's temp dir. */
  scratchDir: z.string().nullable(),
  /** Whom the program runs as (the runner decided: the sudo user, nobody); null: root (`user: root`). */
  runAs: z
    .object({ uid: z.number().int().positive(), gid: z.number().int().positive(), home: z.string() })
    .nullable(),
});
export type StartProgramMessage = z.infer<typeof startProgramMessageSchema>;

/** Load agent → runner: the next bytes of the program's stdout and stderr (base64), within the log's bound. */
export const programOutputMessageSchema = z.object({
  type: z.literal("program-output"),
  data: z.base64(),
});
export type ProgramOutputMessage = z.infer<typeof programOutputMessageSchema>;

const count = z.number().int().min(0);

/** How the program ended, and what strace saw. */
export const programReportSchema = z.object({
  startError: z
    .string()
    .nullable()
    .describe("Why it could not start (no such program, strace missing), or null."),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  exitedAtMs: z.number().min(0).describe("From its start to its exit."),
  stoppedBy: z.enum(["bound", "interrupt"]).nullable(),
  stopSignal: z.enum(["SIGTERM", "SIGKILL"]).nullable(),
  logBytes: count.describe("Bytes it wrote on stdout and stderr."),
  logKeptBytes: count.describe("How many of them the log keeps."),
  strace: z
    .object({
      errors: z.record(z.string(), z.number()),
      firstErrorMs: z.record(z.string(), z.number()),
      unreadLines: count,
      problem: z.string().nullable(),
    })
    .nullable()
    .describe("`errors: strace`: its failed connect() calls; null when not traced."),
});
export type ProgramReport = z.infer<typeof programReportSchema>;

export const programDoneMessageSchema = z.object({
  type: z.literal("program-done"),
  report: programReportSchema,
});
export type ProgramDoneMessage = z.infer<typeof programDoneMessageSchema>;

export type ProgramToRunner = ProgramOutputMessage | ProgramDoneMessage;
