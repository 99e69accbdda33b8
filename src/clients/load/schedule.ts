/**
 * Open-loop arrival schedule: a constant rate with an optional linear ramp at the start.
 * Pure math, so the loop that issues requests can be tested apart from time and sockets.
 */
export interface RateSchedule {
  /** Requests per second once the ramp is over. */
  readonly rate: number;
  /** Rate at t = 0; null means no ramp (the rate holds from the start). */
  readonly rampFromRate: number | null;
  readonly rampMs: number;
}

/** Float slack so that an integral landing on an integer (e.g. 1000/s × 3 ms = 3) is not floored to 2. */
const epsilon = 1e-9;

function hasRamp(schedule: RateSchedule): boolean {
  return schedule.rampFromRate !== null && schedule.rampMs > 0;
}

/** Requests due by `elapsedMs` as a real number: the integral of the rate from 0 to t. */
export function scheduledAmount(schedule: RateSchedule, elapsedMs: number): number {
  const t = Math.max(0, elapsedMs);
  if (!hasRamp(schedule)) return (schedule.rate * t) / 1000;
  const from = schedule.rampFromRate ?? schedule.rate;
  const ramp = schedule.rampMs;
  if (t <= ramp) return (from * t + ((schedule.rate - from) * t * t) / (2 * ramp)) / 1000;
  return ((from + schedule.rate) * ramp) / 2000 + (schedule.rate * (t - ramp)) / 1000;
}

/** How many requests should have been issued by `elapsedMs` (whole requests). */
export function scheduledBy(schedule: RateSchedule, elapsedMs: number): number {
  return Math.floor(scheduledAmount(schedule, elapsedMs) + epsilon);
}

/** The elapsed time (ms) at which request number `n` (1-based) is due; Infinity if never. */
export function dueTimeMs(schedule: RateSchedule, n: number): number {
  let t = solveDueTime(schedule, n);
  // Nudge past float error so that scheduledBy(dueTimeMs(n)) === n holds exactly.
  for (let step = 0; step < 8 && Number.isFinite(t) && scheduledBy(schedule, t) < n; step += 1) {
    t += Math.max(1e-9, Math.abs(t) * 1e-12) * 2 ** step;
  }
  return t;
}

function solveDueTime(schedule: RateSchedule, n: number): number {
  const amount = n;
  if (!hasRamp(schedule))
    return schedule.rate > 0 ? (amount * 1000) / schedule.rate : Number.POSITIVE_INFINITY;
  const from = schedule.rampFromRate ?? schedule.rate;
  const ramp = schedule.rampMs;
  const rampAmount = ((from + schedule.rate) * ramp) / 2000;
  if (amount > rampAmount) {
    return schedule.rate > 0
      ? ramp + ((amount - rampAmount) * 1000) / schedule.rate
      : Number.POSITIVE_INFINITY;
  }
  // Solve a·t² + from·t − 1000·amount = 0 for the ramp segment, a = (rate − from) / (2·ramp).
  const a = (schedule.rate - from) / (2 * ramp);
  if (Math.abs(a) < 1e-12) return (amount * 1000) / from;
  const discriminant = from * from + 4 * a * 1000 * amount;
  return (-from + Math.sqrt(Math.max(0, discriminant))) / (2 * a);
}
