import type { LoadSpec } from "../../core/scenario.js";
import type { HttpClient } from "../http/http-client.js";
import { issueClosedLoop } from "./closed-loop.js";
import { InFlight } from "./in-flight.js";
import { issueOpenLoop } from "./open-loop.js";
import type { StatsRecorder } from "./stats-recorder.js";

export interface RunLoadOptions {
  readonly load: LoadSpec;
  readonly client: HttpClient;
  readonly recorder: StatsRecorder;
  /** ms since the load started */
  readonly clock: () => number;
  readonly signal: AbortSignal;
}

export interface LoadResult {
  /** From load start until every request ended (or was given up after requestTimeoutMs). */
  readonly durationMs: number;
  /** When issuing stopped, ms since load start. */
  readonly issuingMs: number;
  /** Requests still out after the drain wait, recorded as ETIMEDOUT. */
  readonly abandoned: number;
}

/** Runs one load against one client: issue per the load mode, then drain what is in flight. */
export async function runLoad(options: RunLoadOptions): Promise<LoadResult> {
  const { load, client, recorder, clock, signal } = options;
  const inFlight = new InFlight(client, recorder, clock);
  if (load.mode === "rate") await issueOpenLoop({ load, inFlight, recorder, clock, signal });
  else await issueClosedLoop({ load, inFlight, clock, signal });
  const issuingMs = clock();
  const abandoned = await inFlight.drain(load.requestTimeoutMs);
  return { durationMs: clock(), issuingMs, abandoned };
}
