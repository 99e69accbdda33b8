import {
  type PortRange,
  type StateCounts,
  TCP_STATES,
  type TcpSockets,
  type TcpState,
} from "../core/sample.js";

/** What one /proc/net/tcp{,6} table (or several) says about a host in one instant. */
export interface TcpTableSummary {
  /** Sockets per state; states with no socket are left out. */
  readonly states: StateCounts;
  /**
   * Inside the range: distinct (local address, local port) pairs, since each source address has a port space
   * of its own. With a null range: distinct local ports, whatever the address.
   */
  readonly portsInUse: number;
}

const NEWLINE = 0x0a;
const SPACE = 0x20;
const COLON = 0x3a;
/** tcp4_seq_show pads every line of /proc/net/tcp, the header too, to 149 characters plus the newline. */
const KERNEL_LINE_BYTES = 150;

/** The kernel's state codes (include/net/tcp_states.h): 0x01 ESTABLISHED … 0x0A LISTEN, 0x0B CLOSING, 0x0C NEW_SYN_RECV. */
export function tcpStateFromCode(code: number): TcpState | null {
  return TCP_STATES[code - 1] ?? null;
}

/** Byte → hex digit value, -1 for anything else (a table: this runs for every digit of every line). */
const HEX = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX[digit.toString(16).charCodeAt(0)] = digit;
  HEX[digit.toString(16).toUpperCase().charCodeAt(0)] = digit;
}

/** Four hex digits at `at`, or a negative number when one is not a hex digit. */
function hex4(bytes: Uint8Array, at: number): number {
  const a = HEX[bytes[at] as number] as number;
  const b = HEX[bytes[at + 1] as number] as number;
  const c = HEX[bytes[at + 2] as number] as number;
  const d = HEX[bytes[at + 3] as number] as number;
  return (a | b | c | d) < 0 ? -1 : (a << 12) | (b << 8) | (c << 4) | d;
}

/**
 * Counts states and distinct (address, port) pairs over one or more tables. The bitmaps span all tables, so a
 * port held by both an IPv4 and an IPv4-mapped IPv6 socket of one address counts once.
 */
export class TcpTableAccumulator {
  private readonly countsByCode = new Uint32Array(TCP_STATES.length + 1);
  /** One port bitmap per local address, keyed by the address folded to 32 bits (its last 8 hex digits). */
  private readonly portSeenByAddress = new Map<number, Uint8Array>();
  private lastAddress = -1;
  private lastSeen: Uint8Array | null = null;
  private distinctPorts = 0;
  private readonly low: number;
  private readonly high: number;
  private readonly perAddress: boolean;

  constructor(range: PortRange | null) {
    this.perAddress = range !== null;
    this.low = range === null ? 0 : range.low;
    this.high = range === null ? 65535 : range.high;
  }

  /**
   * Scans the table once; the header and any malformed or truncated line are skipped. A kernel tcp4 table
   * (its header padded to 149 characters) is walked line by line without looking for each newline.
   */
  add(table: string | Uint8Array): this {
    const bytes = typeof table === "string" ? Buffer.from(table, "latin1") : table;
    const end = bytes.length;
    const fixed = end >= KERNEL_LINE_BYTES && bytes[KERNEL_LINE_BYTES - 1] === NEWLINE;
    let lineStart = 0;
    while (lineStart < end) {
      let lineEnd = lineStart + KERNEL_LINE_BYTES - 1;
      if (!fixed || lineEnd >= end || bytes[lineEnd] !== NEWLINE) {
        lineEnd = lineStart;
        while (lineEnd < end && bytes[lineEnd] !== NEWLINE) lineEnd++;
      }
      this.scanLine(bytes, lineStart, lineEnd);
      lineStart = lineEnd + 1;
    }
    return this;
  }

  /**
   * `   12: LOCAL:PORT REMOTE:PORT ST ...` with 8 hex digits per address (tcp) or 32 (tcp6), single spaces:
   * only the local port, the state and (with a range) the local address's last 8 digits are decoded.
   */
  private scanLine(bytes: Uint8Array, start: number, end: number): void {
    let i = start;
    while (i < end && bytes[i] === SPACE) i++;
    const slot = i;
    while (i < end && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x39) i++;
    if (i === slot || i >= end || bytes[i] !== COLON) return; // header line, blank or garbage
    i++;
    while (i < end && bytes[i] === SPACE) i++;
    const local = i;
    const width = bytes[local + 8] === COLON ? 8 : bytes[local + 32] === COLON ? 32 : 0;
    if (width === 0) return;
    const portAt = local + width + 1;
    const remoteColon = portAt + 5 + width;
    const stateAt = remoteColon + 6;
    if (stateAt + 2 > end) return; // truncated before the state
    if (bytes[portAt + 4] !== SPACE || bytes[remoteColon] !== COLON || bytes[stateAt - 1] !== SPACE) return;
    const port = hex4(bytes, portAt);
    const high = HEX[bytes[stateAt] as number] as number;
    const lowNibble = HEX[bytes[stateAt + 1] as number] as number;
    if (port < 0 || (high | lowNibble) < 0) return;
    const inRange = port >= this.low && port <= this.high;
    this.count(
      high * 16 + lowNibble,
      port,
      inRange && this.perAddress ? addressKey(bytes, local + width - 8) : 0,
    );
  }

  /** sock_diag records (sock-diag.ts): `state | port << 8`, then the address's last 32 bits, per socket. */
  addSockets(words: Uint32Array): this {
    for (let i = 0; i + 1 < words.length; i += 2) {
      const first = words[i] as number;
      this.count(first & 0xff, first >>> 8, this.perAddress ? (words[i + 1] as number) : 0);
    }
    return this;
  }

  private count(code: number, port: number, addressKey: number): void {
    if (code >= 1 && code <= TCP_STATES.length)
      this.countsByCode[code] = (this.countsByCode[code] as number) + 1;
    if (port < this.low || port > this.high) return;
    const seen = this.bitmapFor(addressKey);
    if (seen[port] === 0) {
      seen[port] = 1;
      this.distinctPorts++;
    }
  }

  private bitmapFor(key: number): Uint8Array {
    if (key === this.lastAddress && this.lastSeen !== null) return this.lastSeen;
    let seen = this.portSeenByAddress.get(key);
    if (seen === undefined) {
      seen = new Uint8Array(65536);
      this.portSeenByAddress.set(key, seen);
    }
    this.lastAddress = key;
    this.lastSeen = seen;
    return seen;
  }

  result(): TcpTableSummary {
    const states: StateCounts = {};
    for (let code = 1; code <= TCP_STATES.length; code++) {
      const count = this.countsByCode[code] as number;
      if (count > 0) states[TCP_STATES[code - 1] as TcpState] = count;
    }
    return { states, portsInUse: this.distinctPorts };
  }
}

/** The 8 hex digits at `at` as an unsigned 32-bit key (a malformed digit counts as 0). */
function addressKey(bytes: Uint8Array, at: number): number {
  let key = 0;
  for (let digit = 0; digit < 8; digit++)
    key = ((key << 4) | Math.max(0, HEX[bytes[at + digit] as number] as number)) >>> 0;
  return key;
}

/** Summarizes one /proc/net/tcp or /proc/net/tcp6 table. */
export function summarizeTcpTable(table: string | Uint8Array, range: PortRange | null): TcpTableSummary {
  return new TcpTableAccumulator(range).add(table).result();
}

/** Summarizes a host's sockets: tcp and tcp6 tables together (distinct ports counted once across both), or sock_diag records. */
export function summarizeTcpSockets(sockets: TcpSockets, range: PortRange | null): TcpTableSummary {
  const accumulator = new TcpTableAccumulator(range);
  if ("records" in sockets) accumulator.addSockets(sockets.records);
  else for (const table of sockets.tables) accumulator.add(table);
  return accumulator.result();
}

/** Adds state counts (e.g. of two hosts, or of tables summarized apart). */
export function mergeStateCounts(...parts: readonly StateCounts[]): StateCounts {
  const merged: StateCounts = {};
  for (const part of parts) {
    for (const state of TCP_STATES) {
      const count = part[state];
      if (count !== undefined && count > 0) merged[state] = (merged[state] ?? 0) + count;
    }
  }
  return merged;
}
