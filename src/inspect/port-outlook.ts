import type { StateCounts } from "../core/sample.js";
import {
  DEFAULT_CONNECTION_LIFETIME_MS,
  sustainableRateWithTimeWaitCap,
  TIME_WAIT_LEN_MS,
  TIME_WAIT_MS,
  timeWaitReuseApplies,
} from "../kernel/model-formulas.js";
import type { KernelParams } from "./kernel-params.js";
import type { ConnectionMark } from "./socket-groups.js";

/** How long a new connection toward a destination keeps its port after it closes, and why. */
export interface PortHold {
  readonly holdMs: number;
  readonly why: string;
  /** tcp_max_tw_buckets when TIME_WAIT is what holds ports; Infinity otherwise. */
  readonly maxTimeWait: number;
}

/**
 * TIME_WAIT toward a destination says this side closes first, so each port is held T ≈ 61 s (or only the
 * tcp_tw_reuse delay when reuse applies). Without TIME_WAIT here the peer closes first (or an RST ends the
 * connection) and a port is free as soon as the connection ends. The server's timestamps cannot be seen from
 * here: they are assumed on (the default).
 */
export function portHoldOf(states: StateCounts, loopback: boolean, params: KernelParams): PortHold {
  if ((states.TIME_WAIT ?? 0) === 0) {
    return { holdMs: 0, why: "no TIME_WAIT here: the peer closes first", maxTimeWait: Infinity };
  }
  const reuse = timeWaitReuseApplies({
    twReuse: params.twReuse,
    topology: loopback ? "loopback" : "veth",
    clientTimestamps: params.timestamps,
    serverTimestamps: true,
    bindsBeforeConnect: false,
  });
  if (reuse) {
    const why = `tcp_tw_reuse=${params.twReuse} reuses a TIME_WAIT port ${params.twReuseDelayMs} ms after close`;
    return { holdMs: params.twReuseDelayMs, why, maxTimeWait: Infinity };
  }
  return {
    holdMs: TIME_WAIT_MS,
    why: "this side closes first: TIME_WAIT holds each port ~61 s",
    maxTimeWait: params.maxTwBuckets ?? Infinity,
  };
}

const OPEN_STATES = ["ESTABLISHED", "SYN_SENT", "FIN_WAIT1", "FIN_WAIT2", "CLOSING", "LAST_ACK"] as const;

/** Connection lifetime L by Little's law: connections open now / new connections per second (at least 1 ms). */
export function lifetimeMsOf(states: StateCounts, ratePerSec: number): number {
  const open = OPEN_STATES.reduce((sum, state) => sum + (states[state] ?? 0), 0);
  if (ratePerSec <= 0) return DEFAULT_CONNECTION_LIFETIME_MS;
  return Math.max(DEFAULT_CONNECTION_LIFETIME_MS, (open / ratePerSec) * 1000);
}

/**
 * When each held port frees by itself, in ms from now: a TIME_WAIT entry when its timer ends, or, where
 * tcp_tw_reuse applies, once it is older than the reuse delay. Other sockets are taken to keep their ports.
 */
export function freesInMs(
  connections: ReadonlyMap<number, ConnectionMark>,
  isUsable: (port: number) => boolean,
  hold: PortHold,
): number[] {
  const reuse = hold.holdMs > 0 && hold.holdMs < TIME_WAIT_MS;
  const frees: number[] = [];
  for (const [port, mark] of connections) {
    if (mark.state !== "TIME_WAIT" || !isUsable(port)) continue;
    const ageMs = TIME_WAIT_LEN_MS - mark.timerMs;
    frees.push(reuse ? Math.max(0, Math.min(mark.timerMs, hold.holdMs - ageMs)) : mark.timerMs);
  }
  return frees.sort((a, b) => a - b);
}

export interface OutlookInput {
  /** P: ports connect() may pick for this (source address, destination) pair. */
  readonly usable: number;
  /** Of those, held by this pair's sockets now. */
  readonly inUse: number;
  readonly ratePerSec: number;
  readonly lifetimeMs: number;
  readonly hold: PortHold;
  /** Sorted, ms from now (see freesInMs). */
  readonly freesInMs: readonly number[];
}

export interface Outlook {
  /** P / (L + hold), or more with a TIME_WAIT cap: the model's steady rate for this pair. */
  readonly sustainablePerSec: number;
  /** ms from now until connect() finds no port at this rate; null = holds. */
  readonly exhaustsInMs: number | null;
}

/**
 * The model applied to the table as it is now. New connections arrive at r and each keeps its port for the
 * cycle C = L + hold; the ports held now free when their timers say. Free ports go F + frees(t) − r·t until
 * the first new connections free theirs at C; the first t where they reach 0 is the exhaustion, else it holds.
 * From an empty table this is the model's P / r when r·C > P (constantRateExhaustionMs).
 */
export function portOutlook(input: OutlookInput): Outlook {
  const { usable, ratePerSec: rate, hold } = input;
  const cycleMs = input.lifetimeMs + hold.holdMs;
  const sustainablePerSec = sustainableRateWithTimeWaitCap(
    usable,
    input.lifetimeMs,
    hold.holdMs,
    hold.maxTimeWait,
  );
  let free = usable - input.inUse;
  if (free <= 0) return { sustainablePerSec, exhaustsInMs: 0 }; // the next connect() fails, whatever the rate
  if (rate <= 0) return { sustainablePerSec, exhaustsInMs: null };
  // tcp_max_tw_buckets below the port space drops TIME_WAIT entries past the cap: their ports free at once.
  if (hold.maxTimeWait < usable && rate <= sustainablePerSec)
    return { sustainablePerSec, exhaustsInMs: null };
  const perMs = rate / 1000;
  let t = 0;
  for (const at of input.freesInMs) {
    if (at >= cycleMs) break;
    const zeroAt = t + free / perMs;
    if (zeroAt < at) return { sustainablePerSec, exhaustsInMs: zeroAt };
    free += 1 - perMs * (at - t);
    t = at;
  }
  const zeroAt = t + free / perMs;
  if (zeroAt < cycleMs) return { sustainablePerSec, exhaustsInMs: zeroAt };
  return { sustainablePerSec, exhaustsInMs: null };
}
