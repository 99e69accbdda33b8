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

/** One thread, like the client worker a run uses (and like `wrk -t1`). */
export function measureShortRate(options: ShortRateOptions): Promise<RateMeasurement> {
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
