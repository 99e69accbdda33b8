import type { AgentProcess } from "../agent/agent-process.js";
import type { ProgramReport, StartProgramMessage } from "../clients/command/program-protocol.js";
import { STOP_GRACE_MS } from "../clients/command/run-program.js";
import { BoundedOutput, truncationNote } from "../core/bounded-output.js";
import { environmentError } from "../core/errors.js";
import type { Host, ImageProgram } from "../core/host.js";
import { exchangeWithAgent } from "./agent-exchange.js";
import { type Sampled, type SamplingOptions, sampleDuring } from "./measure-load.js";

/** Past the program's own bound and grace: strace's last lines, the output drain, and slack for a slow host. */
const WATCHDOG_GRACE_MS = 20_000;

/** The load agent runs the user's program; resolves with how it ended. Its output goes to `onOutput`. */
export function runProgramInAgent(
  agent: AgentProcess,
  start: StartProgramMessage,
  signal: AbortSignal,
  onOutput: (bytes: Buffer) => void,
): Promise<ProgramReport> {
  return exchangeWithAgent<ProgramReport>(agent, {
    start,
    stopAfterMs: start.durationMs + STOP_GRACE_MS + WATCHDOG_GRACE_MS,
    signal,
    awaiting: "the program's report",
    onMessage: (message) => {
      if (message.type === "program-output") onOutput(Buffer.from(message.data, "base64"));
      return message.type === "program-done" ? message.report : undefined;
    },
  });
}

export interface ProgramMeasurement extends Sampled<ProgramReport> {
  /** The log's file name in the run directory. */
  readonly log: string;
}

/**
 * Runs a command client while every host is sampled; its output goes out as the run directory's
 * `client-<run>.log` (`file-output` events: it crosses the agent's stdio, so it is written on the runner's machine
 * even when the agent is in a container). A program that could not start is an environment error (exit 3), after
 * the hosts were sampled and the log written.
 */
export async function measureProgram(
  options: Omit<SamplingOptions, "ticks"> & {
    readonly start: StartProgramMessage;
    readonly signal: AbortSignal;
  },
): Promise<ProgramMeasurement> {
  return measureRunning(options, (stop, write) =>
    runProgramInAgent(options.agents.loads[0] as AgentProcess, options.start, stop, write),
  );
}

/**
 * The same for a client image: the driver runs its container in the client host while the agents there sample;
 * its output is bounded here as the agent bounds a program's. Its errors are not observed (no strace).
 */
export async function measureImageProgram(
  options: Omit<SamplingOptions, "ticks"> & {
    readonly host: Host;
    readonly program: ImageProgram;
    readonly signal: AbortSignal;
  },
): Promise<ProgramMeasurement> {
  const { host, program } = options;
  const runImage = host.runImage;
  if (runImage === undefined) throw new Error(`the ${host.name} host runs no client image`);
  return measureRunning(options, async (stop, write) => {
    const output = new BoundedOutput(write);
    const end = await runImage.call(host, program, (bytes) => output.write(bytes), stop);
    return { ...end, logBytes: output.totalBytes, logKeptBytes: output.keptBytes, strace: null };
  });
}

async function measureRunning(
  options: Omit<SamplingOptions, "ticks"> & { readonly signal: AbortSignal },
  run: (stop: AbortSignal, write: (bytes: Buffer) => void) => Promise<ProgramReport>,
): Promise<ProgramMeasurement> {
  const log = `client-${options.label.index}.log`;
  const write = (bytes: Buffer) => options.events.emit("file-output", log, bytes);
  let sampled: Sampled<ProgramReport>;
  try {
    sampled = await sampleDuring({ ...options, ticks: false }, (_onTick, stop) => run(stop, write));
    const report = sampled.result;
    if (report.logBytes > report.logKeptBytes)
      write(Buffer.from(truncationNote(report.logBytes, report.logKeptBytes)));
  } finally {
    options.events.emit("file-end", log);
  }
  if (sampled.result.startError !== null)
    throw environmentError(
      "COMMAND_START",
      `the command client did not start: ${sampled.result.startError}`,
      "it runs inside the client host (under the docker driver: in the portlab image, or clients[].image); check clients[].run",
    );
  return { ...sampled, log };
}
