import type { StartProgramMessage } from "../clients/command/program-protocol.js";
import type { RunnerToWorker } from "../clients/worker/protocol.js";
import type { WorkerChannel } from "../clients/worker/run-worker.js";
import { createSampler, type Sampler } from "../sampler/sampler.js";
import { loadSockDiag } from "../sampler/sock-diag.js";
import {
  AGENT_PROTOCOL,
  type AgentToRunner,
  type RunnerToAgent,
  type SampleStartMessage,
} from "./protocol.js";

/** The agent's stdio, as lines; a plain object in tests. */
export interface AgentIo {
  send(message: AgentToRunner): void;
  onMessage(listener: (message: RunnerToAgent) => void): void;
  /** The runner is gone (stdin closed). */
  onClose(listener: () => void): void;
}

/** Runs the client worker (the load); loaded only by an agent that will run one, as it weighs ~1 s of imports. */
export type WorkerRunner = (channel: WorkerChannel) => Promise<void>;

/**
 * One agent's life: it says `ready`, then serves what the runner asks of this host: the load (the client
 * worker: `start`, `stop`, ticks, `done`) when it was given a worker, or the user's program (`start-program`,
 * `stop`, its output, `program-done`), and the host's own samples
 * (`sample-start`, `sample-stop`). The sampler reads /proc/self/net, which is the network namespace the agent
 * runs in, whatever made the host. Resolves when the runner has nothing more to ask (stdin closed) and the
 * load, if any, has reported.
 */
export async function runAgentSession(
  io: AgentIo,
  worker: WorkerRunner | null,
  pid = process.pid,
): Promise<void> {
  const workerListeners: Array<(message: RunnerToWorker) => void> = [];
  const closeListeners: Array<() => void> = [];
  let sampler: Sampler | null = null;
  let sampledHost = "";
  const closed = new Promise<void>((resolve) => closeListeners.push(resolve));
  const programStop = new AbortController();
  let program: Promise<void> | null = null;

  const startProgram = async (message: StartProgramMessage): Promise<void> => {
    const { runProgram } = await import("../clients/command/run-program.js");
    await runProgram(message, (reply) => io.send(reply), programStop.signal);
  };

  const startSampling = async (message: SampleStartMessage): Promise<void> => {
    sampledHost = message.host;
    sampler = createSampler({
      hosts: [
        {
          host: message.host,
          pid,
          portRange: message.portRange,
          usablePorts: message.usablePorts,
          conntrack: message.conntrack === true,
        },
      ],
      onSample: (samples) => {
        for (const sample of samples) io.send({ type: "sample", sample });
      },
      onError: (error) => io.send({ type: "warning", message: `sampler: ${String(error)}` }),
      // The agent samples its own network namespace: sock_diag where the addon is built, else /proc.
      sockDiag: pid === process.pid ? loadSockDiag().sockDiag : null,
    });
    await sampler.start(message.loadStartEpochMs);
    io.send({ type: "sample-started" });
  };

  const stopSampling = async (): Promise<void> => {
    const current = sampler;
    if (current === null) return io.send({ type: "sample-summary", summary: null });
    await current.stop();
    io.send({ type: "sample-summary", summary: current.summary()[sampledHost] ?? null });
  };

  io.onMessage((message) => {
    if (message.type === "sample-start") void startSampling(message);
    else if (message.type === "sample-stop") void stopSampling();
    else if (message.type === "start-program") program = startProgram(message);
    else if (message.type === "stop" && program !== null) programStop.abort();
    else for (const listener of workerListeners) listener(message);
  });
  io.onClose(() => {
    programStop.abort(); // the runner is gone: the program must not outlive the run
    for (const listener of closeListeners) listener();
  });

  io.send({ type: "ready", pid, protocol: AGENT_PROTOCOL });
  // The worker waits for `start` (or `stop`, or the runner going away).
  const load =
    worker === null
      ? Promise.resolve()
      : worker({
          send: (message) => io.send(message),
          onMessage: (listener) => workerListeners.push(listener),
          onDisconnect: (listener) => closeListeners.push(listener),
        });
  await load;
  await closed;
  if (program !== null) await program;
  await (sampler as Sampler | null)?.stop();
}
