import { endianness } from "node:os";
import { tcpStateFromCode } from "./tcp-table.js";
import type { TcpState } from "./types.js";

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
const littleEndian = endianness() === "LE";

/**
 * The kernel prints each 32-bit word of an address as one hex number of its in-memory value, so on a
 * little-endian machine the bytes of each word come out reversed.
 */
function wordBytes(hex: string, word: number, bytes: number[]): void {
  const value = Number.parseInt(hex.slice(word * 8, word * 8 + 8), 16);
  const ordered = [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
  bytes.push(...(littleEndian ? ordered.reverse() : ordered));
}

function ipv6Text(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  // RFC 5952: the longest run (of two or more) of zero groups becomes "::".
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const text = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((group) => group.toString(16))
      .join(":");
  if (bestStart < 0) return text(0, 8);
  return `${text(0, bestStart)}::${text(bestStart + bestLength, 8)}`;
}

/** Decodes the hex form of /proc/net/tcp (8 digits) or tcp6 (32 digits); null when malformed. */
export function decodeProcAddress(hex: string): string | null {
  if (!/^(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{32})$/.test(hex)) return null;
  const bytes: number[] = [];
  for (let word = 0; word < hex.length / 8; word++) wordBytes(hex, word, bytes);
  if (bytes.length === 4) return bytes.join(".");
  const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12).join(".") : ipv6Text(bytes);
}

/** "1.2.3.4:80", "[::1]:80". */
export function endpointText(address: string, port: number): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

function splitEndpoint(field: string, cache: Map<string, string | null>): [string, number] | null {
  const colon = field.indexOf(":");
  if (colon < 0 || !/^[0-9A-Fa-f]{4}$/.test(field.slice(colon + 1))) return null;
  const hex = field.slice(0, colon);
  let address = cache.get(hex);
  if (address === undefined) {
    address = decodeProcAddress(hex);
    cache.set(hex, address);
  }
  return address === null ? null : [address, Number.parseInt(field.slice(colon + 1), 16)];
}

/**
 * Calls `visit` for every socket row of a /proc/net/tcp or tcp6 table; the header and malformed or truncated
 * lines are skipped. Columns: `sl local rem st tx:rx tr:tm->when retrnsmt uid timeout inode …`.
 */
export function forEachTcpRow(table: string | Uint8Array, visit: (row: TcpRow) => void): void {
  const text = typeof table === "string" ? table : Buffer.from(table).toString("latin1");
  const addresses = new Map<string, string | null>(); // few distinct addresses: decode each once
  const row: TcpRow = {
    localAddress: "",
    localPort: 0,
    remoteAddress: "",
    remotePort: 0,
    state: null,
    timerMs: 0,
    inode: 0,
  };
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || !/^\d+:$/.test(fields[0] as string)) continue;
    const local = splitEndpoint(fields[1] as string, addresses);
    const remote = splitEndpoint(fields[2] as string, addresses);
    const stateCode = fields[3] as string;
    const timer = /^([0-9A-Fa-f]{2}):([0-9A-Fa-f]{8,16})$/.exec(fields[5] as string);
    const inode = fields[9] as string;
    if (local === null || remote === null || !/^[0-9A-Fa-f]{2}$/.test(stateCode) || !timer) continue;
    if (!/^\d+$/.test(inode)) continue;
    [row.localAddress, row.localPort] = local;
    [row.remoteAddress, row.remotePort] = remote;
    row.state = tcpStateFromCode(Number.parseInt(stateCode, 16));
    const timerActive = Number.parseInt(timer[1] as string, 16) !== 0;
    row.timerMs = timerActive ? Number.parseInt(timer[2] as string, 16) * MS_PER_CLOCK_TICK : 0;
    row.inode = Number(inode);
    visit(row);
  }
}
