import type { LoadSpec } from "../../core/scenario.js";
import type { InFlight } from "./in-flight.js";
import { dueTimeMs, scheduledBy } from "./schedule.js";
import type { StatsRecorder } from "./stats-recorder.js";

export type RateLoad = Extract<LoadSpec, { mode: "rate" }>;

export interface OpenLoopOptions {
  readonly load: RateLoad;
  readonly inFlight: InFlight;
  readonly recorder: StatsRecorder;
  /** ms since the load started */
  readonly clock: () => number;
  readonly signal: AbortSignal;
  /** A request sent more than this after its due time counts as late. */
  readonly lateAfterMs?: number;
}

/**
 * Open loop: each turn issues every request the schedule says is due by now (not one timer per
 * request). A due request that finds maxInFlight reached is dropped, so sent + dropped = scheduled.
 * Resolves when issuing stops: at durationMs, at maxRequests, or on abort.
 */
export function issueOpenLoop(options: OpenLoopOptions): Promise<void> {
  const { load, inFlight, recorder, clock, signal } = options;
  const lateAfterMs = options.lateAfterMs ?? 50;
  let issued = 0;

  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      if (immediate !== undefined) clearImmediate(immediate);
      signal.removeEventListener("abort", finish);
      resolve();
    };
    const turn = (): void => {
      timer = undefined;
      immediate = undefined;
      if (signal.aborted) {
        finish();
        return;
      }
      const now = clock();
      const due = Math.min(load.maxRequests, scheduledBy(load, Math.min(now, load.durationMs)));
      while (issued < due) {
        issued += 1;
        if (inFlight.size >= load.maxInFlight) {
          recorder.dropped(now);
          continue;
        }
        if (now - dueTimeMs(load, issued) > lateAfterMs) recorder.late(now);
        inFlight.send();
      }
      if (issued >= load.maxRequests || now >= load.durationMs) {
        finish();
        return;
      }
      const wait = Math.min(dueTimeMs(load, issued + 1), load.durationMs) - clock();
      if (wait <= 0) immediate = setImmediate(turn);
      else timer = setTimeout(turn, Math.max(1, Math.ceil(wait)));
    };
    signal.addEventListener("abort", finish);
    turn();
  });
}
