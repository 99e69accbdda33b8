import type { LoadSpec } from "../core/scenario.js";

/** An open-loop arrival schedule: a linear ramp from `fromRate` to `toRate`, then `toRate`. */
export interface RateSchedule {
  readonly fromRate: number;
  readonly toRate: number;
  /** The ramp is part of `durationMs`. */
  readonly rampMs: number;
  readonly durationMs: number;
  /** Arrivals stop once this many were scheduled. */
  readonly maxRequests: number;
}

type RateLoad = Extract<LoadSpec, { mode: "rate" }>;

export function scheduleFromLoad(load: RateLoad): RateSchedule {
  const ramped = load.rampFromRate !== null && load.rampMs > 0;
  return {
    fromRate: ramped ? (load.rampFromRate ?? load.rate) : load.rate,
    toRate: load.rate,
    rampMs: ramped ? load.rampMs : 0,
    durationMs: load.durationMs,
    maxRequests: load.maxRequests,
  };
}

/** Requests scheduled in [0, t]: the integral of the rate, cut at the duration and maxRequests. */
export function arrivalsBy(schedule: RateSchedule, tMs: number): number {
  const t = Math.min(Math.max(tMs, 0), schedule.durationMs);
  const { fromRate, toRate, rampMs } = schedule;
  let arrivals: number;
  if (rampMs > 0 && t <= rampMs) {
    arrivals = (fromRate * t + ((toRate - fromRate) * t * t) / (2 * rampMs)) / 1000;
  } else {
    arrivals = ((fromRate + toRate) * rampMs) / 2 / 1000 + (toRate * (t - rampMs)) / 1000;
  }
  return Math.min(arrivals, schedule.maxRequests);
}

/**
 * Ports held at t: connections still open (started in the last L ms) plus TIME_WAIT entries
 * (closed in the `holdMs` before that), the latter capped by tcp_max_tw_buckets.
 */
export function portsHeldAt(
  schedule: RateSchedule,
  tMs: number,
  lifetimeMs: number,
  holdMs: number,
  maxTimeWait = Number.POSITIVE_INFINITY,
): number {
  const now = arrivalsBy(schedule, tMs);
  const closed = arrivalsBy(schedule, tMs - lifetimeMs);
  const expired = arrivalsBy(schedule, tMs - lifetimeMs - holdMs);
  return now - closed + Math.min(closed - expired, maxTimeWait);
}

const maxScanSteps = 200_000;
const bisections = 40;

/**
 * First time the ports held reach the port space, or null if they never do within the schedule.
 * Scans in steps of at least 1 ms, then bisects the step where the crossing happens.
 */
export function scheduleExhaustionMs(
  schedule: RateSchedule,
  ports: number,
  lifetimeMs: number,
  holdMs: number,
  maxTimeWait = Number.POSITIVE_INFINITY,
): number | null {
  const held = (t: number) => portsHeldAt(schedule, t, lifetimeMs, holdMs, maxTimeWait);
  const step = Math.max(1, schedule.durationMs / maxScanSteps);
  let before = 0;
  for (let t = step; before < schedule.durationMs; t += step) {
    const after = Math.min(t, schedule.durationMs);
    if (held(after) >= ports) return bisectCrossing(held, ports, before, after);
    before = after;
  }
  return null;
}

function bisectCrossing(held: (t: number) => number, ports: number, low: number, high: number): number {
  let below = low;
  let above = high;
  for (let i = 0; i < bisections; i++) {
    const mid = (below + above) / 2;
    if (held(mid) >= ports) above = mid;
    else below = mid;
  }
  return above;
}
