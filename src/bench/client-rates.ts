import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { createPooledClient } from "../clients/pooled-client.js";
import { createShortClient } from "../clients/short-client.js";
import type { HttpClient } from "../clients/types.js";
import { type LoadResult, runLoad } from "../load/run-load.js";
import { StatsRecorder } from "../load/stats-recorder.js";
import type { CloseMode, LoadSpec } from "../scenario/types.js";

/** Closed-loop, max-speed client rates, measured in this process (the bench runs it in the client host). */
export interface RateMeasurement {
  readonly requests: number;
  readonly ok: number;
  readonly errors: number;
  readonly durationMs: number;
  /** Successful requests per second over durationMs. */
  readonly ratePerSec: number;
}

interface RateTarget {
  readonly host: string;
  readonly port: number;
  readonly durationMs: number;
  readonly path?: string;
  readonly requestTimeoutMs?: number;
}

export interface ShortRateOptions extends RateTarget {
  readonly concurrency: number;
  /** server-first by default: the analogue of `wrk -H 'Connection: close'`, and it keeps the client's ports free. */
  readonly closeMode?: CloseMode;
  /**
   * Worker threads sharing the concurrency. Default: 2 where the compiled thread entry exists and
   * there are 2+ cores, because one JS thread spends most of its time creating sockets (~18–23k/s).
   */
  readonly threads?: number;
}

export interface PooledRateOptions extends RateTarget {
  readonly connections: number;
}

function closedLoad(target: RateTarget, concurrency: number): LoadSpec {
  return {
    mode: "concurrency",
    concurrency,
    durationMs: target.durationMs,
    maxRequests: Number.MAX_SAFE_INTEGER,
    requestTimeoutMs: target.requestTimeoutMs ?? 5_000,
  };
}

function toMeasurement(recorder: StatsRecorder, result: LoadResult): RateMeasurement {
  const totals = recorder.totalsSoFar();
  const durationMs = Math.max(1, result.durationMs);
  return {
    requests: totals.sent,
    ok: totals.ok,
    errors: totals.failed,
    durationMs,
    ratePerSec: Math.round((totals.ok * 1000) / durationMs),
  };
}

async function measureClient(client: HttpClient, load: LoadSpec): Promise<RateMeasurement> {
  const recorder = new StatsRecorder();
  const startedAt = performance.now();
  const clock = (): number => performance.now() - startedAt;
  try {
    const result = await runLoad({ load, client, recorder, clock, signal: new AbortController().signal });
    return toMeasurement(recorder, result);
  } finally {
    await client.close();
  }
}

function endpoint(target: RateTarget) {
  return {
    target: { host: target.host, ports: [target.port], path: target.path ?? "/" },
    sourceAddresses: [],
    requestTimeoutMs: target.requestTimeoutMs ?? 5_000,
  };
}

const rateThreadUrl = new URL("../clients/rate-thread.js", import.meta.url);

function defaultThreads(): number {
  return rateThreadUrl.protocol === "file:" && existsSync(fileURLToPath(rateThreadUrl))
    ? Math.min(2, availableParallelism())
    : 1;
}

function measureInThread(options: ShortRateOptions): Promise<RateMeasurement> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(rateThreadUrl, { workerData: options });
    worker.once("message", (message: { measurement?: RateMeasurement; error?: string }) => {
      if (message.measurement !== undefined) resolve(message.measurement);
      else reject(new Error(message.error ?? "rate thread failed"));
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

export async function measureShortRate(options: ShortRateOptions): Promise<RateMeasurement> {
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), options.concurrency));
  if (threads > 1) {
    const shares = Array.from(
      { length: threads },
      (_, index) =>
        Math.floor(options.concurrency / threads) + (index < options.concurrency % threads ? 1 : 0),
    );
    const parts = await Promise.all(
      shares.map((concurrency) => measureInThread({ ...options, concurrency, threads: 1 })),
    );
    const durationMs = Math.max(...parts.map((part) => part.durationMs));
    const sum = (pick: (part: RateMeasurement) => number) =>
      parts.reduce((total, part) => total + pick(part), 0);
    return {
      requests: sum((part) => part.requests),
      ok: sum((part) => part.ok),
      errors: sum((part) => part.errors),
      durationMs,
      ratePerSec: sum((part) => part.ratePerSec),
    };
  }
  const client = createShortClient({ ...endpoint(options), closeMode: options.closeMode ?? "server-first" });
  return measureClient(client, closedLoad(options, options.concurrency));
}

export function measurePooledRate(options: PooledRateOptions): Promise<RateMeasurement> {
  const client = createPooledClient({ ...endpoint(options), connections: options.connections });
  return measureClient(client, closedLoad(options, options.connections));
}

export async function measureAutocannon(options: PooledRateOptions): Promise<RateMeasurement> {
  // Imported here so that measuring portlab's own clients does not load autocannon (~25 MB of RSS).
  const { runAutocannonLoad } = await import("../clients/autocannon-load.js");
  const recorder = new StatsRecorder();
  const startedAt = performance.now();
  const clock = (): number => performance.now() - startedAt;
  const result = await runAutocannonLoad({
    target: endpoint(options).target,
    connections: options.connections,
    load: closedLoad(options, options.connections),
    recorder,
    clock,
    signal: new AbortController().signal,
  });
  return toMeasurement(recorder, result);
}
