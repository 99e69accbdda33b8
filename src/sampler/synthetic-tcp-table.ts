import type { PortRange, StateCounts, TcpState } from "../core/sample.js";
import { TCP_STATES } from "../core/sample.js";

/** A generated /proc/net/tcp table and what a correct parser must find in it. */
export interface SyntheticTcpTable {
  readonly text: Buffer;
  readonly sockets: number;
  readonly expected: { readonly states: StateCounts; readonly portsInUse: number };
}

const HEADER =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
/** The kernel pads every line of /proc/net/tcp to 149 characters plus the newline (TMPSZ 150). */
const LINE_WIDTH = 149;

const hex = (value: number, width: number): string => value.toString(16).toUpperCase().padStart(width, "0");

/**
 * Builds a table in the kernel's format (tcp4_seq_show): mostly TIME_WAIT and ESTABLISHED, a few
 * listeners, ports drawn inside and outside `range` (with repeats), deterministic for a given size.
 */
export function buildSyntheticTcpTable(sockets: number, range: PortRange): SyntheticTcpTable {
  let seed = 0x2545f491;
  const random = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x1_0000_0000;
  };
  const counts: Partial<Record<TcpState, number>> = {};
  const portsInRange = new Set<number>();
  const lines = [HEADER.padEnd(LINE_WIDTH)];
  for (let slot = 0; slot < sockets; slot++) {
    const roll = random();
    const code =
      slot < 4 ? 0x0a : roll < 0.7 ? 0x06 : roll < 0.95 ? 0x01 : 1 + Math.floor(random() * TCP_STATES.length);
    const inRange = random() < 0.9;
    const port = inRange
      ? range.low + Math.floor(random() * (range.high - range.low + 1))
      : Math.floor(random() * 65536);
    const state = TCP_STATES[code - 1] as TcpState;
    counts[state] = (counts[state] ?? 0) + 1;
    if (port >= range.low && port <= range.high) portsInRange.add(port);
    const local = `${hex(0xc6120001, 8)}:${hex(port, 4)}`;
    const remote = code === 0x0a ? "00000000:0000" : `${hex(0xc6120002, 8)}:${hex(80, 4)}`;
    const tail =
      code === 0x06
        ? `00000000:00000000 03:00001726 00000000     0        0 0 3 0000000038ad6550`
        : `00000000:00000000 00:00000000 00000000     0        0 ${10_000 + slot} 1 00000000cb55e44a 20 4 30 10 -1`;
    lines.push(`${String(slot).padStart(4)}: ${local} ${remote} ${hex(code, 2)} ${tail}`.padEnd(LINE_WIDTH));
  }
  return {
    text: Buffer.from(`${lines.join("\n")}\n`, "latin1"),
    sockets,
    expected: { states: counts, portsInUse: portsInRange.size },
  };
}
