import { type PortRange, type StateCounts, TCP_STATES, type TcpState } from "./types.js";

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

/** The kernel's state codes (include/net/tcp_states.h): 0x01 ESTABLISHED … 0x0A LISTEN, 0x0B CLOSING, 0x0C NEW_SYN_RECV. */
export function tcpStateFromCode(code: number): TcpState | null {
  return TCP_STATES[code - 1] ?? null;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return -1;
}

/**
 * Counts states and distinct (address, port) pairs over one or more tables. The bitmaps span all tables, so a
 * port held by both an IPv4 and an IPv4-mapped IPv6 socket of one address counts once.
 */
export class TcpTableAccumulator {
  private readonly countsByCode = new Uint32Array(TCP_STATES.length + 1);
  /** One port bitmap per local address, keyed by the address folded to 32 bits (its last 8 hex digits). */
  private readonly portSeenByAddress = new Map<number, Uint8Array>();
  private distinctPorts = 0;
  private readonly low: number;
  private readonly high: number;
  private readonly perAddress: boolean;

  constructor(range: PortRange | null) {
    this.perAddress = range !== null;
    this.low = range === null ? 0 : range.low;
    this.high = range === null ? 65535 : range.high;
  }

  /** Scans the table bytes once; the header and any malformed or truncated line are skipped. */
  add(table: string | Uint8Array): this {
    const bytes = typeof table === "string" ? Buffer.from(table, "latin1") : table;
    const end = bytes.length;
    let lineStart = 0;
    while (lineStart < end) {
      let lineEnd = bytes.indexOf(NEWLINE, lineStart);
      if (lineEnd === -1) lineEnd = end;
      this.scanLine(bytes, lineStart, lineEnd);
      lineStart = lineEnd + 1;
    }
    return this;
  }

  /** `   12: LOCALHEX:PORT REMOTEHEX:PORT ST ...`: only the local port and the state are decoded. */
  private scanLine(bytes: Uint8Array, start: number, end: number): void {
    let i = start;
    while (i < end && bytes[i] === SPACE) i++;
    if (i >= end || hexValue(bytes[i] as number) < 0) return; // header line or blank
    while (i < end && bytes[i] !== COLON) i++; // slot number
    i++;
    while (i < end && bytes[i] === SPACE) i++;
    // Local address: the last 8 hex digits are the IPv4 address, also of an IPv4-mapped IPv6 one.
    let address = 0;
    while (i < end && bytes[i] !== COLON) {
      address = ((address << 4) | Math.max(0, hexValue(bytes[i] as number))) >>> 0;
      i++;
    }
    i++;
    let port = 0;
    let digits = 0;
    for (let d = i < end ? hexValue(bytes[i] as number) : -1; d >= 0 && digits < 5; ) {
      port = port * 16 + d;
      digits++;
      i++;
      d = i < end ? hexValue(bytes[i] as number) : -1;
    }
    if (digits === 0 || digits > 4 || i >= end || bytes[i] !== SPACE) return;
    i++;
    while (i < end && bytes[i] !== SPACE) i++; // remote address
    while (i < end && bytes[i] === SPACE) i++;
    if (i + 2 > end) return; // truncated before the state
    const high = hexValue(bytes[i] as number);
    const lowNibble = hexValue(bytes[i + 1] as number);
    if (high < 0 || lowNibble < 0) return;
    const code = high * 16 + lowNibble;
    if (code >= 1 && code <= TCP_STATES.length)
      this.countsByCode[code] = (this.countsByCode[code] as number) + 1;
    if (port < this.low || port > this.high) return;
    const key = this.perAddress ? address : 0;
    let seen = this.portSeenByAddress.get(key);
    if (seen === undefined) {
      seen = new Uint8Array(65536);
      this.portSeenByAddress.set(key, seen);
    }
    if (seen[port] === 0) {
      seen[port] = 1;
      this.distinctPorts++;
    }
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

/** Summarizes one /proc/net/tcp or /proc/net/tcp6 table. */
export function summarizeTcpTable(table: string | Uint8Array, range: PortRange | null): TcpTableSummary {
  return new TcpTableAccumulator(range).add(table).result();
}

/** Summarizes tcp and tcp6 together: states summed, distinct ports counted once across both. */
export function summarizeTcpTables(
  tables: ReadonlyArray<string | Uint8Array>,
  range: PortRange | null,
): TcpTableSummary {
  const accumulator = new TcpTableAccumulator(range);
  for (const table of tables) accumulator.add(table);
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
