const QUIET_TAIL_S = 5;

/** Successful requests per second of load: index 0 is second 1, covering (0, 1] s after the load started. */
export type OkPerSecond = readonly number[];

export interface SteadyState {
  /** Seconds of load seen (the last may be partial). */
  readonly seconds: number;
  /** Second (1-based) whose successes began the run: the first fill of the port range. */
  readonly firstOkSecond: number;
  /** First second with successes again after the range ran dry: TIME_WAIT of the first fill expired. */
  readonly recoverySecond: number | null;
  /** recoverySecond − firstOkSecond: how long a port was held, as observed (TIME_WAIT plus timer slack). */
  readonly cycleS: number | null;
  /** Successes of the first fill (firstOkSecond until the range ran dry): about the usable ports P. */
  readonly firstFill: number;
  /** Successes from recoverySecond to the end of the run: the ports that came back in one cycle. */
  readonly recycled: number;
  /** recycled / cycleS: the long-run rate these ports sustain; null without a recovery. */
  readonly ratePerSec: number | null;
  /** Mean ok/s over the seconds after `windowStartS` (for reference: at an offered rate far above P/T it is a burst). */
  readonly windowMeanPerSec: number | null;
  /** False when the run ended while ports were still coming back, so `recycled` is cut short. */
  readonly recoveryComplete: boolean;
}

/**
 * The steady state of a run whose offered rate is far above P / (L + T). Ports do not come back as a
 * trickle: each fill of the range comes back as a burst one TIME_WAIT later, so the sustained rate
 * is the ports recycled per cycle divided by the cycle, not the mean of a window shorter than a cycle.
 */
export function analyseSteadyState(okPerSecond: OkPerSecond, windowStartS: number): SteadyState {
  const ok = (second: number): number => okPerSecond[second - 1] ?? 0;
  const seconds = okPerSecond.length;
  let firstOkSecond = 1;
  while (firstOkSecond <= seconds && ok(firstOkSecond) === 0) firstOkSecond += 1;
  let dry = firstOkSecond;
  while (dry <= seconds && ok(dry) > 0) dry += 1;
  let recovery = dry;
  while (recovery <= seconds && ok(recovery) === 0) recovery += 1;
  const recoverySecond = recovery <= seconds && dry <= seconds ? recovery : null;

  let firstFill = 0;
  for (let second = firstOkSecond; second < dry; second += 1) firstFill += ok(second);
  let recycled = 0;
  if (recoverySecond !== null)
    for (let second = recoverySecond; second <= seconds; second += 1) recycled += ok(second);
  const cycleS = recoverySecond === null ? null : recoverySecond - firstOkSecond;
  const window = okPerSecond.slice(windowStartS);
  const windowMeanPerSec =
    window.length === 0 ? null : window.reduce((sum, value) => sum + value, 0) / window.length;
  // Returns come in timer-wheel clumps up to ~4 s apart: 5 quiet seconds at the end mean the burst is over.
  const quietTail = okPerSecond.slice(-QUIET_TAIL_S).every((value) => value === 0);
  const recoveryComplete = recoverySecond !== null && seconds - recoverySecond >= QUIET_TAIL_S && quietTail;
  return {
    seconds,
    firstOkSecond,
    recoverySecond,
    cycleS,
    firstFill,
    recycled,
    ratePerSec: cycleS !== null && cycleS > 0 ? recycled / cycleS : null,
    windowMeanPerSec,
    recoveryComplete,
  };
}
