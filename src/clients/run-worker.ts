import { createClient } from "./create-client.js";
import { type LoadResult, runLoad } from "./load/run-load.js";
import { StatsRecorder } from "./load/stats-recorder.js";
import { applyOpenFileLimit } from "./open-file-limit.js";
import type { RunnerToWorker, StartMessage, WorkerToRunner } from "./protocol.js";
import { SecondTicker } from "./second-ticker.js";
import { describeTransport } from "./transport.js";

/** The worker's view of its runner: Node IPC in production, a plain object in tests. */
export interface WorkerChannel {
  send(message: WorkerToRunner): void;
  onMessage(listener: (message: RunnerToWorker) => void): void;
  /** The runner is gone (IPC closed): stop and finish without it. */
  onDisconnect(listener: () => void): void;
}

function waitForStart(channel: WorkerChannel, stop: AbortController): Promise<StartMessage | null> {
  return new Promise((resolve) => {
    channel.onMessage((message) => {
      if (message.type === "start") resolve(message);
      else if (message.type === "stop") {
        stop.abort();
        resolve(null);
      }
    });
    channel.onDisconnect(() => {
      stop.abort();
      resolve(null);
    });
  });
}

async function runStart(
  start: StartMessage,
  recorder: StatsRecorder,
  clock: () => number,
  signal: AbortSignal,
): Promise<LoadResult> {
  if (start.target.ports.length === 0) throw new Error("start message has no target ports");
  // The worker's own choice of engine, not the client-kind registry's (see create-client.ts).
  if (start.client.kind === "autocannon") {
    // Loaded only when asked for: autocannon and its dependencies add ~25 MB to the worker's RSS.
    const { runAutocannonLoad } = await import("./autocannon-load.js");
    return runAutocannonLoad({
      target: start.target,
      connections: start.client.connections,
      load: start.load,
      recorder,
      clock,
      signal,
    });
  }
  const client = createClient(start.client, {
    target: start.target,
    sourceAddresses: start.sourceAddresses,
    requestTimeoutMs: start.load.requestTimeoutMs,
  });
  try {
    return await runLoad({ load: start.load, client, recorder, clock, signal });
  } finally {
    await client.close();
  }
}

/** How the load reached the server, for run.log: autocannon's own sockets, or the transport our clients took. */
function transportOf(start: StartMessage): string {
  if (start.client.kind === "autocannon") return "autocannon (its own net.Socket connections)";
  return describeTransport(start.target.host, start.sourceAddresses.length > 0);
}

/**
 * The worker's whole life: `ready`, wait for `start`, run the load with one `tick` per second
 * aligned to the load start, then the remaining ticks and `done`. `stop` or a lost runner ends
 * the load early; it still drains in-flight requests (bounded by requestTimeoutMs) and reports.
 */
export async function runWorker(channel: WorkerChannel): Promise<void> {
  const stop = new AbortController();
  channel.send({ type: "ready", pid: process.pid });
  const start = await waitForStart(channel, stop);
  if (start === null) return;
  // The worker lowers its own limit before the load's clock starts, whatever spawned it (no wrapper needed).
  if (start.client.nofile !== undefined) applyOpenFileLimit(start.client.nofile);
  const recorder = new StatsRecorder();
  const startedAt = performance.now();
  const clock = (): number => performance.now() - startedAt;
  const ticker = new SecondTicker(clock, (t) => channel.send({ type: "tick", ...recorder.takeSecond(t) }));
  ticker.start();
  let result: LoadResult;
  try {
    result = await runStart(start, recorder, clock, stop.signal);
  } finally {
    ticker.stop();
  }
  const lastSecond = Math.max(Math.ceil(result.durationMs / 1000), recorder.lastPendingSecond());
  for (let t = ticker.nextSecond; t <= lastSecond; t += 1)
    channel.send({ type: "tick", ...recorder.takeSecond(t) });
  channel.send({
    type: "done",
    durationMs: Math.round(result.durationMs),
    ...recorder.totalsSoFar(),
    transport: transportOf(start),
  });
}
