import type { LoadSpec } from "../../core/scenario.js";
import type { InFlight } from "./in-flight.js";

export type ConcurrencyLoad = Extract<LoadSpec, { mode: "concurrency" }>;

export interface ClosedLoopOptions {
  readonly load: ConcurrencyLoad;
  readonly inFlight: InFlight;
  readonly clock: () => number;
  readonly signal: AbortSignal;
}

/**
 * Closed loop: `concurrency` loops, each sending its next request when the previous one ended.
 * Resolves when issuing stops (durationMs, maxRequests or abort); requests still out are the
 * caller's to drain, so a hung request cannot hold the run beyond its timeout.
 */
export function issueClosedLoop(options: ClosedLoopOptions): Promise<void> {
  const { load, inFlight, clock, signal } = options;
  let claimed = 0;
  const canSend = (): boolean => !signal.aborted && clock() < load.durationMs && claimed < load.maxRequests;

  return new Promise<void>((resolve) => {
    let running = load.concurrency;
    let stopped = false;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", stop);
      resolve();
    };
    // Timers may fire a little before the clock says the duration is over: re-arm until it is.
    const untilEnd = (): void => {
      const remaining = load.durationMs - clock();
      if (remaining > 0) timer = setTimeout(untilEnd, Math.ceil(remaining));
      else stop();
    };
    let timer = setTimeout(untilEnd, Math.max(0, load.durationMs - clock()));
    signal.addEventListener("abort", stop);
    // Each loop sends its next request from the previous one's outcome (a client reports it asynchronously,
    // so the stack does not grow).
    const loop = (): void => {
      if (!stopped && canSend()) {
        claimed += 1;
        inFlight.send(loop);
        return;
      }
      running -= 1;
      if (running === 0 || claimed >= load.maxRequests) stop();
    };
    if (load.concurrency <= 0) stop();
    for (let index = 0; index < load.concurrency; index += 1) loop();
  });
}
