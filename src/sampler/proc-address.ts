import { endianness } from "node:os";

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
