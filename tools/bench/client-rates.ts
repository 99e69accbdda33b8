import type { HttpClient } from "../../src/clients/http/http-client.js";
import { type LoadResult, runLoad } from "../../src/clients/load/run-load.js";
import { StatsRecorder } from "../../src/clients/load/stats-recorder.js";
import { createPooledClient } from "../../src/clients/pooled/pooled-client.js";
import { createShortClient } from "../../src/clients/short/short-client.js";
import type { CloseMode } from "../../src/core/connection.js";
import type { LoadSpec } from "../../src/core/scenario.js";

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
  /** An unmeasured run of this long first, in the same process (default none). */
  readonly warmupMs?: number;
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

type LoadRunner = (load: LoadSpec, recorder: StatsRecorder, clock: () => number) => Promise<LoadResult>;

/**
 * Runs `load` once unmeasured for `warmupMs` (the JIT compiles the hot path, connections are made, as a
 * steady state has them), then once measured.
 */
async function measureLoad(run: LoadRunner, load: LoadSpec, warmupMs: number): Promise<RateMeasurement> {
  const once = async (spec: LoadSpec): Promise<[StatsRecorder, LoadResult]> => {
    const recorder = new StatsRecorder();
    const startedAt = performance.now();
    return [recorder, await run(spec, recorder, () => performance.now() - startedAt)];
  };
  if (warmupMs > 0) await once({ ...load, durationMs: warmupMs });
  const [recorder, result] = await once(load);
  return toMeasurement(recorder, result);
}

/** A run of portlab's own client, made new for each run. */
function clientRunner(create: () => HttpClient): LoadRunner {
  return async (load, recorder, clock) => {
    const client = create();
    try {
      return await runLoad({ load, client, recorder, clock, signal: new AbortController().signal });
    } finally {
      await client.close();
    }
  };
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
  const create = () =>
    createShortClient({ ...endpoint(options), closeMode: options.closeMode ?? "server-first" });
  return measureLoad(clientRunner(create), closedLoad(options, options.concurrency), options.warmupMs ?? 0);
}

export function measurePooledRate(options: PooledRateOptions): Promise<RateMeasurement> {
  const create = () => createPooledClient({ ...endpoint(options), connections: options.connections });
  return measureLoad(clientRunner(create), closedLoad(options, options.connections), options.warmupMs ?? 0);
}

export async function measureAutocannon(options: PooledRateOptions): Promise<RateMeasurement> {
  // Imported here so that measuring portlab's own clients does not load autocannon (~25 MB of RSS).
  const { runAutocannonLoad } = await import("../../src/clients/autocannon/autocannon-load.js");
  const run: LoadRunner = (load, recorder, clock) =>
    runAutocannonLoad({
      target: endpoint(options).target,
      connections: options.connections,
      load,
      recorder,
      clock,
      signal: new AbortController().signal,
    });
  return measureLoad(run, closedLoad(options, options.connections), options.warmupMs ?? 0);
}
