import { readdir, readFile, readlink } from "node:fs/promises";
import { endianness } from "node:os";

/** One row of /proc/<pid>/net/tcp, enough to tell which sockets listen and who owns them. */
export interface TcpTableRow {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Kernel state number (0x0A LISTEN, 0x06 TIME_WAIT). */
  readonly state: number;
  readonly inode: number;
}

export const TCP_STATE_LISTEN = 0x0a;
export const TCP_STATE_TIME_WAIT = 0x06;

/** Parses /proc/net/tcp text; the kernel prints each IPv4 address as a native-endian 32-bit hex word. */
export function parseTcpTable(text: string, byteOrder: "LE" | "BE" = endianness()): TcpTableRow[] {
  const rows: TcpTableRow[] = [];
  for (const line of text.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [, local, remote, state, , , , , , inode] = fields;
    const localEnd = parseEndpoint(local ?? "", byteOrder);
    const remoteEnd = parseEndpoint(remote ?? "", byteOrder);
    if (!localEnd || !remoteEnd) continue;
    rows.push({
      localAddress: localEnd.address,
      localPort: localEnd.port,
      remoteAddress: remoteEnd.address,
      remotePort: remoteEnd.port,
      state: Number.parseInt(state ?? "", 16),
      inode: Number(inode),
    });
  }
  return rows;
}

function parseEndpoint(text: string, byteOrder: "LE" | "BE"): { address: string; port: number } | null {
  const match = /^([0-9A-Fa-f]{8}):([0-9A-Fa-f]{4})$/.exec(text);
  if (!match) return null;
  const word = Number.parseInt(match[1] ?? "", 16);
  const octets = [word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, (word >>> 24) & 0xff];
  if (byteOrder === "BE") octets.reverse();
  return { address: octets.join("."), port: Number.parseInt(match[2] ?? "", 16) };
}

/** TCP sockets of the network namespace `pid` lives in (IPv4 table). */
export async function readTcpTable(pid: number): Promise<TcpTableRow[]> {
  return parseTcpTable(await readFile(`/proc/${pid}/net/tcp`, "utf8"));
}

/** Inodes of the sockets process `pid` holds open (root can read any process's fd table). */
export async function socketInodesOf(pid: number): Promise<Set<number>> {
  const inodes = new Set<number>();
  const fdDir = `/proc/${pid}/fd`;
  for (const fd of await readdir(fdDir)) {
    const target = await readlink(`${fdDir}/${fd}`).catch(() => "");
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(Number(match[1]));
  }
  return inodes;
}

/** The ports among `ports` on which process `pid` itself holds a LISTEN socket bound to `address`. */
export async function portsListenedBy(
  pid: number,
  address: string,
  ports: readonly number[],
): Promise<Set<number>> {
  const [rows, inodes] = await Promise.all([readTcpTable(pid), socketInodesOf(pid)]);
  const wanted = new Set(ports);
  const listening = new Set<number>();
  for (const row of rows) {
    if (row.state !== TCP_STATE_LISTEN || !wanted.has(row.localPort)) continue;
    if (row.localAddress !== address || !inodes.has(row.inode)) continue;
    listening.add(row.localPort);
  }
  return listening;
}
