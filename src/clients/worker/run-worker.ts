import type { LoadResult } from "../load/run-load.js";
import { StatsRecorder } from "../load/stats-recorder.js";
import { loadClientRun } from "./client-run.js";
import { applyOpenFileLimit } from "./open-file-limit.js";
import type { RunnerToWorker, StartMessage, WorkerToRunner } from "./protocol.js";
import { SecondTicker } from "./second-ticker.js";

/** The worker's view of its runner: the agent's session in production (NDJSON over stdio), a plain object in tests. */
export interface WorkerChannel {
  send(message: WorkerToRunner): void;
  onMessage(listener: (message: RunnerToWorker) => void): void;
  /** The runner is gone (the agent's stdin closed): stop and finish without it. */
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

/**
 * The worker's whole life: wait for `start`, run the load with one `tick` per second
 * aligned to the load start, then the remaining ticks and `done`. `stop` or a lost runner ends
 * the load early; it still drains in-flight requests (bounded by requestTimeoutMs) and reports.
 */
export async function runWorker(channel: WorkerChannel): Promise<void> {
  const stop = new AbortController();
  const start = await waitForStart(channel, stop);
  if (start === null) return;
  // The worker lowers its own limit before the load's clock starts, whatever spawned it (no wrapper needed).
  if (start.client.nofile !== undefined) applyOpenFileLimit(start.client.nofile);
  if (start.target.ports.length === 0) throw new Error("start message has no target ports");
  // The kind's run half alone (already loaded by `agent --load KIND`): never a kind's plan (schema, model, labels).
  const run = await loadClientRun(start.client.kind);
  const recorder = new StatsRecorder();
  const startedAt = performance.now();
  const clock = (): number => performance.now() - startedAt;
  const ticker = new SecondTicker(clock, (t) => channel.send({ type: "tick", ...recorder.takeSecond(t) }));
  ticker.start();
  let result: LoadResult;
  try {
    result = await run.runLoad(start, { recorder, clock, signal: stop.signal });
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
    transport: run.transport(start),
  });
}
