import { TIME_WAIT_LEN_MS } from "../kernel/model-formulas.js";
import type { Reading } from "./reading.js";
import type { ConnectionMark, DestinationGroup } from "./socket-groups.js";

/** Two TIME_WAIT entries on one 4-tuple whose start times differ by more than this are two connections. */
const SAME_TIME_WAIT_TOLERANCE_MS = 500;

function timeWaitStartMs(mark: ConnectionMark, atMs: number): number {
  return atMs - (TIME_WAIT_LEN_MS - mark.timerMs);
}

/**
 * Whether the connection on a local port in the later reading opened after the earlier reading. A 4-tuple can
 * carry several connections in turn (tcp_tw_reuse takes over a TIME_WAIT one, or the port comes round again
 * once TIME_WAIT ended), so the port alone is not enough: a socket with an inode keeps it for life, and a
 * TIME_WAIT entry has a start time (60 s minus its remaining timer).
 */
export function isNewConnection(
  before: ConnectionMark | undefined,
  beforeAtMs: number,
  after: ConnectionMark,
  afterAtMs: number,
): boolean {
  if (before === undefined) return true;
  const beforeTw = before.state === "TIME_WAIT";
  const afterTw = after.state === "TIME_WAIT";
  if (beforeTw && !afterTw) return true; // TIME_WAIT never becomes anything else: a new connection took over
  if (beforeTw && afterTw) {
    const shift = Math.abs(timeWaitStartMs(after, afterAtMs) - timeWaitStartMs(before, beforeAtMs));
    return shift > SAME_TIME_WAIT_TOLERANCE_MS;
  }
  if (afterTw) return false; // the earlier connection closed since (one that opened and closed between is missed)
  return before.inode !== 0 && after.inode !== 0 && before.inode !== after.inode;
}

/** Connections toward one destination seen in `after` that were not there in `before`. */
export function newConnectionsSeen(
  before: DestinationGroup | undefined,
  beforeAtMs: number,
  after: DestinationGroup,
  afterAtMs: number,
): number {
  let count = 0;
  for (const [port, mark] of after.connections) {
    if (isNewConnection(before?.connections.get(port), beforeAtMs, mark, afterAtMs)) count++;
  }
  return count;
}

export interface RateAttribution {
  readonly seconds: number;
  /** ΔActiveOpens / Δt (or the visible new connections when the counter is unreadable). */
  readonly activeOpensPerSec: number;
  /** New connections per second by destination key. */
  readonly perDestination: ReadonlyMap<string, number>;
  /** Opens the tables showed no trace of (they opened and vanished between the readings). */
  readonly unattributedPerSec: number;
}

/**
 * The rate of new connections by destination. The kernel counts every connect() that sent a SYN (Tcp
 * ActiveOpens) but not where it went, so the count is split by what the tables show: the connections that
 * are new in the later reading, per destination. Each destination gets the total in proportion to its
 * visible new connections. Limits: a connection that opens and disappears between the two readings (the
 * server closed first or an RST ended it, so no TIME_WAIT is left here) is counted by the kernel but seen
 * nowhere; when some destinations keep TIME_WAIT and others do not, the split favours the former, and when
 * nothing new is visible the rate stays unattributed. A connect() that failed for lack of a port sent no
 * SYN, so under exhaustion the rate is the rate that got a port, not the rate asked for.
 */
export function attributeNewConnections(before: Reading, after: Reading): RateAttribution {
  const seconds = Math.max(0.001, (after.atMs - before.atMs) / 1000);
  const seen = new Map<string, number>();
  let seenTotal = 0;
  for (const [key, group] of after.sockets.destinations) {
    const count = newConnectionsSeen(before.sockets.destinations.get(key), before.atMs, group, after.atMs);
    if (count > 0) seen.set(key, count);
    seenTotal += count;
  }
  const counted =
    before.activeOpens !== null && after.activeOpens !== null && after.activeOpens >= before.activeOpens
      ? after.activeOpens - before.activeOpens
      : null;
  // The counter and the tables are read a moment apart, so the visible count may run a little ahead.
  const total = Math.max(counted ?? 0, seenTotal);
  const perDestination = new Map<string, number>();
  for (const [key, count] of seen)
    perDestination.set(key, seenTotal === 0 ? 0 : (total * count) / seenTotal / seconds);
  return {
    seconds,
    activeOpensPerSec: total / seconds,
    perDestination,
    unattributedPerSec: seenTotal === 0 ? total / seconds : 0,
  };
}
