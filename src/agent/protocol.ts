import * as z from "zod";
import {
  type ProgramDoneMessage,
  type ProgramOutputMessage,
  programDoneMessageSchema,
  programOutputMessageSchema,
  type StartProgramMessage,
  startProgramMessageSchema,
} from "../clients/command/program-protocol.js";
import {
  type DoneMessage,
  doneMessageSchema,
  type FatalMessage,
  fatalMessageSchema,
  type StartMessage,
  type StopMessage,
  startMessageSchema,
  stopMessageSchema,
  type TickMessage,
  tickMessageSchema,
} from "../clients/worker/protocol.js";
import { hostRunSummarySchema, hostSampleSchema } from "../core/sample.js";

/**
 * The agent is the one program portlab runs inside a host. It speaks NDJSON over stdio (one JSON message per
 * line), so the same agent works under `ip netns exec`, `docker exec -i` and `kubectl exec -i`. Both ends check
 * every line against these schemas; a line longer than MAX_LINE_BYTES, not JSON, or not one of these messages is
 * a protocol error that fails the run (with teardown), never an exception in a listener.
 *
 * The agent's first line is `ready` with its protocol version: an agent of another version (an image built from
 * another checkout) is refused before anything is asked of it. Bump AGENT_PROTOCOL whenever a message changes;
 * test/unit/agent-protocol-version.test.ts holds the schemas to the version.
 */
export const AGENT_PROTOCOL = 3;

/** The longest line either end accepts (a sample summary or a program-output chunk is a few KB). */
export const MAX_LINE_BYTES = 1024 * 1024;

/** The agent is up: its pid as the host sees it, and the protocol it speaks. */
export const readyMessageSchema = z.object({
  type: z.literal("ready"),
  pid: z.number().int().positive(),
  protocol: z.number().int(),
});
export type ReadyMessage = z.infer<typeof readyMessageSchema>;

/** Start sampling this host's network namespace once a second, on ticks aligned to the load start. */
export const sampleStartMessageSchema = z.object({
  type: z.literal("sample-start"),
  host: z.string().describe("The host's name in samples (client, server, router, client-1, …)."),
  loadStartEpochMs: z.number(),
  portRange: z.object({ low: z.number(), high: z.number() }).nullable(),
  usablePorts: z.number().nullable(),
  conntrack: z.boolean().optional().describe("Also sample the host's conntrack statistics (a NAT router)."),
});
export type SampleStartMessage = z.infer<typeof sampleStartMessageSchema>;

/** Stop sampling and report the host's run summary. */
export const sampleStopMessageSchema = z.object({ type: z.literal("sample-stop") });
export type SampleStopMessage = z.infer<typeof sampleStopMessageSchema>;

export const runnerToAgentSchema = z.discriminatedUnion("type", [
  startMessageSchema,
  stopMessageSchema,
  sampleStartMessageSchema,
  sampleStopMessageSchema,
  startProgramMessageSchema,
]);
export type RunnerToAgent =
  | StartMessage
  | StopMessage
  | SampleStartMessage
  | SampleStopMessage
  | StartProgramMessage;

export const sampleMessageSchema = z.object({ type: z.literal("sample"), sample: hostSampleSchema });
export type SampleMessage = z.infer<typeof sampleMessageSchema>;

/** The counter baseline is taken: the load may start. */
export const sampleStartedMessageSchema = z.object({ type: z.literal("sample-started") });

export const sampleSummaryMessageSchema = z.object({
  type: z.literal("sample-summary"),
  summary: hostRunSummarySchema.nullable(),
});
export type SampleSummaryMessage = z.infer<typeof sampleSummaryMessageSchema>;

/** Something the agent could not do; the runner logs it and carries on. */
export const warningMessageSchema = z.object({ type: z.literal("warning"), message: z.string() });

export const agentToRunnerSchema = z.discriminatedUnion("type", [
  readyMessageSchema,
  tickMessageSchema,
  doneMessageSchema,
  fatalMessageSchema,
  programOutputMessageSchema,
  programDoneMessageSchema,
  sampleMessageSchema,
  sampleStartedMessageSchema,
  sampleSummaryMessageSchema,
  warningMessageSchema,
]);
export type AgentToRunner =
  | ReadyMessage
  | TickMessage
  | DoneMessage
  | FatalMessage
  | ProgramOutputMessage
  | ProgramDoneMessage
  | SampleMessage
  | z.infer<typeof sampleStartedMessageSchema>
  | SampleSummaryMessage
  | z.infer<typeof warningMessageSchema>;

/** A line read off the other end: its message, or why it is not one (for the protocol error). */
export type Decoded<T> =
  | { readonly ok: true; readonly message: T }
  | { readonly ok: false; readonly problem: string };

/** One NDJSON line → a message of the schema, or the problem with it (never throws). */
export function decodeLine<T>(schema: z.ZodType<T>, line: string): Decoded<T> {
  if (Buffer.byteLength(line) > MAX_LINE_BYTES)
    return { ok: false, problem: `a line of ${Buffer.byteLength(line)} bytes (at most ${MAX_LINE_BYTES})` };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, problem: `not JSON: ${JSON.stringify(line.slice(0, 120))}` };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "(the message)";
  return {
    ok: false,
    problem: `${where}: ${issue?.message ?? "not a known message"} in ${JSON.stringify(line.slice(0, 120))}`,
  };
}
