import type { PortRange } from "../core/sample.js";
import { formatMs, formatRate } from "../kernel/model.js";
import { TIME_WAIT_LEN_MS, TIME_WAIT_MS } from "../kernel/model-formulas.js";
import type { KernelParams } from "./kernel-params.js";
import { type OutlookInput, portOutlook } from "./port-outlook.js";
import { type PortSpace, portSpaceOf } from "./port-space.js";

/** One change that would let a destination hold, with the model's prediction under it. */
export interface Change {
  /** What to change, as one would type it or say it. */
  readonly change: string;
  /** Its predicted effect, one line. */
  readonly effect: string;
  readonly holds: boolean;
  /** The model's steady rate for this pair under the change; null when ports stop being the limit. */
  readonly sustainablePerSec: number | null;
  /** Time to exhaustion under the change at today's rate; null = holds. */
  readonly exhaustsInS: number | null;
}

export interface ChangesInput {
  /** The destination's outlook input today. */
  readonly today: OutlookInput;
  readonly space: PortSpace;
  readonly boundPorts: ReadonlySet<number>;
  readonly params: KernelParams;
  /** Connections toward the destination open now (a pool of that size serves the same concurrency). */
  readonly openNow: number;
}

const WIDEST_RANGE: PortRange = { low: 1024, high: 65535 };

function seconds(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms / 100) / 10;
}

function outcome(exhaustsInMs: number | null): string {
  return exhaustsInMs === null ? "holds" : `still exhausts, in ${formatMs(exhaustsInMs)}`;
}

function pool(input: ChangesInput): Change {
  const { today } = input;
  // A pool needs as many connections as requests in flight: r × L, or what is open now, at least one.
  const size = Math.max(1, Math.ceil((today.ratePerSec * today.lifetimeMs) / 1000), input.openNow);
  const holds = size <= today.usable;
  const ports = `${size.toLocaleString("en-US")} port${size === 1 ? "" : "s"}`;
  const verdict = holds ? "holds" : "needs more ports than the range has";
  const effect = `${ports} held for good (one per request in flight) instead of one per request for ${formatMs(today.hold.holdMs)}: ${verdict}`;
  return {
    change: `a keep-alive connection pool of ~${size}`,
    effect,
    holds,
    sustainablePerSec: null,
    exhaustsInS: holds ? null : 0,
  };
}

function timeWaitReuse(input: ChangesInput): Change | null {
  const { today, params } = input;
  if (today.hold.holdMs !== TIME_WAIT_MS) return null; // TIME_WAIT does not hold these ports, or reuse already does
  const change =
    params.twReuse === 1
      ? "tcp_timestamps=1 (tcp_tw_reuse=1 needs it)"
      : params.timestamps
        ? "tcp_tw_reuse=1"
        : "tcp_tw_reuse=1 with tcp_timestamps=1";
  const hold = { holdMs: params.twReuseDelayMs, why: "tcp_tw_reuse", maxTimeWait: Infinity };
  const frees = today.freesInMs.map((at) =>
    Math.max(0, Math.min(at, params.twReuseDelayMs - (TIME_WAIT_LEN_MS - at))),
  );
  const outlook = portOutlook({ ...today, hold, freesInMs: frees.sort((a, b) => a - b) });
  const effect = `a TIME_WAIT port is reused ${formatMs(params.twReuseDelayMs)} after close (outgoing connections only, timestamps on at both ends): sustains ${formatRate(outlook.sustainablePerSec)}/s, ${outcome(outlook.exhaustsInMs)}`;
  return {
    change,
    effect,
    holds: outlook.exhaustsInMs === null,
    sustainablePerSec: outlook.sustainablePerSec,
    exhaustsInS: seconds(outlook.exhaustsInMs),
  };
}

function widerRange(input: ChangesInput): Change | null {
  const { today, space } = input;
  if (space.range.low <= WIDEST_RANGE.low && space.range.high >= WIDEST_RANGE.high) return null;
  const wider = portSpaceOf(WIDEST_RANGE, input.params.reservedText, input.boundPorts);
  const outlook = portOutlook({ ...today, usable: wider.usable });
  const effect = `${wider.usable.toLocaleString("en-US")} ports (keep listening ports out with ip_local_reserved_ports): sustains ${formatRate(outlook.sustainablePerSec)}/s, ${outcome(outlook.exhaustsInMs)}`;
  return {
    change: `ip_local_port_range=${WIDEST_RANGE.low} ${WIDEST_RANGE.high}`,
    effect,
    holds: outlook.exhaustsInMs === null,
    sustainablePerSec: outlook.sustainablePerSec,
    exhaustsInS: seconds(outlook.exhaustsInMs),
  };
}

function spread(input: ChangesInput): Change | null {
  const { today } = input;
  const cycleMs = today.lifetimeMs + today.hold.holdMs;
  if (today.usable === 0) return null;
  // Each extra destination ip:port or source address is a pair with a port space of its own (4-tuple rule).
  // Start from the steady-state need r·C / P and add pairs until this pair, with what it holds now, holds too.
  const steady = Math.max(2, Math.floor((today.ratePerSec * cycleMs) / 1000 / today.usable) + 1);
  let pairs = steady;
  let outlook = portOutlook({ ...today, ratePerSec: today.ratePerSec / pairs });
  while (outlook.exhaustsInMs !== null && pairs < steady * 4) {
    pairs++;
    outlook = portOutlook({ ...today, ratePerSec: today.ratePerSec / pairs });
  }
  const each = today.ratePerSec / pairs;
  const effect = `each pair has its own ${today.usable.toLocaleString("en-US")} ports (the 4-tuple rule), ${formatRate(each)}/s each: sustains ${formatRate(outlook.sustainablePerSec * pairs)}/s in all, ${outcome(outlook.exhaustsInMs)}; a client that binds before connect needs source addresses`;
  return {
    change: `${pairs} destination ip:ports or ${pairs} source addresses`,
    effect,
    holds: outlook.exhaustsInMs === null,
    sustainablePerSec: outlook.sustainablePerSec * pairs,
    exhaustsInS: seconds(outlook.exhaustsInMs),
  };
}

/** The changes the model says would hold (or help) for a destination that runs out, each with its effect. */
export function changesFor(input: ChangesInput): Change[] {
  return [pool(input), timeWaitReuse(input), widerRange(input), spread(input)].filter(
    (change): change is Change => change !== null,
  );
}
