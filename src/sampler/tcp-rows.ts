import type { TcpState } from "../core/sample.js";
import { decodeProcAddress } from "./proc-address.js";
import { tcpStateFromCode } from "./tcp-table.js";

/**
 * One socket of /proc/net/tcp or tcp6, decoded. The visitor receives the same object for every row (no
 * allocation per socket): copy what it keeps.
 */
export interface TcpRow {
  /** Dotted IPv4, or IPv6 text (RFC 5952); an IPv4-mapped IPv6 address is given as IPv4, as connect() sees it. */
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** null for a code this parser does not know. */
  state: TcpState | null;
  /** Remaining time of the socket's timer in ms (for TIME_WAIT: until it ends); 0 when no timer runs. */
  timerMs: number;
  /** The socket's inode; 0 when it has none (TIME_WAIT, and sockets the application has closed). */
  inode: number;
}

/** The kernel prints the `tm->when` column in clock ticks of USER_HZ, which is 100 on every Linux ABI. */
const MS_PER_CLOCK_TICK = 10;
const NEWLINE = 0x0a;
const SPACE = 0x20;
const COLON = 0x3a;
const FIELDS = 10;

function hexDigit(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return -1;
}

/** The hex number in bytes[from, to), or -1 when empty, too long for a double, or not hex. */
function hexNumber(bytes: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 13) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = hexDigit(bytes[i] as number);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

function decimalNumber(bytes: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const byte = bytes[i] as number;
    if (byte < 0x30 || byte > 0x39) return -1;
    value = value * 10 + byte - 0x30;
  }
  return value;
}

/** Decodes each distinct address once: a table holds few of them. */
class AddressCache {
  private readonly ipv4 = new Map<number, string>();
  private readonly ipv6 = new Map<string, string | null>();

  decode(bytes: Buffer, from: number, to: number): string | null {
    if (to - from === 8) {
      const value = hexNumber(bytes, from, to);
      if (value < 0) return null;
      let address = this.ipv4.get(value);
      if (address === undefined) {
        address = decodeProcAddress(bytes.toString("latin1", from, to)) as string;
        this.ipv4.set(value, address);
      }
      return address;
    }
    if (to - from !== 32) return null;
    const hex = bytes.toString("latin1", from, to);
    let address = this.ipv6.get(hex);
    if (address === undefined) {
      address = decodeProcAddress(hex);
      this.ipv6.set(hex, address);
    }
    return address;
  }
}

/**
 * Calls `visit` for every socket row of a /proc/net/tcp or tcp6 table; the header and malformed or truncated
 * lines are skipped. Columns: `sl local rem st tx:rx tr:tm->when retrnsmt uid timeout inode …`. Scans bytes
 * (no string per line), since a busy machine's table holds tens of thousands of rows.
 */
export function forEachTcpRow(table: string | Uint8Array, visit: (row: TcpRow) => void): void {
  const bytes =
    typeof table === "string"
      ? Buffer.from(table, "latin1")
      : Buffer.from(table.buffer, table.byteOffset, table.byteLength);
  const addresses = new AddressCache();
  const starts = new Int32Array(FIELDS);
  const ends = new Int32Array(FIELDS);
  const row: TcpRow = {
    localAddress: "",
    localPort: 0,
    remoteAddress: "",
    remotePort: 0,
    state: null,
    timerMs: 0,
    inode: 0,
  };
  const end = bytes.length;
  let lineStart = 0;
  while (lineStart < end) {
    let lineEnd = bytes.indexOf(NEWLINE, lineStart);
    if (lineEnd === -1) lineEnd = end;
    // Field boundaries of the first ten columns.
    let field = 0;
    let i = lineStart;
    while (field < FIELDS) {
      while (i < lineEnd && bytes[i] === SPACE) i++;
      if (i >= lineEnd) break;
      starts[field] = i;
      while (i < lineEnd && bytes[i] !== SPACE) i++;
      ends[field] = i;
      field++;
    }
    if (field === FIELDS && parseRow(bytes, starts, ends, addresses, row)) visit(row);
    lineStart = lineEnd + 1;
  }
}

/** `start:end` split at its colon: [before, after) pairs, or -1 without one. */
function colonIn(bytes: Buffer, from: number, to: number): number {
  const colon = bytes.indexOf(COLON, from);
  return colon >= 0 && colon < to ? colon : -1;
}

function parseRow(
  bytes: Buffer,
  starts: Int32Array,
  ends: Int32Array,
  addresses: AddressCache,
  row: TcpRow,
): boolean {
  const slotEnd = (ends[0] as number) - 1;
  if (bytes[slotEnd] !== COLON || decimalNumber(bytes, starts[0] as number, slotEnd) < 0) return false;
  for (const [field, isLocal] of [
    [1, true],
    [2, false],
  ] as const) {
    const from = starts[field] as number;
    const to = ends[field] as number;
    const colon = colonIn(bytes, from, to);
    if (colon < 0 || to - colon - 1 !== 4) return false;
    const address = addresses.decode(bytes, from, colon);
    const port = hexNumber(bytes, colon + 1, to);
    if (address === null || port < 0) return false;
    if (isLocal) {
      row.localAddress = address;
      row.localPort = port;
    } else {
      row.remoteAddress = address;
      row.remotePort = port;
    }
  }
  if ((ends[3] as number) - (starts[3] as number) !== 2) return false;
  const state = hexNumber(bytes, starts[3] as number, ends[3] as number);
  const timerColon = colonIn(bytes, starts[5] as number, ends[5] as number);
  if (state < 0 || timerColon < 0) return false;
  const timerActive = hexNumber(bytes, starts[5] as number, timerColon);
  const ticks = hexNumber(bytes, timerColon + 1, ends[5] as number);
  const inode = decimalNumber(bytes, starts[9] as number, ends[9] as number);
  if (timerActive < 0 || ticks < 0 || inode < 0) return false;
  row.state = tcpStateFromCode(state);
  row.timerMs = timerActive === 0 ? 0 : ticks * MS_PER_CLOCK_TICK;
  row.inode = inode;
  return true;
}
